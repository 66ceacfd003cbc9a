/**
 * Rule `public-exposure`: a public report (`visibility: public`) shows nothing
 * that belongs inside the team: private IP addresses, e-mail addresses, host
 * names in the configured internal domains, or an internal report's id or title.
 * It reads exactly what the public edition publishes (src/lib/publish/scan.ts):
 * not the sections listed in `publish.internalSections`, not `authors` or
 * `reviewers`, not links to internal reports (the edition turns them into plain
 * text). What counts as private, and what not, is in src/lib/publish/exposure.ts.
 */
import { unpublishedIds, visibilityOf } from '../publish/edition.ts';
import { findExposures, type Exposure } from '../publish/exposure.ts';
import { internalReports, MentionFinder, publishedTexts } from '../publish/scan.ts';
import { defineCorpusRule } from '../rule.ts';
import { lineIndexOf, literal } from '../text.ts';
import { completeBody, report as example } from './examples.ts';

/** What to do instead, shown with `--verbose`. */
const note =
  'Move what only the team should read to a section listed in `publish.internalSections` (default `## Internal notes`), which the public edition leaves out, or set `visibility: internal`.';

/** The message for one finding. */
function describe(exposure: Exposure): string {
  const published = 'the public edition publishes this text';
  switch (exposure.kind) {
    case 'ip':
      return `Unexpected private IP address ${literal(exposure.value)} in a public report, expected no internal address (${published}; a documentation address such as \`192.0.2.10\` is fine)`;
    case 'email':
      return `Unexpected e-mail address ${literal(exposure.value)} in a public report, expected none (${published}; name a team or link a contact page)`;
    case 'host':
      return `Unexpected internal host name ${literal(exposure.value)} in a public report, expected no host under \`${exposure.domain}\` (\`publish.internalDomains\`; ${published})`;
  }
}

export default defineCorpusRule({
  id: 'public-exposure',
  severity: 'error',
  // A draft is not in the public edition yet: a warning says what to fix before it is.
  lenience: { draft: 'warning' },
  docs: {
    summary:
      "A public report (`visibility: public`) shows no private IP address, e-mail address, host name in an internal domain (`publish.internalDomains`), or internal report's id or title.",
    rationale:
      "The public edition of the site (`audience: public`) publishes public reports for customers. It leaves out what it can tell apart: authors, reviewers, action-item owners, internal sections and links to internal reports. Prose is the author's: a `10.0.4.17` from a log excerpt, an engineer's e-mail address, a `grafana.corp.acme.com` link or the title of an internal incident would be published as written. The rule reads what the public edition publishes (not internal sections or `authors`), in the body, code blocks included, and in every frontmatter value. Private means RFC 1918 (`10/8`, `172.16/12`, `192.168/16`), carrier-grade NAT (`100.64/10`), IPv6 unique local (`fc00::/7`) and link-local (`fe80::/10`) addresses; loopback, `169.254.169.254`, public addresses and the documentation ranges (`192.0.2.0/24`, `198.51.100.0/24`, `203.0.113.0/24`) are not reported, nor is a version such as `10.0.19041.1` or `v10.1.2.3`. E-mail addresses are reported except no-reply ones (`noreply@github.com`, `git@github.com`), role addresses that are how the public reaches a team (`security@`, `support@`, `abuse@`, `binder-team@`: the mailbox names of RFC 2142 and a few like them), and those at `example.com` and other reserved example domains. An internal report is named by its id (when it is at least 10 characters with a `-`, as `YYYY-MM-DD-slug` ids are) or by its whole title (three words or more).",
    fix: 'Remove the detail, or replace it: a documentation address (`192.0.2.10`), a role ("the on-call engineer"), a service name instead of a host, "an earlier incident" instead of an internal report\'s title (a Markdown link to it is fine: the public edition shows it as "an internal report"). Details the team needs go in a section listed in `publish.internalSections` (default `## Internal notes`), which only the internal site shows. A draft gets warnings: the public edition leaves drafts out.',
    examples: [
      {
        title: 'A private address and an e-mail address in a public report',
        files: {
          'postmortems/2024-03-01-api-down.md': example({
            extra: 'visibility: public\n',
            body: completeBody.replace('Rolled back release 42.', 'Rolled back release 42 on 10.0.4.17; alice@acme.com confirmed.'),
          }),
        },
        expected: [
          '31:27: Unexpected private IP address `10.0.4.17` in a public report, expected no internal address (the public edition publishes this text; a documentation address such as `192.0.2.10` is fine)',
          '31:38: Unexpected e-mail address `alice@acme.com` in a public report, expected none (the public edition publishes this text; name a team or link a contact page)',
        ],
      },
      {
        title: 'An internal host name in the frontmatter',
        files: {
          'postmortems/2024-03-01-api-down.md': example({
            extra: 'visibility: public\nwatch:\n  - name: TLS certificate of grafana.ops.internal\n    expires: 2025-03-01\n',
          }),
        },
        expected: [
          '12:30: Unexpected internal host name `grafana.ops.internal` in a public report, expected no host under `*.internal` (`publish.internalDomains`; the public edition publishes this text)',
        ],
      },
      {
        title: 'An internal report named by its id',
        files: {
          'postmortems/2024-03-08-api-down-again.md': example({
            date: '2024-03-08',
            extra: 'visibility: public\n',
            body: completeBody.replace('All API clients failed for 42 minutes.', 'All API clients failed for 42 minutes, as in 2024-03-01-payments-down.'),
          }),
          'postmortems/2024-03-01-payments-down.md': example({ title: 'Payments down after a bad deploy' }),
        },
        expected: [
          '21:46: Unexpected mention of the internal report `2024-03-01-payments-down` in a public report, expected no internal report named in the text (the public edition shows a link to it as “an internal report”, but prints prose as written)',
        ],
      },
      {
        title: 'What a public report may show, and an internal section',
        files: {
          'postmortems/2024-03-08-api-down-again.md': example({
            date: '2024-03-08',
            extra: 'visibility: public\nauthors: [alice@acme.com]\n',
            body: completeBody.replace(
              'Rolled back release 42.',
              'Rolled back release 42 (v10.1.2.3) from 192.0.2.10; see https://status.example.com and the [earlier report](../2024-03-01-payments-down/). Mail from noreply@github.com was delayed.\n\n## Internal notes\n\nThe canary was 10.0.4.17, paged by alice@acme.com.',
            ),
          }),
          'postmortems/2024-03-01-payments-down.md': example({ title: 'Payments down after a bad deploy' }),
        },
        expected: [],
      },
      {
        title: 'An internal report is not checked',
        files: {
          'postmortems/2024-03-01-api-down.md': example({
            body: completeBody.replace('Rolled back release 42.', 'Rolled back release 42 on 10.0.4.17.'),
          }),
        },
        expected: [],
      },
    ],
  },
  // The whole text of a public report; nothing of an internal one.
  treeNodes: (report, config) => (visibilityOf(report, config) === 'public' ? report.tree.children.keys() : []),
  check(reports, context) {
    const { config } = context;
    const isTarget = context.isTarget ?? (() => true);
    const targets = reports.filter((report) => !report.unreadable && isTarget(report) && visibilityOf(report, config) === 'public');
    if (targets.length === 0) return;
    const unpublished = unpublishedIds(reports, config);
    const mentions = new MentionFinder(internalReports(reports, config));
    const domains = config.publish.internalDomains;
    for (const report of targets) {
      const index = lineIndexOf(report);
      for (const published of publishedTexts(report, config, unpublished)) {
        for (const exposure of findExposures(published.text, domains)) {
          const start = published.offset + exposure.start;
          context.report(report, { message: describe(exposure), place: index.placeAt(start, start + exposure.value.length), note });
        }
        // Prose names an incident; a frontmatter value (a tag, a watch name) rarely can.
        if (published.field !== undefined || mentions.empty) continue;
        for (const mention of mentions.find(published.text, report.data?.title)) {
          const start = published.offset + mention.start;
          const named = mention.title === undefined ? literal(mention.id) : `${literal(mention.id)} (by its title ${literal(mention.title)})`;
          context.report(report, {
            message: `Unexpected mention of the internal report ${named} in a public report, expected no internal report named in the text (the public edition shows a link to it as “an internal report”, but prints prose as written)`,
            place: index.placeAt(start, published.offset + mention.end),
            note,
          });
        }
      }
    }
  },
});
