/** The site's string escaping (src/lib/site/html.ts), which must read as Astro's templates write. */
import { describe, expect, test } from 'vitest';
import { attribute, escapeHtml } from '../../src/lib/site/html.ts';

describe('escapeHtml', () => {
  test('escapes markup, entities and both quotes, as Astro escapes expressions', () => {
    expect(escapeHtml(`<script>alert("x" & 'y')</script>`)).toBe('&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;');
    expect(escapeHtml('&amp; stays visible as written')).toBe('&amp;amp; stays visible as written');
  });

  test('leaves other text as it is', () => {
    expect(escapeHtml('Login 500s — after a rotation → fixed ✅')).toBe('Login 500s — after a rotation → fixed ✅');
    expect(escapeHtml('')).toBe('');
  });
});

describe('attribute', () => {
  test('writes nothing for undefined and the bare name for an empty value, as Astro does', () => {
    expect(attribute('data-value', undefined)).toBe('');
    expect(attribute('data-value', '')).toBe(' data-value');
  });

  test('quotes a value, escaping what would end it or start an entity', () => {
    expect(attribute('href', '/a?b=1&c="2"')).toBe(' href="/a?b=1&amp;c=&quot;2&quot;"');
    expect(attribute('title', "it's <fine>")).toBe(` title="it's <fine>"`);
  });
});
