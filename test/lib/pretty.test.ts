/**
 * The `--format pretty` layout (src/lib/reporters/pretty.ts): wrapped to the
 * terminal's width, every diagnostic with its position and rule id, causes nested,
 * and `--verbose` docs URLs that are links.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.ts';
import { compareDiagnostics, summarize } from '../../src/lib/check.ts';
import { displayWidth, wrapWords } from '../../src/lib/reporters/layout.ts';
import { formatPretty } from '../../src/lib/reporters/pretty.ts';
import type { Diagnostic } from '../../src/lib/rule.ts';
import { completeBody, report } from '../../src/lib/rules/examples.ts';
import { checkFiles, makeConfig, makeProject } from '../helpers.ts';

const longPath = `postmortems/${'very-long-folder-name/'.repeat(5)}2024-03-01-api-down.md`;
const longUrl = `https://example.com/${'a-very-long-segment/'.repeat(6)}page`;

/** A report with long messages, a cause and notes, checked with every rule. */
function diagnostics(config = makeConfig()): Diagnostic[] {
  const text = report({
    extra: 'tag: [deploys]\n',
    body: completeBody
      .replace('- 10:05 Error rate alert fires.', '- 09:05 Error rate alert fires.\n- [unknown] Cache flushed.')
      .replace('- [ ] Add a canary stage to deploys: acme/api#101', '- [ ] Add a canary stage to deploys'),
  });
  const found = checkFiles({ [longPath]: text, 'postmortems/2024-03-01-api-down.md': text.replace('tag: [deploys]\n', '') }, { config });
  // A message with a word longer than any line: it overflows whole, on a line of its own.
  const first = found[0]!;
  return [...found, { ...first, ruleId: 'link', message: `Unexpected link ${longUrl}, expected something shorter` }].sort(compareDiagnostics);
}

const positionOf = (diagnostic: Diagnostic) =>
  `${diagnostic.place.start.line}:${diagnostic.place.start.column}-${diagnostic.place.end.line}:${diagnostic.place.end.column}`;

describe.each([80, 120])('pretty output at %i columns', (columns) => {
  const found = diagnostics();
  const output = formatPretty([longPath], summarize(2, found), found, { color: false, columns, verbose: true });
  const lines = output.split('\n');

  it('has no line longer than the width but those made of one word that is', () => {
    for (const line of lines) {
      if (displayWidth(line) <= columns) continue;
      // What is left after the indentation and a `line:col-line:col  severity` head is one word: a path or a URL.
      const rest = line.trim().replace(/^\d+:\d+-\d+:\d+\s+(?:error|warning|info)\s+/, '');
      expect(rest, line).not.toMatch(/\s/);
      expect([longPath, longUrl, `${longUrl},`]).toContain(rest);
    }
  });

  it('gives every diagnostic its position and rule id, and its message whole', () => {
    const heads = lines.map((line, index) => [line, index] as const).filter(([line]) => /^ {2}\d+:\d+-\d+:\d+ /.test(line));
    expect(heads).toHaveLength(found.length);
    for (const [position, diagnostic] of found.entries()) {
      const [head, start] = heads[position]!;
      const end = heads[position + 1]?.[1] ?? lines.length;
      const block = lines.slice(start, end);
      expect(head.trim().startsWith(positionOf(diagnostic)), head).toBe(true);
      expect(head).toContain(diagnostic.severity);
      // The message's last line ends with the rule id (alone on it when it did not fit).
      const messageLines = block.slice(0, block.findIndex((line) => /^ {2}\[/.test(line)) === -1 ? undefined : block.findIndex((line) => /^ {2}\[/.test(line)));
      expect(messageLines.at(-1)!.trimEnd().endsWith(diagnostic.ruleId), messageLines.join('\n')).toBe(true);
      const text = messageLines
        .join(' ')
        .replace(/^\s*\S+\s+\S+\s+/, '')
        .replace(new RegExp(`\\s+${diagnostic.ruleId}\\s*$`), '')
        .replace(/\s+/g, ' ');
      expect(text).toBe(diagnostic.message.replace(/\s+/g, ' '));
    }
  });

  it('indents continuation lines under the message', () => {
    const head = lines.find((line) => line.includes('Unexpected key `tag`'))!;
    const column = head.indexOf('Unexpected');
    const next = lines[lines.indexOf(head) + 1]!;
    expect(next.length - next.trimStart().length).toBe(column);
  });

  it('nests causes, names files, ends with the counts', () => {
    expect(output).toMatch(/\n {2}\[cause\]:\n {4}24:3-24:8 {2}info {2}Previous entry `10:00` is here\n/);
    expect(lines).toContain(longPath);
    expect(lines).toContain('postmortems/2024-03-01-api-down.md');
    const { errors, warnings } = summarize(2, found);
    expect(output.endsWith(`\n\n${errors + warnings} messages (✖ ${errors} errors, ⚠ ${warnings} warnings)\n2 files checked\n`)).toBe(true);
  });
});

describe('pretty output', () => {
  it('wraps words, never breaking one', () => {
    expect(wrapWords('aa bb cc dd', 5, 5)).toEqual(['aa bb', 'cc dd']);
    expect(wrapWords(`go ${longUrl} now`, 10, 10)).toEqual(['go', longUrl, 'now']);
    expect(wrapWords('漢字漢字 ab', 8, 8)).toEqual(['漢字漢字', 'ab']);
    expect(displayWidth('漢字')).toBe(4);
    expect(displayWidth('é')).toBe(1);
  });

  it('puts the message under its position on a very narrow terminal', () => {
    const found = diagnostics().slice(0, 1);
    const lines = formatPretty([], summarize(1, found), found, { color: false, columns: 30 }).split('\n');
    expect(lines[1]).toMatch(/^ {2}\d+:\d+-\d+:\d+ {2}error$/);
    expect(lines[2]).toMatch(/^ {4}Unexpected/);
  });

  it('colours only for a terminal that wants it', () => {
    const found = diagnostics();
    expect(formatPretty([], summarize(2, found), found, { color: false })).not.toContain('\u001b');
    expect(formatPretty([], summarize(2, found), found, { color: true })).toContain('\u001b[31merror');
  });

  it("links each rule's page in this package with --verbose until `site.url` is set, then the site's", () => {
    const found = diagnostics();
    const local = formatPretty([], summarize(2, found), found, { color: false, verbose: true });
    const urls = [...local.matchAll(/\[url\]:\n {4}(\S+)/g)].map((match) => match[1]!);
    expect(urls).toHaveLength(found.length);
    for (const url of urls) {
      expect(url).toMatch(/^file:\/\/.*\/docs\/rules\/[a-z-]+\.md$/);
      expect(existsSync(fileURLToPath(url)), url).toBe(true);
    }
    expect(urls).toContain(new URL('../../docs/rules/timeline-order.md', import.meta.url).href);
    const hosted = diagnostics(makeConfig({ site: { url: 'https://acme.github.io', base: '/postmortems/' } }));
    const site = formatPretty([], summarize(2, hosted), hosted, { color: false, verbose: true });
    expect(site).toContain('[url]:\n    https://acme.github.io/postmortems/rules/timeline-order/\n');
  });

  it('takes the width from a terminal, and 80 columns from a pipe', async () => {
    const root = await makeProject({ 'postmortems/2024-03-01-api-down.md': report({ extra: 'tag: [deploys]\n' }) });
    const widths = async (stdout: { isTTY?: boolean; columns?: number }) => {
      let text = '';
      await run(['check'], {
        cwd: root,
        env: { NO_COLOR: '1' },
        stdout: { ...stdout, write: (chunk) => void (text += chunk) },
        stderr: { write: () => {} },
        now: new Date('2024-06-01T00:00:00Z'),
      });
      return Math.max(...text.split('\n').map(displayWidth));
    };
    expect(await widths({})).toBeLessThanOrEqual(80);
    expect(await widths({ isTTY: true, columns: 200 })).toBeGreaterThan(120);
    expect(await widths({ isTTY: true, columns: 120 })).toBeLessThanOrEqual(120);
    expect(await widths({ isTTY: false, columns: 200 })).toBeLessThanOrEqual(80);
  });
});
