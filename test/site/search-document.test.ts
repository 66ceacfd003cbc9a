/**
 * src/lib/site/search-document.ts: what the search index holds of a report,
 * made from the stored report alone.
 */
import { describe, expect, test } from 'vitest';
import { report } from '../../src/lib/rules/examples.ts';
import { searchDocument } from '../../src/lib/site/search-document.ts';
import { makeConfig } from '../helpers.ts';
import { siteOf } from './site-of.ts';

const config = makeConfig();

/** The stored report of one file, as the loader stores it. */
function stored(text: string, id = '2024-03-01-api') {
  const stored = siteOf({ [`postmortems/${id}.md`]: text }, { config }).reports.get(id);
  if (!stored) throw new Error(`${id} was not stored`);
  return stored;
}

describe('searchDocument', () => {
  const document = searchDocument(
    stored(
      report({
        title: 'API <down> & "out"',
        extra: 'tags: [deploys, canary]\nfactors: [deploy]\nauthors: [alice, bob]\nreviewers: [carol]\n',
      }),
    ),
    config,
  );

  test("is addressed as the report's page below the site's base, its id percent-encoded", () => {
    expect(document.url).toBe('/postmortems/2024-03-01-api/');
    expect(searchDocument(stored(report(), '2024-03-01-api+db'), config).url).toBe('/postmortems/2024-03-01-api%2Bdb/');
  });

  test('holds the title as the heading and metadata, escaped, and the summary, date and sort as metadata', () => {
    expect(document.html).toContain('<h1 data-pagefind-meta="title">API &lt;down&gt; &amp; &quot;out&quot;</h1>');
    expect(document.html).toContain('<title>API &lt;down&gt; &amp; &quot;out&quot;</title>');
    expect(document.html).toContain('data-pagefind-meta="summary:The API returned errors for every request."');
    expect(document.html).toContain('<time data-pagefind-meta="date:2024-03-01" data-pagefind-sort="date:2024-03-01"></time>');
    expect(document.html).not.toContain('<down>');
  });

  test('gives severity, status, services and tags as filters, and keeps badge words out of the text', () => {
    expect(document.html).toMatch(
      /<div data-pagefind-ignore><span data-pagefind-filter="severity">sev2<\/span><span data-pagefind-filter="status">Reviewed<\/span>/,
    );
    expect(document.html).toContain('<li data-pagefind-filter="service">api</li>');
    expect(document.html).toContain('<li data-pagefind-filter="tag">deploys</li><li data-pagefind-filter="tag">canary</li>');
  });

  test('holds the factors by label, the authors and reviewers, the body, the timeline events and the action items', () => {
    expect(document.html).toContain('<li>Deploy</li>');
    expect(document.html).toContain('<p>alice, bob</p><p>carol</p>');
    // The body as the page renders it, under its own headings.
    expect(document.html).toContain('<h2 id="overview">Overview</h2>');
    expect(document.html).toContain('<p>Rolled back release 42.</p>');
    // The timeline and the action items stand where the report wrote them, as on the page.
    expect(document.html).toMatch(/<h2 id="timeline">Timeline<\/h2>\s*<ul><li>Deploy of release 42 starts.<\/li><li>Error rate alert fires.<\/li>/);
    expect(document.html).toMatch(/<h2 id="action-items">Action Items<\/h2>\s*<ul><li><p>Add a canary stage to deploys<\/p><p>acme\/api#101<\/p><\/li><\/ul>/);
  });

  test("gives an action item's tracker references and owner beside its title", () => {
    const body = `## Overview\n\nThe queue stalled.\n\n## Timeline\n\n- 10:00 Queue stalls.\n\n## Action Items\n\n- [ ] Alert on queue age (@dana): acme/queue#7\n`;
    const html = searchDocument(stored(report({ body })), config).html;
    expect(html).toMatch(/<li><p>Alert on queue age[^<]*<\/p><p>acme\/queue#7 @dana<\/p><\/li>/);
  });

  test('writes action item groups as headings, once per group', () => {
    const body = `## Overview\n\nThe queue stalled.\n\n## Timeline\n\n- 10:00 Queue stalls.\n\n## Action Items\n\n### Detect\n\n- [ ] Alert on queue age: acme/queue#7\n- [ ] Page on stalls: acme/queue#8\n\n### Prevent\n\n- [x] Cap the batch size: acme/queue#9\n`;
    const html = searchDocument(stored(report({ body })), config).html;
    expect(html.match(/<h3>Detect<\/h3>/g)).toHaveLength(1);
    expect(html).toMatch(
      /<h3>Detect<\/h3><ul><li>.*Alert on queue age.*<\/li><li>.*Page on stalls.*<\/li><\/ul><h3>Prevent<\/h3><ul><li>.*Cap the batch size.*<\/li><\/ul>/,
    );
  });

  test('leaves out the check warnings, the links to other reports and raw HTML the page would not run', () => {
    const body = `## Overview\n\nThe queue stalled. <script>alert(1)</script>\n\n## Timeline\n\n- 10:00 Queue stalls.\n\n## Resolution\n\nDone.\n\n## Action Items\n\n- [ ] Alert: acme/queue#7\n`;
    const html = searchDocument(stored(report({ body, extra: 'related: [2023-01-01-older]\n' })), config).html;
    expect(html).not.toContain('<script');
    expect(html).not.toContain('2023-01-01-older');
    expect(html).not.toContain('Unexpected');
  });
});
