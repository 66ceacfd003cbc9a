import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import frontmatter from '../../src/lib/rules/frontmatter.ts';
import { report } from '../../src/lib/rules/examples.ts';
import { brief, checkFiles } from '../helpers.ts';

const path = 'postmortems/2024-03-01-api-down.md';
const check = (text: string) => checkFiles({ [path]: text }, { rule: frontmatter });

describe('frontmatter', () => {
  it('passes a complete block', () => {
    expect(check(report())).toEqual([]);
  });

  it('reports a missing block at 1:1 with rule id and docs url', () => {
    const [diagnostic, ...rest] = check('# Title\n\nBody\n');
    expect(rest).toEqual([]);
    expect(diagnostic).toMatchObject({
      ruleId: 'frontmatter',
      severity: 'error',
      file: path,
      url: '/rules/frontmatter/',
      place: { start: { line: 1, column: 1 } },
    });
    expect(diagnostic!.message).toMatch(/^Unexpected missing frontmatter, expected a YAML block/);
  });

  it('points at the offending YAML node', () => {
    const text = report({ extra: 'services: 42\n' }).replace('services: [api]\n', '');
    expect(check(text).map(brief)).toEqual(['9:11: Unexpected `42` for `services`, expected a list of the affected services, such as `[api]`']);
  });

  it('accepts a single service instead of a list, like `tags`', () => {
    const text = report({ extra: 'services: api\n' }).replace('services: [api]\n', '');
    expect(check(text)).toEqual([]);
  });

  it('still wants at least one service', () => {
    const text = report({ extra: 'services: []\n' }).replace('services: [api]\n', '');
    expect(check(text).map(brief)).toEqual(['9:11: Unexpected empty list for `services`, expected a list of the affected services, such as `[api]`']);
  });

  it('quotes a value with a line break or a terminal escape on one line', () => {
    const [diagnostic] = check(report({ severity: '"sev\\e[2J\\nfake: line"' }));
    expect(brief(diagnostic!)).toBe('5:11: Unexpected `sev\\u001b[2J\\nfake: line` for `severity`, expected one of `sev1`, `sev2`, `sev3` or `sev4`');
  });

  it('names missing fields at the opening line', () => {
    const text = report().replace(/^status: reviewed\n/m, '');
    expect(check(text).map(brief)).toEqual(['1:1: Unexpected missing field `status`, expected one of `draft`, `in-review`, `reviewed` or `closed`']);
  });

  it('reports an unknown key at the key', () => {
    const text = report({ extra: 'serverity: sev1\n' });
    const [diagnostic] = check(text);
    expect(brief(diagnostic!)).toBe(
      '10:1: Unexpected key `serverity`, expected one of `title`, `date`, `status`, `severity`, `timezone`, `impact`, `services`, `tags`, `authors`, `repeat_of`, `related`, `resolution_prs` or `watch`',
    );
  });

  it('names the keys a nested mapping accepts, and what a missing nested field holds', () => {
    const text = report({ extra: 'watch:\n  - nam: cert\n    expires: 2024-09-01\n    isue: acme/api#7\n' }).replace(
      '  start: 2024-03-01T10:00',
      '  strat: 2024-03-01T10:00',
    );
    expect(check(text).map(brief)).toEqual([
      "7:3: Unexpected missing field `impact.start`, expected a time written `YYYY-MM-DDTHH:MM` in the report's `timezone`, optionally with an offset such as `+02:00`",
      '7:3: Unexpected key `strat` in `impact`, expected one of `start`, `end` or `detected`',
      '11:5: Unexpected missing field `watch.0.name`, expected what will expire, such as `API signing certificate`',
      '11:5: Unexpected key `nam` in `watch.0`, expected one of `name`, `expires` or `issue`',
      '13:5: Unexpected key `isue` in `watch.0`, expected one of `name`, `expires` or `issue`',
    ]);
  });

  it('checks nested values, dates and zones', () => {
    const text = report({ extra: 'timezone: Mars/Olympus\nwatch:\n  - name: cert\n    expires: 2024-02-30\n' });
    expect(check(text).map(brief)).toEqual([
      '10:11: Unexpected `Mars/Olympus` for `timezone`, expected an IANA time zone such as `UTC` or `America/Toronto`',
      '13:14: Unexpected `2024-02-30` for `watch.0.expires`, expected a real calendar date',
    ]);
  });

  it('gives a date or time of the wrong shape one message, not a second about the calendar', () => {
    const text = report({ date: '07/01/2024' }).replace('end: 07/01/2024T10:42', 'end: yesterday');
    expect(check(text).map(brief)).toEqual([
      '3:7: Unexpected `07/01/2024` for `date`, expected a date written `YYYY-MM-DD`',
      '7:10: Unexpected `07/01/2024T10:00` for `impact.start`, expected a time written `YYYY-MM-DDTHH:MM`, optionally with an offset such as `+02:00`',
      '8:8: Unexpected `yesterday` for `impact.end`, expected a time written `YYYY-MM-DDTHH:MM`, optionally with an offset such as `+02:00`',
    ]);
  });

  it('requires an impact window unless the report is a draft', () => {
    const withoutImpact = report().replace(/impact:\n.*\n.*\n/, '');
    expect(check(withoutImpact).map(brief)).toEqual([
      '1:1: Unexpected missing field `impact`, expected an `impact` window with at least `start` (required unless `status: draft`)',
    ]);
    expect(check(withoutImpact.replace('status: reviewed', 'status: draft'))).toEqual([]);
  });

  it('reports YAML syntax errors at their position', () => {
    const text = report({ extra: 'tags: [a, b\n' });
    const [diagnostic, ...rest] = check(text);
    expect(rest).toEqual([]);
    expect(diagnostic!.message).toMatch(/^Unexpected YAML syntax \(.+\), expected valid YAML$/);
    expect(diagnostic!.place.start.line).toBeGreaterThanOrEqual(10);
  });

  it('reports duplicate keys', () => {
    const [diagnostic] = check(report({ extra: 'title: again\n' }));
    expect(diagnostic!.message).toMatch(/^Unexpected YAML syntax \(Map keys must be unique/);
    expect(diagnostic!.place.start.line).toBe(10);
  });

  it('reports an unclosed block', () => {
    const [diagnostic] = check('---\ntitle: x\n\n# Body\n');
    expect(brief(diagnostic!)).toBe('1:1: Unexpected end of file in frontmatter, expected a closing `---` line');
  });

  it('keeps YAML dates as strings (YAML 1.2 core schema)', () => {
    expect(check(report({ extra: 'tags: [2024-01-01]\n' }))).toEqual([]);
  });

  it('reports a date that disagrees with the file name', () => {
    expect(check(report({ date: '2024-03-02' })).map(brief)).toEqual([
      '3:7: Unexpected date `2024-03-02`, expected `2024-03-01` as in the file name `2024-03-01-api-down`; rename the file to `2024-03-02-api-down.md` if the date is right',
    ]);
  });

  it('accepts CRLF line endings and a byte order mark with exact positions', () => {
    const text = '\uFEFF' + report({ severity: 'sev9' }).replace(/\n/g, '\r\n');
    expect(check(text).map(brief)).toEqual(['5:11: Unexpected `sev9` for `severity`, expected one of `sev1`, `sev2`, `sev3` or `sev4`']);
  });

  it.each(['---   ', '---yaml  ', '--- yaml', '---\t'])('points at the node whatever follows the opening %j', (opening) => {
    const text = report({ severity: 'sev9' }).replace(/^---\n/, `${opening}\n`);
    expect(check(text).map(brief)).toEqual(['5:11: Unexpected `sev9` for `severity`, expected one of `sev1`, `sev2`, `sev3` or `sev4`']);
    expect(check(text.replace(/\n/g, '\r\n')).map(brief)).toEqual(['5:11: Unexpected `sev9` for `severity`, expected one of `sev1`, `sev2`, `sev3` or `sev4`']);
  });

  describe('refuses code frontmatter without running it', () => {
    const marker = join(tmpdir(), `hindsight-pwned-${process.pid}`);
    const payload = `{ title: (require('fs').writeFileSync(${JSON.stringify(marker)}, 'x'), 'pwned') }`;
    it.each(['js', 'javascript', 'JS', 'Javascript', 'coffee', 'json'])('---%s', (language) => {
      const diagnostics = check(`---${language}\n${payload}\n---\n\n# Body\n`);
      expect(diagnostics.map(brief)).toEqual([
        `1:1: Unexpected frontmatter language \`${language}\`, expected YAML (\`---\` or \`---yaml\`); code in frontmatter is never run`,
      ]);
      expect(existsSync(marker)).toBe(false);
    });
  });

  it('stops a YAML alias bomb in well under a second', () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let level = 1; level < 10; level++) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    const started = performance.now();
    const diagnostics = check(`---\n${lines.join('\n')}\n---\n\n# Body\n`);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ ruleId: 'frontmatter', place: { start: { line: 1, column: 1 } } });
    expect(diagnostics[0]!.message).toMatch(/^Unexpected YAML that expands too far/);
  });
});

describe('credentials in rejected values', () => {
  it('never quotes a token pasted into a field', async () => {
    const { report: build } = await import('../../src/lib/rules/examples.ts');
    const token = ['gh', 'p_'].join('') + 'Zq3Lw9Xe7Rt2Yu5Io8Pa1Sd4Fg6Hj0Kl3Mn7Bv';
    const diagnostics = checkFiles({ [path]: build({ severity: token, extra: `repeat_of: [${token}]\n` }) });
    expect(diagnostics.length).toBeGreaterThan(0);
    for (const diagnostic of diagnostics) expect(JSON.stringify(diagnostic)).not.toContain(token.slice(4, 14));
  });
});

describe('time zones', () => {
  it.each(['UTC', 'GMT', 'America/Toronto', 'Etc/GMT+5', '+02:00', 'Europe/London'])('accepts %s', (zone) => {
    expect(check(report({ extra: `timezone: ${zone}\n` }))).toEqual([]);
  });

  it.each(['BST', 'CET', 'EST', 'Mars/Olympus', 'utc+2'])('refuses %s with advice', (zone) => {
    expect(check(report({ extra: `timezone: ${zone}\n` })).map(brief)).toEqual([
      `10:11: Unexpected \`${zone}\` for \`timezone\`, expected an IANA time zone such as \`UTC\` or \`America/Toronto\``,
    ]);
  });
});
