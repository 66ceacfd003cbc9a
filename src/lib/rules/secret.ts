/**
 * Rule `secret`: a report holds no credentials, anywhere in the file (prose,
 * code blocks, inline code, link URLs, HTML, frontmatter).
 *
 * The diagnostic names the kind of credential and shows only the public part of
 * its format (`ghp_…`); the value itself is never printed or stored.
 */
import { defineReportRule } from '../rule.ts';
import { detectSecrets } from '../secrets.ts';
import { lineIndexOf, literal } from '../text.ts';
import { completeBody, report as example } from './examples.ts';

const base62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A deterministic random-looking string, for examples and tests. Example
 * credentials are built at run time from a seed, never written out in the
 * source, so that secret scanners (GitHub push protection) do not flag our own
 * repository while the examples still have the entropy of real ones.
 *
 * @param length how many characters
 * @param seed any integer; the same seed gives the same string
 * @param alphabet the characters to draw from (default: letters and digits)
 */
export function syntheticToken(length: number, seed: number, alphabet = base62): string {
  // mulberry32: small, fast and well spread; no cryptographic strength is needed here.
  let state = seed >>> 0;
  let result = '';
  for (let position = 0; position < length; position++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    const random = ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
    result += alphabet[Math.floor(random * alphabet.length)];
  }
  return result;
}

/** A made-up GitHub personal access token for the examples: `gh` + `p_` + 36 random characters. */
const exampleGithubToken = ['gh', 'p_', syntheticToken(36, 7)].join('');
/** A made-up database password for the examples. */
const examplePassword = syntheticToken(20, 11);

export default defineReportRule({
  id: 'secret',
  severity: 'error',
  docs: {
    summary:
      'A report contains no credentials: tokens (GitHub, GitLab, Slack, npm, PyPI, Stripe, OpenAI, Anthropic, SendGrid, Twilio), cloud keys (AWS, Google, Azure), private keys, JWTs, passwords in URLs or `password=`/`token:` assignments.',
    rationale:
      'Postmortems are written right after an incident, often by pasting logs, commands and config, and they are published to the whole team or the world. A credential in a report is leaked twice: once on the site and once, for good, in the Git history. The check runs over the whole file, frontmatter, code blocks and HTML included, and its messages show only the public prefix of what it found (`ghp_…`), so the CI log does not leak it a third time. Values that are obviously stand-ins (`<token>`, `xxxx`, `${TOKEN}`, `changeme`, `REDACTED`, `***`) are not reported, nor are low-entropy values after `password=`, nor hexadecimal-only values (in postmortems these are commit SHAs and digests).',
    fix: 'First revoke or rotate the credential: once pushed, it is in the repository\'s history even after the line is deleted. Then replace it with a description or a placeholder, such as "the `ghp_…` token of the deploy bot" or `${DEPLOY_TOKEN}`.',
    examples: [
      {
        title: 'A GitHub token pasted into the timeline',
        files: {
          'postmortems/2024-03-01-api-down.md': example({
            body: completeBody.replace('- 10:05 Error rate alert fires.', `- 10:05 Deploy bot fails with token \`${exampleGithubToken}\`.`),
          }),
        },
        expected: [
          '25:38: Unexpected GitHub personal access token `ghp_…`, expected no credentials in a report (revoke it, then remove it)',
        ],
      },
      {
        title: 'A database password in a connection string in a code block',
        files: {
          'postmortems/2024-03-01-api-down.md': example({
            body: completeBody.replace(
              'Rolled back release 42.',
              `Rolled back release 42 with:\n\n\`\`\`sh\npsql postgres://deploy:${examplePassword}@db.internal:5432/api -c 'select 1'\n\`\`\``,
            ),
          }),
        },
        expected: [
          '33:24: Unexpected password in a URL `postgres://deploy:…@db.internal`, expected no credentials in a report (revoke it, then remove it)',
        ],
      },
      {
        title: 'Placeholders and descriptions instead of values',
        files: {
          'postmortems/2024-03-01-api-down.md': example({
            body: completeBody.replace(
              'Rolled back release 42.',
              'Rolled back release 42 after rotating the `ghp_…` token of the deploy bot:\n\n```sh\nexport GITHUB_TOKEN=${DEPLOY_TOKEN}\npsql postgres://deploy:<password>@db.internal/api\ncurl -H "Authorization: Bearer $TOKEN" https://api.internal/health\n```\n\nThe config now reads `password: changeme` in staging only and `api_key: REDACTED` in the logs.',
            ),
          }),
        },
        expected: [],
      },
    ],
  },
  check(report, context) {
    if (report.unreadable || report.text === '') return;
    const index = lineIndexOf(report);
    for (const finding of detectSecrets(report.text)) {
      context.report(report, {
        // Only the kind and the public part of the format: the message is printed in CI logs and summaries.
        message: `Unexpected ${finding.label} ${literal(finding.excerpt)}, expected no credentials in a report (revoke it, then remove it)`,
        place: index.placeAt(finding.start, finding.end),
        note: 'Revoke or rotate it first: once pushed, it stays in the Git history even after the line is removed. Then describe it instead ("the `ghp_…` token of the deploy bot") or use a placeholder such as `${DEPLOY_TOKEN}`.',
      });
    }
  },
});
