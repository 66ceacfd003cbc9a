/**
 * Rule `link`: every URL in a report is complete and well-formed, and no link
 * runs script. Checked without the network: links in Markdown (inline, images,
 * autolinks, definitions), bare URLs in the text, and URL-like frontmatter values.
 */
import {
  bodyLinks,
  frontmatterLinks,
  redactUrl,
  urlProblem,
  type LinkOccurrence,
  type LinkSource,
  type MalformedUrlReason,
  type UrlProblem,
} from '../links.ts';
import { defineReportRule } from '../rule.ts';
import { lineIndexOf, literal } from '../text.ts';
import { completeBody, report as example } from './examples.ts';

const where: Record<LinkSource, string> = {
  link: 'in a link',
  image: 'in an image',
  autolink: 'in an autolink',
  definition: 'in a link definition',
  bare: 'in the text',
  frontmatter: 'for',
};

/** Why a URL is malformed, in words that fit "Unexpected malformed URL `x` (reason)". */
function malformedReason(reason: MalformedUrlReason): string {
  switch (reason.code) {
    case 'no-colon':
      return 'no `:` after the scheme';
    case 'single-slash':
      return `a single \`/\` after \`${reason.scheme}:\``;
    case 'no-slashes':
      return `no \`//\` after \`${reason.scheme}:\``;
    case 'three-slashes':
      return `three \`/\` after \`${reason.scheme}:\``;
    case 'invalid-url':
      return 'not a valid URL';
    case 'white-space':
      return 'it contains white space';
    case 'invalid-character':
      return 'it contains a character that is not allowed in URLs';
    case 'scheme-twice':
      return 'the scheme is written twice';
    case 'empty-port':
      return 'an empty port after `:`';
    case 'invalid-host-or-port':
      return 'not a valid host or port';
    case 'invalid-host-part':
      return `an empty or invalid part in the host ${literal(reason.host)}`;
  }
}

/** The "Unexpected …, expected …" message for a URL problem; the URL is quoted with its credentials hidden. */
function describeUrlProblem(occurrence: LinkOccurrence, problem: UrlProblem): string {
  const context = occurrence.source === 'frontmatter' ? `for \`${occurrence.field}\`` : where[occurrence.source];
  const shown = literal(redactUrl(occurrence.url.trim()));
  switch (problem.kind) {
    case 'empty':
      return `Unexpected empty ${occurrence.source === 'image' ? 'image source' : 'link target'} ${context}, expected a URL or a relative path`;
    case 'truncated':
      return `Unexpected truncated URL ${shown} ${context}, expected a complete URL with a host, such as \`https://example.com/page\``;
    case 'malformed':
      return `Unexpected malformed URL ${shown} ${context} (${malformedReason(problem.reason)}), expected a URL such as \`https://example.com/page\``;
    case 'unsafe':
      return `Unexpected \`${problem.scheme}:\` URL ${context}, expected an \`https:\` URL or a relative path (scripts and inline data do not belong in a report)`;
  }
}

export default defineReportRule({
  id: 'link',
  severity: 'error',
  selfContained: true,
  docs: {
    summary:
      'Every URL in a report is complete and well-formed: no empty link targets, no `https://` without a host, no `http:/host`, and no `javascript:`, `vbscript:` or `data:` links.',
    rationale:
      'A report is read months later, when the incident repeats: a link cut short while writing (`https://`, `[dashboard]()`) is the evidence nobody can open any more. A URL that only looks right (`https:/github.com/…`, `https://grafana..internal`) fails the same way. `javascript:` and `data:` links run script or carry hidden content in the published site, so they are refused in any report. The check reads links in the Markdown, bare URLs in the text and URL-like values in the frontmatter (`watch[].issue`, `related`, …); it never fetches anything, so it also works offline. Relative links (`./other.md`, `#timeline`, `/runbooks/db`) and `mailto:` are fine.',
    fix: 'Paste the full URL, or remove the link if the target is gone. A URL must start with `https://` and a host. Link other reports by relative path and sections by `#anchor`.',
    examples: [
      {
        title: 'A link cut short and an empty link target',
        files: {
          'postmortems/2024-03-01-api-down.md': example({
            body: completeBody.replace(
              'All API clients failed for 42 minutes.',
              'All API clients failed for 42 minutes (see the [error graph](https://) and the [runbook]()).',
            ),
          }),
        },
        expected: [
          '20:62: Unexpected truncated URL `https://` in a link, expected a complete URL with a host, such as `https://example.com/page`',
          '20:89: Unexpected empty link target in a link, expected a URL or a relative path',
        ],
      },
      {
        title: 'A malformed issue URL in the frontmatter',
        files: {
          'postmortems/2024-03-01-api-down.md': example({
            extra: 'watch:\n  - name: API TLS certificate\n    expires: 2025-03-01\n    issue: https:/github.com/acme/api/issues/7\n',
          }),
        },
        expected: [
          '13:12: Unexpected malformed URL `https:/github.com/acme/api/issues/7` for `watch.0.issue` (a single `/` after `https:`), expected a URL such as `https://example.com/page`',
        ],
      },
      {
        title: 'A script in a link',
        files: {
          'postmortems/2024-03-01-api-down.md': example({
            body: completeBody.replace('Rolled back release 42.', 'Rolled back release 42 ([details](javascript:alert(1))).'),
          }),
        },
        expected: [
          '30:35: Unexpected `javascript:` URL in a link, expected an `https:` URL or a relative path (scripts and inline data do not belong in a report)',
        ],
      },
      {
        title: 'Full URLs, relative links, anchors and mail',
        files: {
          'postmortems/2024-03-01-api-down.md': example({
            extra: 'related: [https://github.com/acme/api/issues/7]\n',
            body: completeBody.replace(
              'All API clients failed for 42 minutes.',
              'All API clients failed for 42 minutes; see <https://status.example.com/incidents/42>, https://grafana.example.com/d/api, the [previous report](./2024-01-10-api-down.md), the [timeline](#timeline), the [runbook](/runbooks/api) and [on-call](mailto:oncall@example.com).',
            ),
          }),
        },
        expected: [],
      },
    ],
  },
  check(report, context) {
    if (report.unreadable) return;
    const index = lineIndexOf(report);
    for (const occurrence of [...frontmatterLinks(report.frontmatter), ...bodyLinks(report.tree, report.text, index)]) {
      const problem = urlProblem(occurrence.url, { allowUnsafe: occurrence.source === 'frontmatter' || occurrence.source === 'bare' });
      if (!problem) continue;
      context.report(report, { message: describeUrlProblem(occurrence, problem), place: occurrence.place });
    }
  },
});
