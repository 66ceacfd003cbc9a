/**
 * src/lib/render.ts: Markdown → sanitized HTML. Raw HTML passes the check, so the
 * sanitizer is the only thing between a report and a reader's browser.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { defaultConfig } from '../../src/lib/config.ts';
import { parseReport } from '../../src/lib/parse.ts';
import { renderInlineMarkdown, renderMarkdown, renderTree, slugify } from '../../src/lib/render.ts';
import { projectRoot } from '../e2e/project.ts';

const xssPath = join(projectRoot, 'test/fixtures/site/overlay/postmortems/2024-05-02-status-page-html-injection.md');

/** Every start tag in some HTML; escaped text that looks like a tag never matches. */
function startTags(html: string): string[] {
  return [...html.matchAll(/<[a-zA-Z][^>]*>/g)].map((match) => match[0]);
}

describe('sanitizing raw HTML', () => {
  const report = parseReport('postmortems/x.md', readFileSync(xssPath), defaultConfig());
  const html = renderTree(report.tree, { dropLeadingTitle: true });
  const tags = startTags(html);

  test('the fixture report renders, and its harmless text survives', () => {
    expect(report.data?.title).toBe('Status page widget shows raw HTML from a vendor feed');
    expect(html).toContain('xss javascript link');
    expect(html).toContain('<summary>Payload details</summary>');
  });

  test.each(['script', 'iframe', 'svg', 'object', 'embed', 'form', 'button', 'base', 'meta', 'style', 'math', 'mglyph'])(
    'no <%s> element survives',
    (name) => {
      expect(tags.filter((tag) => new RegExp(`^<${name}\\b`, 'i').test(tag))).toEqual([]);
    },
  );

  test.each([
    ['event handlers', /\son[a-z]+\s*=/i],
    ['srcdoc', /\ssrcdoc\s*=/i],
    ['formaction', /\sformaction\s*=/i],
    ['javascript: URLs', /javascript\s*:/i],
    ['data:text/html URLs', /data:text\/html/i],
    ['inline styles', /\sstyle\s*=/i],
  ])('no %s survive in any tag', (_name, pattern) => {
    expect(tags.filter((tag) => pattern.test(tag))).toEqual([]);
  });

  test.each([
    ['a javascript: link', '<a href="javascript:alert(1)">go</a>', '<p><a>go</a></p>'],
    ['an entity-encoded javascript: link', '<a href="&#106;avascript&#58;alert(1)">go</a>', '<p><a>go</a></p>'],
    ['a javascript: link with a tab inside', '<a href="jav&#x09;ascript:alert(1)">go</a>', '<p><a>go</a></p>'],
    ['a mixed-case javascript: link with spaces', '<a href="  JaVaScRiPt:alert(1)">go</a>', '<p><a>go</a></p>'],
    ['a data:text/html link', '<a href="data:text/html,<script>alert(1)</script>">go</a>', '<p><a>go</a></p>'],
    ['an image with onerror', '<img src="https://example.com/x.png" onerror="alert(1)">', '<img src="https://example.com/x.png">'],
    ['a script', '<script>alert(1)</script>', ''],
    ['an iframe with srcdoc', '<iframe srcdoc="<script>alert(1)</script>"></iframe>', ''],
    ['details with ontoggle', '<details open ontoggle="alert(1)"><summary>s</summary>b</details>', '<details open><summary>s</summary>b</details>'],
    ['a button with formaction', '<form><button formaction="javascript:alert(1)">b</button></form>', 'b'],
  ])('%s', (_name, input, expected) => {
    expect(renderMarkdown(input).trim()).toBe(expected);
  });

  test('keeps safe links and images', () => {
    expect(renderMarkdown('[docs](https://example.com/a?b=1) <a href="mailto:ops@example.com">mail</a>').trim()).toBe(
      '<p><a href="https://example.com/a?b=1">docs</a> <a href="mailto:ops@example.com">mail</a></p>',
    );
  });
});

describe('what reports need', () => {
  test('task lists keep their checkboxes, checked state and a label', () => {
    expect(renderMarkdown('- [x] done\n- [ ] todo').trim()).toBe(
      '<ul class="contains-task-list">\n' +
        '<li class="task-list-item"><input type="checkbox" checked disabled aria-label="Task completed"> done</li>\n' +
        '<li class="task-list-item"><input type="checkbox" disabled aria-label="Task completed"> todo</li>\n' +
        '</ul>',
    );
  });

  test('table alignment is kept', () => {
    const html = renderMarkdown('| Time | Event |\n| :-- | --: |\n| 10:00 | x |');
    expect(html).toContain('<th align="left">Time</th>');
    expect(html).toContain('<td align="right">x</td>');
  });

  test('headings get unique ids from their text; ids from raw HTML keep the user-content- prefix', () => {
    const html = renderMarkdown('## Root Cause\n\n## Root Cause\n\n<span id="x">raw</span>');
    expect(html).toContain('<h2 id="root-cause">Root Cause</h2>');
    expect(html).toContain('<h2 id="root-cause-1">Root Cause</h2>');
    expect(html).toContain('<span id="user-content-x">raw</span>');
  });

  test('footnote links point at the prefixed ids they lead to', () => {
    const html = renderMarkdown('Claim[^1].\n\n[^1]: Source.');
    expect(html).toContain('href="#user-content-fn-1" id="user-content-fnref-1"');
    expect(html).toContain('<li id="user-content-fn-1">');
    expect(html).toContain('href="#user-content-fnref-1"');
    expect(html).toContain('aria-describedby="user-content-footnote-label"');
    expect(html).toContain('id="user-content-footnote-label"');
  });

  test('a leading title is dropped and sections move down to the requested level', () => {
    const html = renderMarkdown('# Title\n\n## Overview\n\n### Detail', { dropLeadingTitle: true, topLevel: 3 });
    expect(html).not.toContain('Title');
    expect(html).toContain('<h3 id="overview">Overview</h3>');
    expect(html).toContain('<h4 id="detail">Detail</h4>');
  });

  test('a body whose sections are `#` headings still starts at the requested level', () => {
    const html = renderMarkdown('# Summary\n\ntext\n\n# Timeline', { topLevel: 2 });
    expect(html).toContain('<h2 id="summary">Summary</h2>');
    expect(html).toContain('<h2 id="timeline">Timeline</h2>');
  });

  test('the parsed tree is not modified', () => {
    const report = parseReport('postmortems/x.md', '---\ntitle: t\n---\n# Title\n\n## A\n', defaultConfig());
    const before = JSON.stringify(report.tree);
    renderTree(report.tree, { dropLeadingTitle: true, topLevel: 3 });
    expect(JSON.stringify(report.tree)).toBe(before);
  });

  test('inline Markdown renders without a paragraph', () => {
    expect(renderInlineMarkdown('`repeat_of` names a *report*')).toBe('<code>repeat_of</code> names a <em>report</em>');
  });

  test('slugs are lower case words joined by dashes', () => {
    expect(slugify("What Didn't Go So Well?")).toBe('what-didn-t-go-so-well');
    expect(slugify('Café  déjà vu')).toBe('cafe-deja-vu');
    expect(slugify('!!!')).toBe('');
  });
});
