/**
 * Rule `secret`: a report holds no credentials, anywhere in the file (prose,
 * code blocks, inline code, link URLs, image text, HTML, frontmatter), however
 * it is spelled: the file is read as written and as the page renders it.
 *
 * The diagnostic names the kind of credential and shows only the public part of
 * its format (`ghp_…`); the value itself is never printed or stored.
 */
import type { ParsedReport } from '../parse.ts';
import { defineReportRule } from '../rule.ts';
import { detectSecretsInViews, type SecretFinding } from '../secrets.ts';
import { lineIndexOf, literal } from '../text.ts';
import { frontmatterViews, identityView, renderedView, resolvedView, type TextView } from '../text-view.ts';
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
/** A made-up Stripe secret key, written as a Google Docs or Notion export writes it: `sk\_live\_…`. */
const exampleEscapedStripeKey = ['sk', '\\_live', '\\_', syntheticToken(24, 13)].join('');

/**
 * Every credential in a report, placed in the file: in its text as written, as
 * a reader sees it (Markdown escapes, HTML character references, invisible
 * characters resolved), as the body renders (text joined across emphasis, code
 * spans and inline HTML), and in its frontmatter values as YAML reads them.
 *
 * @param report a readable report
 */
export function findSecrets(report: ParsedReport): SecretFinding[] {
  const text = report.text;
  const resolved = resolvedView(text);
  const views: TextView[] = [identityView(text)];
  if (resolved.text !== text) views.push(resolved);
  views.push(renderedView(report.tree, text));
  if (report.frontmatter.present) views.push(...frontmatterViews(text, report.frontmatter));
  return detectSecretsInViews(text, views);
}

const revokeNote =
  'Revoke or rotate it first: once pushed, it stays in the Git history even after the line is removed. Then describe it instead ("the `ghp_…` token of the deploy bot") or use a placeholder such as `${DEPLOY_TOKEN}`.';
/** Said of a credential the file spells differently from how it reads, so nobody takes it for harmless. */
const disguisedNote =
  ' It is written with escapes, character references, invisible characters or markup inside it (as document exports write underscores: `\\_`), but the page, its search index and any copy show the real value.';

export default defineReportRule({
  id: 'secret',
  severity: 'error',
  selfContained: true,
  docs: {
    summary:
      'A report contains no credentials: tokens (GitHub, GitLab, Slack, npm, PyPI, Stripe, OpenAI, Anthropic, SendGrid, Twilio), cloud keys (AWS, Google, Azure), private keys, JWTs, passwords in URLs or `password=`/`token:` assignments, however they are spelled (Markdown escapes, HTML character references, invisible characters).',
    rationale:
      'Postmortems are written right after an incident, often by pasting logs, commands and config, and they are published to the whole team or the world. A credential in a report is leaked twice: once on the site and once, for good, in the Git history. The check runs over the whole file, frontmatter, code blocks and HTML included, and its messages show only the public prefix of what it found (`ghp_…`), so the CI log does not leak it a third time. The file is read as written and as the page shows it: a token spelled `ghp\\_…` (a Markdown escape, as Google Docs and Notion exports write underscores), `ghp&#95;…` (an HTML character reference), with a zero width space or soft hyphen inside, or split by markup (`ghp_<!-- -->…`) is invisible to a plain search of the file but shown whole on the page, in the search index and in any copy. Values that are obviously stand-ins (`<token>`, `xxxx`, `${TOKEN}`, `changeme`, `REDACTED`, `***`) are not reported, nor are words, issue references, paths and links after a `token:` or `password:` label (`Rotate the deploy token: acme/infra#12`), nor low-entropy values, nor hexadecimal-only values (in postmortems these are commit SHAs and digests).',
    fix: 'First revoke or rotate the credential: once pushed, it is in the repository\'s history even after the line is deleted. Then replace it with a description or a placeholder, such as "the `ghp_…` token of the deploy bot" or `${DEPLOY_TOKEN}`.',
    examples: [
      {
        title: 'A GitHub token pasted into the timeline',
        files: {
          'postmortems/2024-03-01-api-down.md': example({
            body: completeBody.replace('- 10:05 Error rate alert fires.', `- 10:05 Deploy bot fails with token \`${exampleGithubToken}\`.`),
          }),
        },
        expected: ['25:38: Unexpected GitHub personal access token `ghp_…`, expected no credentials in a report (revoke it, then remove it)'],
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
        expected: ['33:24: Unexpected password in a URL `postgres://deploy:…@db.internal`, expected no credentials in a report (revoke it, then remove it)'],
      },
      {
        title: 'A Stripe key with Markdown-escaped underscores, as a document export writes it',
        files: {
          'postmortems/2024-03-01-api-down.md': example({
            body: completeBody.replace('Rolled back release 42.', `Rolled back release 42. The billing job logged in with ${exampleEscapedStripeKey}.`),
          }),
        },
        expected: ['30:56: Unexpected Stripe secret key `sk_live_…`, expected no credentials in a report (revoke it, then remove it)'],
      },
      {
        title: 'An action item about rotating a token, linking its issue',
        files: {
          'postmortems/2024-03-01-api-down.md': example({
            status: 'draft',
            body: completeBody.replace(
              '- [ ] Add a canary stage to deploys: acme/api#101',
              '- [ ] Rotate the deploy token: acme/infra#12\n- [ ] Move the database password to the vault: acme/infra#13',
            ),
          }),
        },
        expected: [],
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
    for (const finding of findSecrets(report)) {
      context.report(report, {
        // Only the kind and the public part of the format: the message is printed in CI logs and summaries.
        message: `Unexpected ${finding.label} ${literal(finding.excerpt)}, expected no credentials in a report (revoke it, then remove it)`,
        place: index.placeAt(finding.start, finding.end),
        note: finding.disguised ? revokeNote + disguisedNote : revokeNote,
      });
    }
  },
});
