/**
 * src/lib/render.ts: Markdown → sanitized HTML. Raw HTML passes the check, so the
 * sanitizer is the only thing between a report and a reader's browser.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { defaultConfig } from '../../src/lib/config.ts';
import { parseReport } from '../../src/lib/parse.ts';
import { isPageId, pageIds, renderInlineMarkdown, renderMarkdown, renderTree, slugify } from '../../src/lib/render.ts';
import { makeConfig } from '../helpers.ts';
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

  test.each(['script', 'iframe', 'svg', 'object', 'embed', 'form', 'button', 'base', 'meta', 'style', 'math', 'mglyph'])('no <%s> element survives', (name) => {
    expect(tags.filter((tag) => new RegExp(`^<${name}\\b`, 'i').test(tag))).toEqual([]);
  });

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

  test("heading ids never take the page's own ids, nor one already in the body, however the text is spelled", () => {
    const html = renderMarkdown('## Main\n\n## MAIN\n\n## Main 1\n\n## Report heading\n\n## Site – search\n\n## User content x\n\n<span id="x">raw</span>');
    expect([...html.matchAll(/<h2 id="([^"]+)"/g)].map((match) => match[1])).toEqual([
      'main-1',
      'main-2',
      'main-1-1',
      'report-heading-1',
      'site-search-1',
      'user-content-x-1',
    ]);
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]!);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(isPageId(id), id).toBe(false);
    // Another page can reserve its own.
    expect(renderMarkdown('## Main', { reservedIds: [] })).toContain('<h2 id="main">Main</h2>');
  });

  test('isPageId covers every id the layouts, components and pages write, and the report page computes none', () => {
    const source = join(projectRoot, 'src');
    const templates = ['layouts', 'components', 'routes'].flatMap((folder) =>
      readdirSync(join(source, folder), { recursive: true, encoding: 'utf8' })
        .filter((name) => name.endsWith('.astro'))
        .map((name) => join(source, folder, name)),
    );
    const written = new Set(templates.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/\bid="([^"{}]+)"/g)].map((match) => match[1]!)));
    expect([...written].filter((id) => !isPageId(id))).toEqual([]);
    expect(pageIds.filter((id) => !written.has(id))).toEqual([]);
    // The report page and what it includes: computed ids there could collide with a heading's, so there must be none.
    const included = new Set<string>();
    const visit = (file: string) => {
      if (included.has(file)) return;
      included.add(file);
      for (const match of readFileSync(file, 'utf8').matchAll(/^import \w+ from '(\.{1,2}\/[^']+\.astro)';$/gm)) visit(join(dirname(file), match[1]!));
    };
    visit(join(source, 'routes/postmortems/[id].astro'));
    expect(included.size).toBeGreaterThan(3);
    for (const file of included) expect(readFileSync(file, 'utf8'), file).not.toMatch(/\bid=\{/);
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

describe('GitHub references in text become links', () => {
  const config = makeConfig({ github: { repository: 'acme/api' } });
  /** Every `href` in some HTML, with the text of its link. */
  const links = (html: string) => [...html.matchAll(/<a href="([^"]*)">([^<]*)<\/a>/g)].map((match) => [match[1], match[2]]);

  test('`owner/repo#123` and, with a default repository, `#123` link to the issue', () => {
    const html = renderMarkdown('Fixed in 2i2c-org/infrastructure#1688, see #12.', { config });
    expect(html).toBe(
      '<p>Fixed in <a href="https://github.com/2i2c-org/infrastructure/issues/1688">2i2c-org/infrastructure#1688</a>, ' +
        'see <a href="https://github.com/acme/api/issues/12">#12</a>.</p>',
    );
  });

  test('without a default repository `#123` stays text; without a config nothing is linked', () => {
    expect(renderMarkdown('see #12 and a/b#3', { config: makeConfig() })).toBe('<p>see #12 and <a href="https://github.com/a/b/issues/3">a/b#3</a></p>');
    expect(renderMarkdown('see #12 and a/b#3')).toBe('<p>see #12 and a/b#3</p>');
  });

  test('the URL is built on `github.url` (GitHub Enterprise)', () => {
    const enterprise = makeConfig({ github: { url: 'https://git.example.com/', repository: 'ops/infra' } });
    expect(links(renderMarkdown('ops/infra#4 and #5', { config: enterprise }))).toEqual([
      ['https://git.example.com/ops/infra/issues/4', 'ops/infra#4'],
      ['https://git.example.com/ops/infra/issues/5', '#5'],
    ]);
  });

  test('links, code, code blocks, paths, anchors and `C#1` are left alone; heading ids are unchanged', () => {
    const markdown = [
      '## Fix a/b#2',
      '',
      '[a/b#1](https://ci.example/1) `a/b#1` <https://github.com/a/b/issues/1> x/a/b#1 page#1 C#1 a/b#1x',
      '',
      '```',
      'a/b#1',
      '```',
    ].join('\n');
    const html = renderMarkdown(markdown, { config });
    expect(html).toContain('<h2 id="fix-a-b-2">Fix <a href="https://github.com/a/b/issues/2">a/b#2</a></h2>');
    expect(links(html)).toEqual([
      ['https://github.com/a/b/issues/2', 'a/b#2'],
      ['https://ci.example/1', 'a/b#1'],
      ['https://github.com/a/b/issues/1', 'https://github.com/a/b/issues/1'],
    ]);
    expect(html).toContain('<code>a/b#1</code>');
    expect(html).toContain('<pre><code>a/b#1\n</code></pre>');
  });

  test('an XSS-looking candidate can only become an https link to an issue', () => {
    const markdown = [
      'javascript:alert(1)/x#1 javascript:a/b#2 "onmouseover=alert(1)"/r#3 data:text/html;x/y#4',
      '<a href="javascript:alert(1)">e/f#5</a> <span title="a/b#6">g/h#7</span>',
    ].join('\n\n');
    const html = renderMarkdown(markdown, { config });
    const hrefs = [...html.matchAll(/\shref="([^"]*)"/g)].map((match) => match[1]);
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/issues\/\d+$/);
    expect(html).not.toMatch(/javascript:[^ <]*"|\son\w+=/i);
    // The raw link lost its href to the sanitizer, and its text is not linked again.
    expect(html).toContain('<a>e/f#5</a>');
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), (before, after) => {
        const rendered = renderMarkdown(`${before}a/b#1${after}`, { config });
        for (const match of rendered.matchAll(/\shref="([^"]*)"/g)) {
          expect(match[1]).toMatch(/^(https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/issues\/\d+|#.*|https?:\/\/.*|mailto:.*)$/);
        }
      }),
    );
  });

  test('a report body rendered for the site links its references', () => {
    const sample = readFileSync(join(projectRoot, 'postmortems/2022-09-07-utoronto-hub-login-500.md'));
    const html = renderTree(parseReport('postmortems/2022-09-07-utoronto-hub-login-500.md', sample, config).tree, { config });
    expect(html).toContain('configuration in <a href="https://github.com/2i2c-org/infrastructure/issues/1688">2i2c-org/infrastructure#1688</a>');
  });
});
