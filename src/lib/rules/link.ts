/**
 * Rule `link`: every URL in a report is complete and well-formed, and no link
 * runs script. Checked without the network: links in Markdown (inline, images,
 * autolinks, definitions), bare URLs in the text, and URL-like frontmatter values.
 */
import { bodyLinks, describeUrlProblem, frontmatterLinks, urlProblem } from '../links.ts';
import { defineReportRule } from '../rule.ts';
import { lineIndexOf } from '../text.ts';
import { completeBody, report as example } from './examples.ts';

export default defineReportRule({
  id: 'link',
  severity: 'error',
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
    for (const occurrence of [...frontmatterLinks(report), ...bodyLinks(report, index)]) {
      const problem = urlProblem(occurrence.url, { allowUnsafe: occurrence.source === 'frontmatter' || occurrence.source === 'bare' });
      if (!problem) continue;
      context.report(report, { message: describeUrlProblem(occurrence, problem), place: occurrence.place });
    }
  },
});
