/**
 * The pull request comment's Markdown (`check --format github-comment`): the
 * founding incident's earlier report and open actions in front of the reviewers,
 * values that stay text, and a size GitHub accepts. The Markdown is read back with
 * remark (remark-gfm, as GitHub reads tables) to see what a reader would get.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Nodes, Root, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { checkReports, summarize } from '../../src/lib/check.ts';
import { lookupFromRecord } from '../../src/lib/issue-state.ts';
import {
  commentMarker,
  formatGithubComment,
  formatNothingChangedComment,
  githubCommentLimit,
  updateOnlyMarker,
  type CommentLinks,
  type GithubCommentInput,
} from '../../src/lib/reporters/github-comment.ts';
import type { Diagnostic } from '../../src/lib/rule.ts';
import { report } from '../../src/lib/rules/examples.ts';
import { makeConfig, parseFiles } from '../helpers.ts';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const earlierPath = 'postmortems/2022-08-31-utoronto-azuread-secret-expired.md';
const repeatPath = 'postmortems/2022-09-07-utoronto-hub-login-500.md';
const samples = Object.fromEntries(
  await Promise.all([earlierPath, repeatPath].map(async (path) => [path, await readFile(join(projectRoot, path), 'utf8')] as const)),
);
const now = new Date('2024-06-01T00:00:00Z');
const sha = '6dcb09b5b57875f334f61aebed695e2e4193db5e';
const links: CommentLinks = {
  files: { repositoryUrl: 'https://github.com/acme/postmortems', sha, directory: '' },
  runUrl: 'https://github.com/acme/postmortems/actions/runs/42',
};

/** The comment for `files`, checking `targets`, as `check --format github-comment` builds it. */
function comment(files: Record<string, string>, targets: string[], extra: Partial<GithubCommentInput> = {}): string {
  const config = extra.config ?? makeConfig();
  const reports = parseFiles(files, config);
  const diagnostics = checkReports(reports, config, { targets: new Set(targets), now, ...(extra.github ? { github: extra.github } : {}) });
  return formatGithubComment({ reports, targets, diagnostics, summary: summarize(targets.length, diagnostics), config, now, links, ...extra });
}

const parser = unified().use(remarkParse).use(remarkGfm);

/** Every node of the Markdown as remark reads it, with the `####` section each sits in. */
function nodesOf(markdown: string): { node: Nodes; section: string }[] {
  const tree = parser.parse(markdown) as Root;
  const found: { node: Nodes; section: string }[] = [];
  let section = '';
  const visit = (node: Nodes) => {
    if (node.type === 'heading') section = toString(node);
    found.push({ node, section });
    if ('children' in node) for (const child of node.children) visit(child as Nodes);
  };
  visit(tree);
  return found;
}

/** The text of a section's table, one string per row, cells joined by ` | `. */
function tableRows(markdown: string, heading: string): string[] {
  const table = nodesOf(markdown).find(({ node, section }) => node.type === 'table' && section === heading)?.node as Table | undefined;
  return (table?.children.slice(1) ?? []).map((row) => row.children.map((cell) => toString(cell)).join(' | '));
}

describe('the comment for the founding incident', () => {
  const markdown = comment(samples, [repeatPath]);

  it('starts with the hidden marker and the verdict', () => {
    expect(markdown.split('\n').slice(0, 2)).toEqual([commentMarker, '### ⚠️ Hindsight: 1 file checked: 0 errors, 3 warnings']);
  });

  it('names the earlier incident and its open action items, and not the done one', () => {
    const rows = tableRows(markdown, 'Earlier reports');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(
      /^2022-09-07-utoronto-hub-login-500 \| 2022-08-31-utoronto-azuread-secret-expired: UToronto hub logins fail after the AzureAD client secret expired \(2022-08-31\) \| repeat_of \| /,
    );
    expect(rows[0]).toContain(
      'Commit the new secret to the encrypted hub configuration so the next deploy keeps it · 2i2c-org/infrastructure#1651 · owner @\u2060bob · due 2022-09-02 (overdue, 637 days ago)',
    );
    expect(rows[1]).toBe(' |  |  | Alert a month before any hub credential expires · 2i2c-org/infrastructure#1652 · owner @\u2060alice');
    expect(markdown).not.toContain('Rotate the AzureAD client secret');
    // The issue links point at the issues.
    expect(markdown).toContain('[2i2c\\-org\\/infrastructure\\#1651](https://github.com/2i2c-org/infrastructure/issues/1651)');
  });

  it('links each problem to its line at the head commit', () => {
    const rows = tableRows(markdown, 'Problems');
    expect(rows).toEqual([
      expect.stringMatching(
        /^⚠️ warning \| postmortems\/2022-09-07-utoronto-hub-login-500\.md:14 \| prior-open-actions \| Unexpected open action item Commit the new secret/,
      ),
      expect.stringMatching(/:14 \| prior-open-actions \| Unexpected open action item Alert a month/),
      expect.stringMatching(/:18 \| watch-expiry \| Unexpected expired UToronto AzureAD client secret/),
    ]);
    expect(markdown).toContain(`(https://github.com/acme/postmortems/blob/${sha}/postmortems/2022-09-07-utoronto-hub-login-500.md?plain=1#L18)`);
  });

  it('lists the expired watch entry and the overdue items of the service', () => {
    expect(tableRows(markdown, 'Coming up')).toEqual([
      expect.stringMatching(/^2022-09-02 \(637 days ago\) \| Overdue: Commit the new secret .* \| 2022-08-31-utoronto-azuread-secret-expired: /),
      expect.stringMatching(/^2022-10-15 \(594 days ago\) \| Overdue: Fail the deploy when/),
      expect.stringMatching(/^2023-08-01 \(304 days ago\) \| Overdue: Make sure we catch the next expiry/),
      expect.stringMatching(
        /^2023-08-30 \(275 days ago\) \| Expired: UToronto AzureAD client secret \| 2022-09-07-utoronto-hub-login-500: .* \| 2i2c-org\/infrastructure#1694$/,
      ),
    ]);
    expect(markdown).toContain('For `utoronto-hub`: `watch` entries, reviews and open action items due within 30 days, or already past.');
  });

  it('lists the review deadline of a report of the service awaiting review, with its reviewers', () => {
    // A draft of the same service, dated 2024-05-30: a sev2 report is due for review 10 days later, on 2024-06-09.
    const draftPath = 'postmortems/2024-05-30-utoronto-hub-slow.md';
    const draft = report({ date: '2024-05-30', status: 'draft', severity: 'sev2', extra: 'services: [utoronto-hub]\nreviewers: [carol]\n' }).replace(
      /^services: .*\n/m,
      '',
    );
    const overdue = report({ date: '2024-05-01', status: 'in-review', severity: 'sev1', extra: 'services: [utoronto-hub]\n' }).replace(/^services: .*\n/m, '');
    const files = { ...samples, [draftPath]: draft, 'postmortems/2024-05-01-utoronto-hub-down.md': overdue };
    const rows = tableRows(comment(files, [repeatPath]), 'Coming up');
    expect(rows).toContainEqual(
      expect.stringMatching(
        /^2024-05-06 \(26 days ago\) \| Review overdue \(sev1: 5 days after the incident\) \| 2024-05-01-utoronto-hub-down: .* \| no reviewers$/,
      ),
    );
    expect(rows).toContainEqual(
      expect.stringMatching(
        /^2024-06-09 \(in 8 days\) \| Review due \(sev2: 10 days after the incident\) \| 2024-05-30-utoronto-hub-slow: .* \| reviewers @\u2060carol$/,
      ),
    );
    // The reviewed reports of the service have no deadline left.
    expect(rows.filter((row) => row.includes('Review'))).toHaveLength(2);
  });

  it('leaves an archived report’s items out of what is due, and keeps them as what a repeat should read', () => {
    const archived = { ...samples, [earlierPath]: samples[earlierPath]!.replace(/^status: .*$/m, 'status: archived') };
    const withArchive = comment(archived, [repeatPath]);
    // The archived report's item due 2022-09-02 is gone; the repeat's own items stay.
    expect(tableRows(withArchive, 'Coming up')).toEqual([
      expect.stringMatching(/^2022-10-15 \(594 days ago\) \| Overdue: Fail the deploy when/),
      expect.stringMatching(/^2023-08-01 \(304 days ago\) \| Overdue: Make sure we catch the next expiry/),
      expect.stringMatching(/^2023-08-30 \(275 days ago\) \| Expired: UToronto AzureAD client secret/),
    ]);
    expect(tableRows(withArchive, 'Earlier reports')[0]).toContain('Commit the new secret to the encrypted hub configuration');
  });

  it('uses GitHub state where known: a closed issue is no longer open, an open one says so', () => {
    const github = lookupFromRecord({
      '2i2c-org/infrastructure#1651': 'closed',
      '2i2c-org/infrastructure#1652': 'open',
      '2i2c-org/infrastructure#1694': 'closed',
    });
    const known = comment(samples, [repeatPath], { github });
    const rows = tableRows(known, 'Earlier reports');
    expect(rows).toEqual([expect.stringMatching(/\| Alert a month before any hub credential expires · 2i2c-org\/infrastructure#1652 \(open\) · owner/)]);
    // The renewal issue is closed: the expired entry was dealt with.
    expect(tableRows(known, 'Coming up').some((row) => row.includes('Expired'))).toBe(false);
  });

  it('marks an item the new report carries over', () => {
    const carried = samples[repeatPath]!.replace(
      '- [ ] Deploy credentials only through CI',
      '- [ ] Finish committing the secret: 2i2c-org/infrastructure#1651\n- [ ] Deploy credentials only through CI',
    );
    const rows = tableRows(comment({ ...samples, [repeatPath]: carried }, [repeatPath]), 'Earlier reports');
    expect(rows[0]).toContain('· carried over into this report');
    expect(rows[1]).not.toContain('carried over');
  });

  it('names a report that reads like the checked one but is not linked', () => {
    const unlinked = samples[repeatPath]!.replace('repeat_of: [2022-08-31-utoronto-azuread-secret-expired]\n', '');
    const rows = tableRows(comment({ ...samples, [repeatPath]: unlinked }, [repeatPath]), 'Earlier reports');
    expect(rows[0]).toMatch(/\| reads like it \(similarity 0\.\d\d\), not linked \| Commit the new secret/);
    const off = comment({ ...samples, [repeatPath]: unlinked }, [repeatPath], { config: makeConfig({ rules: { 'possible-repeat': 'off' } }) });
    expect(off).toContain('The checked reports link no other report, and read like none.');
  });

  it('has no line links when the head commit is unknown', () => {
    const plain = comment(samples, [repeatPath], { links: {} });
    expect(plain).not.toContain('/blob/');
    expect(plain).toContain('postmortems\\/2022\\-09\\-07\\-utoronto\\-hub\\-login\\-500\\.md\\:14');
  });

  it('says so, marked update-only, when no report changed', () => {
    expect(formatNothingChangedComment('origin/main (1a2b3c4)')).toBe(
      `${commentMarker}\n${updateOnlyMarker}\n### ✅ Hindsight: no reports changed\n\nNo report changed since origin\\/main \\(1a2b3c4\\): nothing to check.\n`,
    );
  });
});

describe('values from reports stay text', () => {
  const hostile =
    'Login `down` | again <script>alert(1)</script> ](javascript:alert(1)) **bold** @everyone <!-- x --> https://evil.example www.evil.example mail@evil.example';
  const earlier = report({
    title: JSON.stringify(hostile),
    date: '2024-05-01',
    body: report()
      .split('---\n\n')[1]!
      .replace(
        '- [ ] Add a canary stage to deploys: acme/api#101',
        '- [ ] Fix <img src=x onerror=alert(1)> [click](javascript:alert(1)) **now** | pipe `co|de` @security-team: acme/api#101',
      ),
  });
  const files = {
    'postmortems/2024-05-01-earlier.md': earlier,
    'postmortems/2024-05-20-x](javascript:alert(1)).md': report({
      date: '2024-05-20',
      extra: 'repeat_of: [2024-05-01-earlier]\nwatch:\n  - { name: "<b>cert</b> | `x`", expires: 2024-06-10 }\n',
    }),
  };
  const targets = ['postmortems/2024-05-20-x](javascript:alert(1)).md'];
  const markdown = comment(files, targets);
  const nodes = nodesOf(markdown);

  it('writes no HTML but the marker, no emphasis but its own, and only links it built', () => {
    expect(nodes.filter(({ node }) => node.type === 'html').map(({ node }) => (node as { value: string }).value)).toEqual([commentMarker]);
    // `**bold**` in a title stays asterisks; the comment's own bold words are the only ones.
    for (const { node } of nodes) if (node.type === 'strong') expect(['overdue', 'Overdue', 'Expired']).toContain(toString(node));
    expect(markdown).toContain('\\*\\*bold\\*\\*');
    expect(nodes.filter(({ node }) => node.type === 'emphasis').map(({ node }) => toString(node))).toEqual([
      'Hindsight updates this comment on every push to the pull request.',
    ]);
    const urls = nodes.filter(({ node }) => node.type === 'link').map(({ node }) => (node as { url: string }).url);
    expect(urls.length).toBeGreaterThan(3);
    for (const url of urls) expect(url).toMatch(/^https:\/\/github\.com\/(acme\/postmortems\/(blob|actions)|acme\/api\/issues\/101$)/);
    expect(nodes.some(({ node }) => node.type === 'image')).toBe(false);
  });

  it('shows each value as it is written, in cells that stay four', () => {
    const text = toString(parser.parse(markdown));
    expect(text).toContain(
      `2024-05-01-earlier: Login down | again <script>alert(1)</script> ](javascript:alert(1)) **bold** @\u2060everyone <!-- x --> https:\u2060//evil.example www\u2060.evil.example mail@\u2060evil.example (2024-05-01)`,
    );
    // An item's text is the report's own Markdown read as text (its link and bold were the author's), then escaped.
    expect(text).toContain('Fix <img src=x onerror=alert(1)> click now | pipe co|de');
    expect(text).toContain('Expires: <b>cert</b> | x');
    // The file name with `](javascript:` is a link's text, its URL encoded.
    expect(markdown).toContain(`/blob/${sha}/postmortems/2024-05-20-x%5D%28javascript%3Aalert%281%29%29.md?plain=1`);
    for (const { node } of nodes) if (node.type === 'tableRow') expect(node.children).toHaveLength(4);
    // A mention in a value never reaches GitHub as one.
    expect(markdown).not.toMatch(/(^|[^\\])@(everyone|security-team)/);
  });

  it('masks credentials', () => {
    const secret = 'ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789';
    const leaky = { ...files, 'postmortems/2024-05-01-earlier.md': earlier.replace('Login `down`', `Login ${secret}`) };
    const masked = comment(leaky, targets);
    expect(masked).not.toContain(secret);
    expect(masked).not.toContain(secret.slice(0, 20));
  });
});

describe('the size of the comment', () => {
  const reports = parseFiles(samples);
  const config = makeConfig();
  const many = (count: number): Diagnostic[] =>
    Array.from({ length: count }, (_, index) => ({
      file: repeatPath,
      ruleId: 'empty-section',
      severity: 'error' as const,
      url: 'https://acme.github.io/postmortems/rules/empty-section/',
      message: `Unexpected empty section number ${index} ${'with a long explanation '.repeat(20)}, expected content`,
      place: { start: { line: index + 1, column: 1 }, end: { line: index + 1, column: 5 } },
    }));

  it("stays under GitHub's limit, says how many problems are left out, and keeps the other sections", () => {
    const diagnostics = many(2_000);
    const markdown = formatGithubComment({ reports, targets: [repeatPath], diagnostics, summary: summarize(1, diagnostics), config, now, links });
    expect(markdown.length).toBeLessThanOrEqual(githubCommentLimit);
    expect(markdown.length).toBeGreaterThan(githubCommentLimit - 6_000);
    const shown = tableRows(markdown, 'Problems').length;
    expect(shown).toBeGreaterThan(50);
    expect(markdown).toContain(
      `…and ${2_000 - shown} more problems, left out to keep this comment within GitHub's size limit: see [the workflow run](https://github.com/acme/postmortems/actions/runs/42) and \`hindsight check\`.`,
    );
    expect(tableRows(markdown, 'Earlier reports')).toHaveLength(2);
    expect(tableRows(markdown, 'Coming up')).toHaveLength(4);
  });

  it('fits a smaller limit too, cutting every section', () => {
    const diagnostics = many(40);
    const markdown = formatGithubComment({
      reports,
      targets: [repeatPath],
      diagnostics,
      summary: summarize(1, diagnostics),
      config,
      now,
      links,
      maxLength: 4_000,
    });
    expect(markdown.length).toBeLessThanOrEqual(4_000);
    expect(markdown).toMatch(/…and \d+ more problems/);
    expect(markdown).toMatch(/#### Earlier reports/);
    expect(markdown).toMatch(/#### Coming up/);
    const unlinked = formatGithubComment({ reports, targets: [repeatPath], diagnostics, summary: summarize(1, diagnostics), config, now, maxLength: 4_000 });
    expect(unlinked).toMatch(/…and \d+ more problems, left out to keep this comment within GitHub's size limit: run `hindsight check` to see them\./);
  });
});
