import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Root } from 'mdast';
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../src/lib/parse.ts';
import { completeBody, report } from '../../src/lib/rules/examples.ts';
import secret, { findSecrets, syntheticToken } from '../../src/lib/rules/secret.ts';
import { brief, checkFiles, makeConfig, makeProject, runCli } from '../helpers.ts';
import { secretSamples, type SecretSample } from '../fixtures/secrets/samples.ts';

const path = 'postmortems/2024-03-01-api-down.md';
const check = (text: string) => checkFiles({ [path]: text }, { rule: secret });
/** The example report with `extra` appended to the Resolution section, whose text is on line 30. */
const withResolution = (extra: string, fields: Parameters<typeof report>[0] = {}) =>
  report({ ...fields, body: completeBody.replace('Rolled back release 42.', `Rolled back release 42.\n\n${extra}`) });

/** The 1-based line and column of the secret in `sample.line` once it sits on line 32. */
function expectedStart(sample: SecretSample) {
  return { line: 32, column: sample.line.indexOf(sample.secret) + 1 };
}

describe('secret', () => {
  it.each(secretSamples.map((sample) => [sample.name, sample] as const))('reports a %s at its exact place', (_name, sample) => {
    const diagnostics = check(withResolution(sample.line));
    expect(diagnostics).toHaveLength(1);
    const [diagnostic] = diagnostics;
    expect(diagnostic).toMatchObject({ ruleId: 'secret', severity: 'error', file: path, url: '/rules/secret/' });
    expect(diagnostic!.place.start).toMatchObject(expectedStart(sample));
    const lines = sample.secret.split('\n');
    expect(diagnostic!.place.end).toMatchObject({
      line: 32 + lines.length - 1,
      column: lines.length === 1 ? expectedStart(sample).column + sample.secret.length : lines.at(-1)!.length + 1,
    });
    expect(diagnostic!.message).toBe(`Unexpected ${sample.label} \`${sample.excerpt}\`, expected no credentials in a report (revoke it, then remove it)`);
    expect(JSON.stringify(diagnostic)).not.toContain(
      sample.secret
        .replace(/-----[A-Z ]+-----/g, '')
        .trim()
        .slice(-12),
    );
  });

  describe('looks everywhere in the file', () => {
    const token = ['gh', 'p_', syntheticToken(36, 21)].join('');

    it('in prose and inline code', () => {
      expect(check(withResolution(`The token ${token} and \`${token}\` leaked.`)).map(brief)).toEqual([
        '32:11: Unexpected GitHub personal access token `ghp_…`, expected no credentials in a report (revoke it, then remove it)',
        '32:57: Unexpected GitHub personal access token `ghp_…`, expected no credentials in a report (revoke it, then remove it)',
      ]);
    });

    it('in a fenced code block', () => {
      expect(check(withResolution(`\`\`\`sh\ngit push https://${token}@github.com/acme/api\n\`\`\``)).map(brief)).toEqual([
        '33:18: Unexpected GitHub personal access token `ghp_…`, expected no credentials in a report (revoke it, then remove it)',
      ]);
    });

    it('in a link URL and in HTML', () => {
      const text = withResolution(`See [the logs](https://logs.example.com/?t=${token}).\n\n<a href="https://ci.example.com/?t=${token}">CI</a>`);
      expect(check(text).map((diagnostic) => [diagnostic.place.start.line, diagnostic.place.start.column])).toEqual([
        [32, 44],
        [34, 36],
      ]);
    });

    it('in the frontmatter', () => {
      const text = report({ extra: `related: [https://x-access-token:${token}@github.com/acme/api/issues/7]\ntags: [deploy, ${token}]\n` });
      expect(check(text).map(brief)).toEqual([
        '10:34: Unexpected GitHub personal access token `ghp_…`, expected no credentials in a report (revoke it, then remove it)',
        '11:16: Unexpected GitHub personal access token `ghp_…`, expected no credentials in a report (revoke it, then remove it)',
      ]);
    });

    it('in an HTML comment, where nobody reviewing the rendered page sees it', () => {
      const password = syntheticToken(16, 22);
      expect(check(withResolution(`<!-- staging: postgres://admin:${password}@db.staging:5432 -->`)).map(brief)).toEqual([
        '32:32: Unexpected password in a URL `postgres://admin:…@db.staging`, expected no credentials in a report (revoke it, then remove it)',
      ]);
    });

    it('with CRLF line endings', () => {
      const text = withResolution(`The token was ${token}.`).replace(/\n/g, '\r\n');
      expect(check(text).map(brief)).toEqual([
        '32:15: Unexpected GitHub personal access token `ghp_…`, expected no credentials in a report (revoke it, then remove it)',
      ]);
    });
  });

  describe('passes', () => {
    it('a complete report', () => {
      expect(check(report())).toEqual([]);
    });

    it('prose about tokens and their prefixes, placeholders and references to secrets', () => {
      const text = withResolution(
        [
          'The leaked `ghp_` token was revoked; PyPI tokens (`pypi-…`) and `github_pat_` tokens were rotated too.',
          'Our Slack webhook (https://hooks.slack.com/services/…) was replaced.',
          '',
          '```yaml',
          'env:',
          '  GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}',
          '  DB_PASSWORD: <password>',
          '  API_KEY: changeme',
          '  AWS_SECRET_ACCESS_KEY: REDACTED',
          '  token: "***"',
          '  password: xxxxxxxxxxxx',
          '```',
          '',
          'Fixed by commit `token=0d6a9bb5af126f73350a2afc058492765446aaad` (a SHA, not a secret).',
        ].join('\n'),
      );
      expect(check(text)).toEqual([]);
    });

    it('an unreadable file without crashing', () => {
      expect(checkFiles({ [path]: new Uint8Array([0xff, 0xfe, 0x00]) }, { rule: secret })).toEqual([]);
    });
  });
});

describe('secret values never reach the output', () => {
  it('in json, github and pretty formats, stderr and the step summary', async () => {
    const frontmatterToken = ['gh', 's_', syntheticToken(36, 23)].join('');
    const body = completeBody.replace('Rolled back release 42.', ['Rolled back release 42.', ...secretSamples.map((sample) => sample.line)].join('\n\n'));
    const text = report({ extra: `related: [https://x-access-token:${frontmatterToken}@github.com/acme/api/issues/7]\n`, body });
    const root = await makeProject({ [path]: text });
    const values = [frontmatterToken, ...secretSamples.map((sample) => sample.secret)];
    // Any 10 characters in a row from the random part of a value would already be a leak.
    const fragments = values.flatMap((value) => {
      const random = value.replace(/-----(?:BEGIN|END) [A-Z ]+-----/g, '').replace(/\s+/g, '');
      return [random.slice(-10), random.slice(Math.floor(random.length / 2), Math.floor(random.length / 2) + 10)];
    });
    for (const format of ['json', 'github', 'pretty']) {
      const summary = join(root, `summary-${format}.md`);
      const argv = ['check', '--format', format, ...(format === 'pretty' ? ['--verbose'] : [])];
      const result = await runCli(argv, root, { GITHUB_STEP_SUMMARY: summary });
      expect(result.code, format).toBe(1);
      const summaryText = await readFile(summary, 'utf8');
      expect(summaryText).toContain('secret');
      expect(result.stdout).toContain('secret');
      for (const [name, output] of [
        ['stdout', result.stdout],
        ['stderr', result.stderr],
        ['summary', summaryText],
      ] as const) {
        for (const fragment of fragments) expect(output, `${format} ${name}`).not.toContain(fragment);
      }
      if (format === 'json') {
        const messages = (JSON.parse(result.stdout) as { messages: { ruleId: string }[] }).messages;
        expect(messages.filter((message) => message.ruleId === 'secret').length).toBe(values.length);
      }
    }
  });
});

describe('secret on archived reports', () => {
  it('stays an error: a credential in history is still a credential', () => {
    const [diagnostic] = check(withResolution(`token = ${['gh', 'p_', syntheticToken(36, 7)].join('')}`, { status: 'archived' }));
    expect(diagnostic).toMatchObject({ ruleId: 'secret', severity: 'error' });
  });
});

/** `line:column` of where each `secret` diagnostic starts. */
const starts = (text: string) => check(text).map((diagnostic) => `${diagnostic.place.start.line}:${diagnostic.place.start.column}`);

describe('secret, however the report spells it (#1)', () => {
  const body = syntheticToken(36, 41);
  const message = 'Unexpected GitHub personal access token `ghp_…`, expected no credentials in a report (revoke it, then remove it)';

  it('refuses a draft with `token ghp\\_…`, as Google Docs and Notion exports write it, at the token in the file', () => {
    const line = `The deploy used token ghp\\_${body} until noon.`;
    const [diagnostic, ...rest] = check(withResolution(line, { status: 'draft' }));
    expect(rest).toEqual([]);
    expect(diagnostic).toMatchObject({ ruleId: 'secret', severity: 'error', url: '/rules/secret/', message });
    const column = line.indexOf('ghp') + 1;
    expect(diagnostic!.place.start).toMatchObject({ line: 32, column });
    expect(diagnostic!.place.end).toMatchObject({ line: 32, column: column + 'ghp\\_'.length + 36 });
    expect(diagnostic!.note).toContain('written with escapes, character references, invisible characters or markup');
  });

  it.each([
    ['sk\\_live\\_', 'Stripe secret key `sk_live_…`', syntheticToken(24, 42)],
    ['github\\_pat\\_', 'GitHub fine-grained personal access token `github_pat_…`', `${syntheticToken(22, 43)}\\_${syntheticToken(59, 44)}`],
    ['ghp&#95;', 'GitHub personal access token `ghp_…`', body],
    ['ghp&lowbar;', 'GitHub personal access token `ghp_…`', body],
    ['ghp&#x5f;', 'GitHub personal access token `ghp_…`', body],
    ['ghp&#X5F;', 'GitHub personal access token `ghp_…`', body],
    ['ghp_\u200b', 'GitHub personal access token `ghp_…`', body],
    ['g\u00adhp_', 'GitHub personal access token `ghp_…`', body],
    ['ghp\u2060_', 'GitHub personal access token `ghp_…`', body],
    ['\ufeffghp_', 'GitHub personal access token `ghp_…`', body],
    ['gh\u200cp\u200d_', 'GitHub personal access token `ghp_…`', body],
    ['ghp_&#8203;', 'GitHub personal access token `ghp_…`', body],
  ])('refuses `%s…`', (written, what, rest) => {
    const line = `Leaked: ${written}${rest} (rotated).`;
    const diagnostics = check(withResolution(line));
    expect(diagnostics.map(brief)).toEqual([
      `32:${line.indexOf(written) + 1 + (written.startsWith('\ufeff') ? 1 : 0)}: Unexpected ${what}, expected no credentials in a report (revoke it, then remove it)`,
    ]);
  });

  it('everywhere in the file: frontmatter values at any depth, link targets, image text, HTML attributes, code', () => {
    const escaped = `ghp\\_${body}`;
    const text = report({
      title: `"Deploy token ghp\\x5F${body} leaked"`,
      extra: [
        `tags: [deploy, ${escaped}]`,
        'watch:',
        `  - name: 'Bot token ghp&#95;${body}'`,
        '    expires: 2024-08-01',
        `    notes: {owner: alice, value: "ghp\\u005F${body}"}`,
        '',
      ].join('\n'),
      body: completeBody.replace(
        'Rolled back release 42.',
        [
          'Rolled back release 42.',
          '',
          `See [the logs](https://logs.example.com/?t=${escaped}) and ![${escaped}](shot.png).`,
          '',
          `<a title="ghp&#x5F;${body}" href="https://ci.example.com/">CI</a>`,
          '',
          '```sh',
          `export TOKEN=ghp\\_${body}`,
          '```',
          '',
          `    curl -u bot:${['gh', 'p_'].join('')}\u200b${body} https://api.example.com`,
          '',
          `| time | event |\n| --- | --- |\n| 10:00 | ${escaped} |`,
          '',
          `> Quoted: ${escaped}`,
        ].join('\n'),
      ),
    });
    const lines = text.split('\n');
    const expected = [
      [2, lines[1]!.indexOf('ghp\\x5F')],
      [10, lines[9]!.indexOf('ghp\\_')],
      [12, lines[11]!.indexOf('ghp&#95;')],
      [14, lines[13]!.indexOf('ghp\\u005F')],
    ].map(([line, index]) => `${line}:${index! + 1}`);
    const bodyStart = lines.indexOf('Rolled back release 42.');
    // Each token starts right after its marker: a link target, image text, an attribute, code, a table cell, a quote.
    for (const [offset, marker] of [
      [2, '?t='],
      [2, '!['],
      [4, 'title="'],
      [7, 'TOKEN='],
      [10, 'bot:'],
      [14, '| 10:00 | '],
      [16, 'Quoted: '],
    ] as const) {
      const line = bodyStart + offset;
      expected.push(`${line + 1}:${lines[line]!.indexOf(marker) + marker.length + 1}`);
    }
    expect(starts(text)).toEqual(expected);
  });

  it('a frontmatter value joined from two lines by an escaped line break', () => {
    const text = report({ extra: `notes: "ghp_${body.slice(0, 20)}\\\n  ${body.slice(20)}"\n` });
    expect(check(text).map(brief)).toEqual([`10:9: ${message}`]);
  });

  it('a token split by markup that the page joins again', () => {
    for (const written of [
      `ghp_**${body.slice(0, 10)}**${body.slice(10)}`,
      `ghp_*${body.slice(0, 10)}*${body.slice(10)}`,
      `ghp_~~${body.slice(0, 10)}~~${body.slice(10)}`,
      `ghp_\`${body.slice(0, 10)}\`${body.slice(10)}`,
      `ghp_<!-- -->${body}`,
      `ghp_<span>${body.slice(0, 10)}</span>${body.slice(10)}`,
      `<b>ghp_</b>${body}`,
      `[ghp_${body.slice(0, 10)}](https://example.com)${body.slice(10)}`,
    ]) {
      expect(check(withResolution(`Leaked ${written} today.`)).map(brief), written).toEqual([
        `32:${'Leaked '.length + written.indexOf('ghp') + 1}: ${message}`,
      ]);
    }
  });

  it('a token split by tags in an HTML block', () => {
    const text = withResolution(`<div>\nLeaked <code>ghp_</code><code>${body}</code> today.\n</div>`);
    expect(check(text).map(brief)).toEqual([`33:14: ${message}`]);
  });

  it('a password with a raw `@` in a URL, as URL parsers read it', () => {
    const password = `p@ss${syntheticToken(14, 45)}`;
    for (const written of [password, password.replace('@', '&#64;'), password.replace('@', '\\@')]) {
      const line = `Connect with postgres://deploy:${written}@db.internal:5432/app today.`;
      expect(check(withResolution(line)).map(brief), written).toEqual([
        `32:${line.indexOf(written) + 1}: Unexpected password in a URL \`postgres://deploy:…@db.internal\`, expected no credentials in a report (revoke it, then remove it)`,
      ]);
    }
  });

  it('a percent escape in a URL spelled with character references, which the address reads after them (`&#37;67` is `%67`, `g`)', () => {
    for (const written of [`&#37;67hp&#95;${body}`, `&percnt;67hp_${body}`, `%&#54;7hp_${body}`, `&#37;&#54;&#55;hp%5F${body}`]) {
      for (const line of [
        `<a href="https://ci.example.com/?t=${written}">CI</a>`,
        `<img src="https://ci.example.com/badge.svg?t=${written}" alt="CI">`,
        `See [the CI run](https://ci.example.com/?t=${written}).`,
        `See [the CI run](https://ci.example.com/?t=\\${written.startsWith('%') ? written : written.replace(/^&#37;|^&percnt;/, '%')}).`,
      ]) {
        const diagnostics = check(withResolution(line));
        // A Markdown escape before the first character is markup: the finding starts at the `%` it escapes.
        expect(diagnostics.map(brief), line).toEqual([`32:${line.indexOf('?t=') + 4 + (line.includes('?t=\\') ? 1 : 0)}: ${message}`]);
        expect(diagnostics[0]!.note, line).toContain('written with escapes, character references');
      }
    }
  });

  it('leaves a percent sign spelled as a reference alone where no escape follows', () => {
    expect(check(withResolution(`Error rate at 40&#37; and <a href="https://ci.example.com/?q=&#37;2Fghp">CI</a>; 100&percnt;done.`))).toEqual([]);
  });

  it('never prints the value, in any format', async () => {
    const text = withResolution(`token ghp\\_${body} and sk\\_live\\_${syntheticToken(24, 46)}`, { status: 'draft' });
    const root = await makeProject({ [path]: text });
    for (const format of ['json', 'github', 'pretty']) {
      const result = await runCli(['check', '--format', format, '--verbose'], root);
      expect(result.code, format).toBe(1);
      expect(result.stdout).toContain('secret');
      for (const fragment of [body.slice(-10), body.slice(10, 20)]) expect(result.stdout + result.stderr, format).not.toContain(fragment);
    }
  });

  it('leaves prose about tokens alone, whatever its spelling', () => {
    const text = withResolution(
      [
        'The `DB\\_PASSWORD` secret and the api\\_key were rotated; the **token**: see acme/infra#12.',
        'Tokens start with `ghp&#95;` or `github\\_pat\\_`; the password&#58; reset by the on-call.',
        '<span>token</span>: <b>acme/infra#13</b> and ![the deploy token](token.png)',
      ].join('\n\n'),
      { extra: `title2: "Rotate the deploy token\\x3A acme/infra#12"\n` },
    );
    expect(check(text)).toEqual([]);
  });
});

describe('secret on action items about credentials (#8)', () => {
  it.each([
    '- [ ] Rotate the deploy token: acme/infra#12',
    '- [ ] Rotate the deploy token: acme/infra#12 @alice due: 2024-04-01',
    '- [ ] Move the database password to the vault: acme/infra#13',
    '- [ ] Revoke the API key: https://github.com/acme/infra/issues/14',
    '- [ ] Rotate the Slack token: OPS-1234',
    '- [x] Rotate secret: `acme/infra#15`',
    '- [ ] Replace the token: <redacted> with `${DEPLOY_TOKEN}`: acme/infra#16',
    '- [ ] Stop printing `password: ***` in the logs: acme/infra#17',
    '- [ ] Document where the **token**: lives: acme/infra#18',
  ])('%s is clean, in a draft and in review', (item) => {
    for (const status of ['draft', 'in-review']) {
      const text = report({ status, body: completeBody.replace('- [ ] Add a canary stage to deploys: acme/api#101', item) });
      expect(check(text), status).toEqual([]);
    }
  });
});

describe('secret scan performance', () => {
  it('reads a 5 MB report in well under two seconds', () => {
    // Parsing 5 MB of Markdown takes remark far longer than the scan: parse one part, and repeat its tree.
    const part =
      [
        'The deploy **token** was `rotated` after the [incident](https://example.com/a?b=c&amp;d=e) at 10:42; see acme/api#12.',
        'The db\\_password note, a <span>tag</span>, an ![image](x.png) and a table:',
        '| time | event |\n| --- | --- |\n| 10:00 | token: acme/api#13 |',
        '```sh\ncurl -H "Authorization: Bearer $TOKEN" https://api.example.com\n```',
      ].join('\n\n') + '\n\n';
    const chunk = part.repeat(100);
    const parsed = parseReport('postmortems/2024-03-01-big.md', chunk, makeConfig());
    const copies = Math.ceil(5_000_000 / chunk.length);
    const shift = (node: unknown, delta: number): unknown =>
      JSON.parse(JSON.stringify(node), (key, value: unknown) => (key === 'offset' && typeof value === 'number' ? value + delta : value));
    const children = Array.from({ length: copies }, (_, copy) => shift(parsed.tree.children, copy * chunk.length) as Root['children']).flat();
    const big = { ...parsed, text: chunk.repeat(copies), tree: { type: 'root', children } as Root };
    expect(big.text.length).toBeGreaterThanOrEqual(5_000_000);
    const started = performance.now();
    expect(findSecrets(big)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
