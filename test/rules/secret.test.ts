import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { completeBody, report } from '../../src/lib/rules/examples.ts';
import secret, { syntheticToken } from '../../src/lib/rules/secret.ts';
import { brief, checkFiles, makeProject, runCli } from '../helpers.ts';
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
    expect(diagnostic!.message).toBe(
      `Unexpected ${sample.label} \`${sample.excerpt}\`, expected no credentials in a report (revoke it, then remove it)`,
    );
    expect(JSON.stringify(diagnostic)).not.toContain(sample.secret.replace(/-----[A-Z ]+-----/g, '').trim().slice(-12));
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
    const body = completeBody.replace(
      'Rolled back release 42.',
      ['Rolled back release 42.', ...secretSamples.map((sample) => sample.line)].join('\n\n'),
    );
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
      for (const [name, output] of [['stdout', result.stdout], ['stderr', result.stderr], ['summary', summaryText]] as const) {
        for (const fragment of fragments) expect(output, `${format} ${name}`).not.toContain(fragment);
      }
      if (format === 'json') {
        const messages = (JSON.parse(result.stdout) as { messages: { ruleId: string }[] }).messages;
        expect(messages.filter((message) => message.ruleId === 'secret').length).toBe(values.length);
      }
    }
  });
});
