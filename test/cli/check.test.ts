import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { InlineCode, Link, Root as MdastRoot, Table } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { completeBody, report } from '../../src/lib/rules/examples.ts';
import { makeProject, runCli } from '../helpers.ts';

const clean = { 'postmortems/2024-03-01-api-down.md': report() };
const broken = {
  'postmortems/2024-03-01-api-down.md': report({ severity: 'sev9' }),
  'postmortems/2024-03-02-db-slow.md': report({ date: '2024-03-02', status: 'draft', body: completeBody.replace('## Timeline', '## Notes') }),
};

describe('hindsight check', () => {
  it('exits 0 on clean reports and says so', async () => {
    const root = await makeProject(clean);
    const result = await runCli(['check'], root);
    expect(result).toEqual({ code: 0, stdout: '✔ 1 file checked: 0 errors, 0 warnings\n', stderr: '' });
  });

  it('exits 1 on errors, with pretty output naming file, line, column and rule', async () => {
    const root = await makeProject(broken);
    const result = await runCli(['check'], root);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('postmortems/2024-03-01-api-down.md');
    expect(result.stdout).toMatch(/5:11-5:15\s+error\s+Unexpected `sev9` for `severity`[^\n]*\n[^\n]*frontmatter\n/);
    expect(result.stdout).toMatch(/warning\s+Missing section `Timeline`[\s\S]*?required-section\n/);
    expect(result.stdout).toContain('2 files checked');
    expect(result.stderr).toBe('');
  });

  it('names the file of a cause that is in another file', async () => {
    const root = await makeProject({ ...clean, 'postmortems/archive/2024-03-01-api-down.md': report() });
    const { stdout } = await runCli(['check'], root);
    expect(stdout).toMatch(/\[cause\]:\n\s+1:1-1:4\s+info\s+First used here \(in postmortems\/2024-03-01-api-down\.md\)/);
  });

  it('prints the documented JSON shape', async () => {
    const root = await makeProject(broken);
    const result = await runCli(['check', '--format', 'json', 'postmortems'], root);
    expect(result.code).toBe(1);
    const output = JSON.parse(result.stdout);
    expect(Object.keys(output)).toEqual(['files', 'errors', 'warnings', 'messages']);
    // The draft's warnings: its review is past due (`review-overdue`), and a section is missing.
    expect(output).toMatchObject({ files: 2, errors: 1, warnings: 2 });
    expect(output.messages[0]).toEqual({
      file: 'postmortems/2024-03-01-api-down.md',
      line: 5,
      column: 11,
      endLine: 5,
      endColumn: 15,
      ruleId: 'frontmatter',
      severity: 'error',
      message: 'Unexpected `sev9` for `severity`, expected one of `sev1`, `sev2`, `sev3` or `sev4`',
      url: '/rules/frontmatter/',
    });
    expect(output.messages.slice(1)).toMatchObject([
      { file: 'postmortems/2024-03-02-db-slow.md', ruleId: 'review-overdue', severity: 'warning' },
      { file: 'postmortems/2024-03-02-db-slow.md', ruleId: 'required-section', severity: 'warning' },
    ]);
  });

  it('prints GitHub annotations by default on Actions and appends a step summary', async () => {
    const root = await makeProject(broken);
    const result = await runCli(['check'], root, { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: 'summary.md' });
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe(
      '::error file=postmortems/2024-03-01-api-down.md,line=5,endLine=5,col=11,endColumn=15,title=hindsight(frontmatter)::Unexpected `sev9` for `severity`, expected one of `sev1`, `sev2`, `sev3` or `sev4`%0A/rules/frontmatter/',
    );
    expect(lines[1]).toMatch(/^::warning file=postmortems\/2024-03-02-db-slow\.md,line=\d+,/);
    expect(lines.at(-1)).toBe('2 files checked: 1 error, 2 warnings');
    const summary = await readFile(join(root, 'summary.md'), 'utf8');
    expect(summary).toContain('### ❌ Hindsight: 2 files checked: 1 error, 2 warnings');
    expect(summary).toContain('| `postmortems/2024-03-01-api-down.md` | 5 | error | [frontmatter](/rules/frontmatter/) |');
  });

  it('escapes annotation properties and data like the actions toolkit', async () => {
    const root = await makeProject({ 'postmortems/a,b:c%.md': '# no frontmatter\n' });
    const result = await runCli(['check', '--format', 'github'], root);
    expect(result.stdout).toContain('::error file=postmortems/a%2Cb%3Ac%25.md,line=1,');
  });

  it('fails on warnings over --max-warnings', async () => {
    const root = await makeProject({ 'postmortems/2024-03-02-db-slow.md': broken['postmortems/2024-03-02-db-slow.md'] });
    expect((await runCli(['check'], root)).code).toBe(0);
    // Two warnings: the review is past due, and a section is missing.
    expect((await runCli(['check', '--max-warnings', '2'], root)).code).toBe(0);
    expect((await runCli(['check', '--max-warnings', '1'], root)).code).toBe(1);
  });

  it.each([
    [['check', '--format', 'xml'], /Unexpected format `xml`, expected `pretty`, `github`, `json` or `github-comment`/],
    [['check', '--max-warnings', 'many'], /Unexpected `--max-warnings many`, expected a whole number/],
    [['check', '--colour'], /Unknown option '--colour'/],
    [['check', 'nowhere'], /Unexpected path `nowhere` that does not exist/],
    [['frobnicate'], /Unexpected command `frobnicate`/],
    [['constructor'], /Unexpected command `constructor`/],
    [['toString'], /Unexpected command `toString`/],
    [['__proto__'], /Unexpected command `__proto__`/],
  ])('exits 2 on usage errors: %j', async (argv, message) => {
    const root = await makeProject(clean);
    const result = await runCli(argv, root);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 on an invalid configuration with a friendly message naming the line of each problem', async () => {
    const root = await makeProject({ ...clean, 'hindsight.config.yaml': 'serverities: [p1]\ntimezone: Nowhere/Land\n' });
    const result = await runCli(['check'], root);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Invalid configuration in hindsight.config.yaml:');
    expect(result.stderr).toContain(
      '- **(top level)** (hindsight.config.yaml:1:1): Unexpected key `serverities` (did you mean `severities`?), expected one of `content`, `severities`,',
    );
    expect(result.stderr).toContain('- **timezone** (hindsight.config.yaml:2:11): Unexpected `Nowhere/Land`, expected an IANA time zone');
  });

  it('exits 2 on a rule id that does not exist instead of ignoring its level', async () => {
    const root = await makeProject({ ...clean, 'hindsight.config.yaml': 'rules:\n  possible-repeats: off\n  secret: error\n' });
    const result = await runCli(['check'], root);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      '- **rules.possible-repeats** (hindsight.config.yaml:2:3): Unexpected rule `possible-repeats` (did you mean `possible-repeat`?), expected one of `file`, `frontmatter`,',
    );
    expect(result.stderr).not.toContain('rules.secret');
    // Reported together with the schema's own problems.
    const both = await runCli(['check'], await makeProject({ ...clean, 'hindsight.config.yaml': 'timezone: Nowhere/Land\nrules: { secrets: off }\n' }));
    expect(both.stderr).toContain('- **timezone** (hindsight.config.yaml:1:11): Unexpected `Nowhere/Land`, expected an IANA time zone');
    expect(both.stderr).toContain('- **rules.secrets** (hindsight.config.yaml:2:10): Unexpected rule `secrets`');
  });

  it('reads the deprecated `github.watchWindowDays` with a warning on stderr, where JSON output stays clean', async () => {
    // Expires in 7 days: inside a window of 7, outside one of 6.
    const watched = { 'postmortems/2024-03-01-api-down.md': report({ extra: 'watch:\n  - name: cert\n    expires: 2024-06-08\n' }) };
    const old = await makeProject({ ...watched, 'hindsight.config.yaml': 'github:\n  watchWindowDays: 7\n' });
    const result = await runCli(['check', '--format', 'json'], old);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ errors: 0, warnings: 1 });
    expect(result.stderr).toBe(
      'hindsight: warning: hindsight.config.yaml:2:3: Unexpected deprecated setting `github.watchWindowDays`, expected `rules: { watch-expiry: { windowDays: 7 } }`: the setting moved there, and the old place still works for now\n',
    );
    const moved = await makeProject({ ...watched, 'hindsight.config.yaml': 'rules:\n  watch-expiry: { windowDays: 6 }\n' });
    expect(await runCli(['check'], moved)).toEqual({ code: 0, stdout: '✔ 1 file checked: 0 errors, 0 warnings\n', stderr: '' });
  });

  it('exits 2 when there is no content folder', async () => {
    const root = await makeProject({ 'README.md': '# nothing\n' });
    const result = await runCli(['check'], root);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Unexpected path `postmortems` that does not exist');
  });

  it('skips files and folders starting with `_` when walking, but checks them when named', async () => {
    const root = await makeProject({ ...clean, 'postmortems/_template.md': '# template\n', 'postmortems/_drafts/x.md': '# x\n' });
    expect(await runCli(['check'], root)).toMatchObject({ code: 0 });
    expect(await runCli(['check', 'postmortems/_template.md'], root)).toMatchObject({ code: 1 });
  });

  it('resolves links from a named file against the whole content folder', async () => {
    const root = await makeProject({
      ...clean,
      'postmortems/2024-03-08-again.md': report({ date: '2024-03-08', extra: 'repeat_of: [2024-03-01-api-down]\n' }),
    });
    const result = await runCli(['check', '--format', 'json', 'postmortems/2024-03-08-again.md'], root);
    expect(JSON.parse(result.stdout)).toMatchObject({ files: 1, errors: 0 });
  });

  it('finds the project from a subfolder: links resolve, paths stay relative to the working directory', async () => {
    const root = await makeProject({
      ...clean,
      'package.json': '{}\n',
      'postmortems/2024-03-08-again.md': report({ date: '2024-03-08', extra: 'repeat_of: [2024-03-01-api-down]\nrelated: [2024-03-01-api-dwn]\n' }),
    });
    const inside = join(root, 'postmortems');
    const named = JSON.parse((await runCli(['check', '--format', 'json', '2024-03-08-again.md'], inside)).stdout);
    expect(named).toMatchObject({ files: 1, errors: 1 });
    expect(named.messages.map((message: { file: string; line: number; ruleId: string }) => [message.file, message.line, message.ruleId])).toEqual([
      ['2024-03-08-again.md', 11, 'reference'],
    ]);
    expect(JSON.parse((await runCli(['check', '--format', 'json'], inside)).stdout)).toMatchObject({ files: 2, errors: 1 });
  });

  it('reads the content folder from the configuration', async () => {
    const root = await makeProject({ 'docs/incidents/2024-03-01-api-down.md': report(), 'hindsight.config.yaml': 'content: docs/incidents\n' });
    expect(JSON.parse((await runCli(['check', '--format', 'json'], root)).stdout)).toMatchObject({ files: 1, errors: 0 });
  });

  it('prints help and version', async () => {
    const root = await makeProject(clean);
    expect(await runCli(['check', '--help'], root)).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage: hindsight check') });
    expect(await runCli(['--version'], root)).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) });
    expect(await runCli([], root)).toMatchObject({ code: 2, stdout: expect.stringContaining('Commands:') });
  });
});

/** The Markdown tree GitHub-flavoured Markdown makes of some text, as remark reads it. */
function markdownTree(text: string): MdastRoot {
  return unified().use(remarkParse).use(remarkGfm).parse(text) as MdastRoot;
}

/** Every node of a Markdown tree. */
function markdownNodes(node: MdastRoot | MdastRoot['children'][number], found: Array<{ type: string }> = []): Array<{ type: string }> {
  found.push(node);
  if ('children' in node) for (const child of node.children) markdownNodes(child as MdastRoot['children'][number], found);
  return found;
}

describe('hindsight check on hostile values and file names', () => {
  it("keeps values from reports out of the step summary's Markdown: no link, bold text, HTML or extra cell comes from them", async () => {
    const values = {
      severity: '"x` **[pwned](https://evil.example)** <img src=x onerror=alert(1)> | `y"',
      extra: 'repeat_of: ["[a](https://evil.example) ``b``"]\n"`**key**` __u__": 1\n',
    };
    const root = await makeProject({
      'postmortems/2024-03-01-api-down.md': report(values),
      'postmortems/a`|b **c** [d](https:evil.example) <i>.md': '# no frontmatter\n',
    });
    await runCli(['check', '--format', 'json'], root, { GITHUB_STEP_SUMMARY: 'summary.md' });
    const summary = await readFile(join(root, 'summary.md'), 'utf8');
    const tree = markdownTree(summary);
    const nodes = markdownNodes(tree);
    expect(nodes.filter((node) => ['strong', 'emphasis', 'delete', 'html', 'image', 'imageReference', 'linkReference'].includes(node.type))).toEqual([]);
    const table = tree.children.find((node) => node.type === 'table') as Table;
    const rows = table.children.slice(1);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const row of rows) {
      expect(row.children).toHaveLength(5);
      // The one link of a row is the rule's docs page, in the Rule column.
      const links = markdownNodes(row as unknown as MdastRoot).filter((node): node is Link => node.type === 'link');
      expect(links.map((link) => link.url)).toEqual([expect.stringMatching(/^\/rules\/[a-z-]+\/$/)]);
      expect(markdownNodes(row.children[3] as unknown as MdastRoot).some((node) => node.type === 'link')).toBe(true);
    }
    const code = nodes.filter((node): node is InlineCode => node.type === 'inlineCode').map((node) => node.value);
    // `literal` shortens long values: the span holds the value's start, as written.
    expect(code).toContain('x` **[pwned](https://evil.example)** <img src=x onerror=ale…');
    expect(code).toContain('[a](https://evil.example) ``b``');
    expect(code).toContain('postmortems/a`|b **c** [d](https:evil.example) <i>.md');
    expect(code).toContain('`**key**` __u__');
  });

  it('prints file names escaped in pretty output, so none moves the cursor or starts a workflow command', async () => {
    const root = await makeProject({
      'postmortems/::error file=x,line=1::pwned.md': '# no frontmatter\n',
      'postmortems/\u001b[2J\u001b[31mred.md': '# no frontmatter\n',
    });
    for (const argv of [['check'], ['check', '--verbose'], ['check', '--format', 'github']]) {
      // From the content folder, paths start each file's line.
      const result = await runCli(argv, join(root, 'postmortems'));
      expect(result.code).toBe(1);
      expect(result.stdout).not.toContain('\u001b');
      const lines = result.stdout.split('\n');
      if (argv.includes('github')) {
        // Only the annotations themselves are workflow commands, one per diagnostic (the `file` rule refuses
        // each of the two names too), each naming its file escaped.
        const commands = lines.filter((line) => line.trimStart().startsWith('::'));
        expect(commands).toHaveLength(14);
        for (const line of commands)
          expect(line).toMatch(/^::error file=(?:\\u003a%3Aerror file=x%2Cline=1%3A%3Apwned\.md|\\u001b\[2J\\u001b\[31mred\.md),line=1,/);
      } else {
        expect(lines.filter((line) => line.trimStart().startsWith('::'))).toEqual([]);
        expect(result.stdout).toContain('\\u003a:error file=x,line=1::pwned.md');
        expect(result.stdout).toContain('\\u001b[2J\\u001b[31mred.md');
      }
    }
  });

  it('refuses a `site.url` that is not a web address with exit 2 and a message, not an internal error', async () => {
    const root = await makeProject({ ...clean, 'hindsight.config.yaml': 'site: { url: "mailto:a@b" }\n' });
    const result = await runCli(['check', '--format', 'json'], root);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      '- **site.url** (hindsight.config.yaml:1:14): Unexpected `mailto:a@b`, expected an `http://` or `https://` URL such as `https://acme.github.io`',
    );
    expect(result.stderr).not.toMatch(/internal/i);
  });
});
