import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import frontmatter from '../../src/lib/rules/frontmatter.ts';
import { report } from '../../src/lib/rules/examples.ts';
import { brief, checkFiles, makeConfig } from '../helpers.ts';

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
    expect(diagnostic!.message).toMatch(/^Missing frontmatter, expected a YAML block/);
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
    expect(check(text).map(brief)).toEqual(['1:1: Missing `status`, expected one of `draft`, `in-review`, `reviewed`, `closed` or `archived`']);
  });

  it('reports an unknown key at the key', () => {
    const text = report({ extra: 'serverity: sev1\n' });
    const [diagnostic] = check(text);
    expect(brief(diagnostic!)).toBe(
      '10:1: Unexpected key `serverity` (did you mean `severity`?), expected one of `title`, `date`, `status`, `severity`, `timezone`, `impact`, `services`, `tags`, `factors`, `authors`, `reviewers`, `repeat_of`, `related`, `resolution_prs`, `watch` or `visibility`',
    );
  });

  it.each([
    ['tag', 'tags'],
    ['servces', 'services'],
    ['repeat-of', 'repeat_of'],
    ['Title', 'title'],
    ['resolution-prs', 'resolution_prs'],
  ])('suggests the key a mistyped one means: %s → %s', (written, meant) => {
    const [diagnostic] = check(report({ extra: `${written}: x\n` }));
    expect(diagnostic!.message).toMatch(new RegExp(`^Unexpected key \`${written}\` \\(did you mean \`${meant}\`\\?\\), expected one of `));
  });

  it('suggests nothing for a key that is not close to any', () => {
    const [diagnostic] = check(report({ extra: 'slack_channel: x\n' }));
    expect(diagnostic!.message).toMatch(/^Unexpected key `slack_channel`, expected one of /);
  });

  it('names the keys a nested mapping accepts, and what a missing nested field holds', () => {
    const text = report({ extra: 'watch:\n  - nam: cert\n    expires: 2024-09-01\n    isue: acme/api#7\n' }).replace(
      '  start: 2024-03-01T10:00',
      '  strat: 2024-03-01T10:00',
    );
    expect(check(text).map(brief)).toEqual([
      "7:3: Missing `impact.start`, expected a time written `YYYY-MM-DDTHH:MM` in the report's `timezone`, optionally with an offset such as `+02:00`",
      '7:3: Unexpected key `strat` in `impact` (did you mean `start`?), expected one of `start`, `end`, `detected` or `mitigated`',
      '11:5: Missing `watch.0.name`, expected what will expire, such as `API signing certificate`',
      '11:5: Unexpected key `nam` in `watch.0` (did you mean `name`?), expected one of `name`, `expires` or `issue`',
      '13:5: Unexpected key `isue` in `watch.0` (did you mean `issue`?), expected one of `name`, `expires` or `issue`',
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

  it('requires an impact window unless the report is a draft or archived', () => {
    const withoutImpact = report().replace(/impact:\n.*\n.*\n/, '');
    expect(check(withoutImpact).map(brief)).toEqual([
      '1:1: Missing `impact`, expected a window with at least `start` (required unless `status: draft` or `status: archived`)',
    ]);
    expect(check(withoutImpact.replace('status: reviewed', 'status: draft'))).toEqual([]);
    expect(check(withoutImpact.replace('status: reviewed', 'status: archived'))).toEqual([]);
  });

  it('stays an error on archived reports: their other fields are still checked', () => {
    const archived = report({ status: 'archived', severity: 'P2 Medium' }).replace(/impact:\n.*\n.*\n/, '');
    const diagnostics = check(archived);
    expect(diagnostics.map((diagnostic) => [diagnostic.severity, brief(diagnostic)])).toEqual([
      ['error', '5:11: Unexpected `P2 Medium` for `severity`, expected one of `sev1`, `sev2`, `sev3` or `sev4`'],
    ]);
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

  it.each([
    ['PDT', 'America/Los_Angeles'],
    ['pst', 'America/Los_Angeles'],
    ['BST', 'Europe/London'],
    ['CET', 'Europe/Paris'],
    ['EST', 'America/New_York'],
    ['Pacific', 'America/Los_Angeles'],
  ])('refuses the abbreviation %s and names the zone it stands for', (zone, iana) => {
    expect(check(report({ extra: `timezone: ${zone}\n` })).map(brief)).toEqual([
      `10:11: Unexpected \`${zone}\` for \`timezone\`, expected an IANA time zone: \`${iana}\` for \`${zone}\`, which also follows its daylight saving time`,
    ]);
  });

  it('refuses an offset written `utc+2` and suggests it as an offset', () => {
    expect(check(report({ extra: 'timezone: utc+2\n' })).map(brief)).toEqual([
      '10:11: Unexpected `utc+2` for `timezone`, expected an IANA time zone such as `Europe/Berlin`, or the offset `+02:00`',
    ]);
  });

  it('refuses an unknown zone with the general advice', () => {
    expect(check(report({ extra: 'timezone: Mars/Olympus\n' })).map(brief)).toEqual([
      '10:11: Unexpected `Mars/Olympus` for `timezone`, expected an IANA time zone such as `UTC` or `America/Toronto`',
    ]);
  });
});

describe('control characters in values', () => {
  it('reports the repro title once, naming the first control character', () => {
    expect(check(report({ title: '"ctl \\x01\\x0b\\x1b[31m \\x00"' })).map(brief)).toEqual([
      '2:8: Unexpected control character `\\u0001` in `title`, expected printable text',
    ]);
  });

  it.each([
    ["a vertical tab (Word's manual line break)", '"a\\vb"', '`\\u000B`'],
    ['an escape written raw', 'a \u001b[31m b', '`\\u001B`'],
    ['a C1 control (one-byte CSI)', '"a\\x9b2J"', '`\\u009B`'],
    ['DEL', '"a\\x7f"', '`\\u007F`'],
    ['a bell in single quotes', "'a \u0007 b'", '`\\u0007`'],
  ])('reports %s', (_kind, title, shown) => {
    expect(check(report({ title })).map(brief)).toEqual([`2:8: Unexpected control character ${shown} in \`title\`, expected printable text`]);
  });

  it('reports lone surrogates and the non-characters XML refuses', () => {
    expect(check(report({ title: '"a \\uD800 b"' })).map(brief)).toEqual(['2:8: Unexpected unpaired surrogate `\\uD800` in `title`, expected printable text']);
    expect(check(report({ title: '"a \\uFFFE"' })).map(brief)).toEqual(['2:8: Unexpected non-character `\\uFFFE` in `title`, expected printable text']);
  });

  it('checks every string: list items, single values, nested mappings', () => {
    const text = report({
      extra: 'tags: ["a\\x01"]\nauthors: "bob\\x02"\nwatch:\n  - name: "cert\\x03"\n    expires: 2024-09-01\n',
    }).replace('services: [api]', 'services: [api, "db\\x04"]');
    expect(check(text).map(brief)).toEqual([
      '9:17: Unexpected control character `\\u0004` in `services.1`, expected printable text',
      '10:8: Unexpected control character `\\u0001` in `tags.0`, expected printable text',
      '11:10: Unexpected control character `\\u0002` in `authors`, expected printable text',
      '13:11: Unexpected control character `\\u0003` in `watch.0.name`, expected printable text',
    ]);
  });

  it('accepts tabs, line breaks, emoji and right-to-left text', () => {
    expect(check(report({ title: '"API\\tdown 🔥 — واجهة"', extra: 'authors: ["a\\nb"]\n' }))).toEqual([]);
  });

  it('gives a value the schema refuses one message, not a second about its control character', () => {
    expect(check(report({ severity: '"sev2\\x01"' })).map(brief)).toEqual([
      '5:11: Unexpected `sev2\\u0001` for `severity`, expected one of `sev1`, `sev2`, `sev3` or `sev4`',
    ]);
  });
});

describe('dates out of the sane range', () => {
  const expected = 'expected a day from `1970-01-01` to `2034-06-01` (`dates` in hindsight.config.yaml sets the range)';

  it.each(['1000-01-01', '9999-12-31', '1969-12-31', '2034-06-02'])('reports `date: %s` without advising a rename', (date) => {
    const diagnostics = checkFiles({ [`postmortems/${date}-api-down.md`]: report({ date }) }, { rule: frontmatter });
    expect(diagnostics.map(brief)).toEqual([
      `3:7: Unexpected \`${date}\` for \`date\`, ${expected}`,
      `7:10: Unexpected \`${date}T10:00\` for \`impact.start\`, ${expected}`,
      `8:8: Unexpected \`${date}T10:42\` for \`impact.end\`, ${expected}`,
    ]);
    const mistyped = checkFiles({ [path]: report().replace('date: 2024-03-01', `date: ${date}`) }, { rule: frontmatter });
    expect(mistyped.map(brief)).toEqual([`3:7: Unexpected \`${date}\` for \`date\`, ${expected}`]);
  });

  it('accepts the bounds themselves', () => {
    for (const date of ['1970-01-01', '2034-06-01']) {
      expect(checkFiles({ [`postmortems/${date}-x.md`]: report({ date }) }, { rule: frontmatter })).toEqual([]);
    }
  });

  it('checks `impact.detected` and `watch` expiries, also when another field is invalid', () => {
    const text = report({ severity: 'critical', extra: 'watch:\n  - name: cert\n    expires: 9999-12-31\n' }).replace(
      'end: 2024-03-01T10:42',
      'end: 2024-03-01T10:42\n  detected: 0999-03-01T10:05+02:00',
    );
    expect(check(text).map(brief)).toEqual([
      '5:11: Unexpected `critical` for `severity`, expected one of `sev1`, `sev2`, `sev3` or `sev4`',
      `9:13: Unexpected \`0999-03-01T10:05+02:00\` for \`impact.detected\`, ${expected}`,
      `13:14: Unexpected \`9999-12-31\` for \`watch.0.expires\`, ${expected}`,
    ]);
  });

  it('follows `dates` in the configuration and the run\'s "now"', () => {
    const config = makeConfig({ dates: { earliest: '2020-01-01', latestYearsAhead: 1 } });
    const options = { rule: frontmatter, config, now: new Date('2024-02-29T12:00:00Z') };
    expect(checkFiles({ 'postmortems/2019-12-31-x.md': report({ date: '2019-12-31' }) }, options).map(brief)[0]).toBe(
      '3:7: Unexpected `2019-12-31` for `date`, expected a day from `2020-01-01` to `2025-02-28` (`dates` in hindsight.config.yaml sets the range)',
    );
    expect(checkFiles({ 'postmortems/2025-02-28-x.md': report({ date: '2025-02-28' }) }, options)).toEqual([]);
  });

  it('leaves a malformed date to the schema', () => {
    expect(check(report().replace('date: 2024-03-01', 'date: 10000-01-01')).map(brief)).toEqual([
      '3:7: Unexpected `10000-01-01` for `date`, expected a date written `YYYY-MM-DD`',
    ]);
  });
});

describe('control characters under unknown keys', () => {
  it("leaves them to the unknown key's message", () => {
    expect(check(report({ extra: 'summary: "a\\x01"\n' })).map(brief)).toEqual([
      '10:1: Unexpected key `summary`, expected one of `title`, `date`, `status`, `severity`, `timezone`, `impact`, `services`, `tags`, `factors`, `authors`, `reviewers`, `repeat_of`, `related`, `resolution_prs`, `watch` or `visibility`',
    ]);
  });
});
