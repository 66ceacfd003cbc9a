/**
 * A report's terms (src/lib/report-terms.ts), worked out by the parse and kept
 * in the parse cache: repeat detection finds the same pairs, with the same
 * scores, from them as from the reports' text.
 */
import { describe, expect, it } from 'vitest';
import { parseReport, type ParsedReport } from '../../src/lib/parse.ts';
import { findPossibleRepeats, similarityDocument } from '../../src/lib/repeats.ts';
import { reportTerms, sectionTexts } from '../../src/lib/report-terms.ts';
import { report } from '../../src/lib/rules/examples.ts';
import { terms } from '../../src/lib/similarity.ts';
import { makeConfig } from '../helpers.ts';

const config = makeConfig();

/** A report of `service` whose overview and root cause are the given sentences. */
function parsed(id: string, date: string, service: string, title: string, overview: string, rootCause: string): ParsedReport {
  const body = `# ${title}\n\n## Overview\n\n${overview}\n\n## Impact\n\nRequests failed.\n\n## Timeline\n\n- 10:00 Alert.\n\n## Resolution\n\nRolled back.\n\n## Root Cause\n\n${rootCause}\n\n## Action Items\n\n- [ ] Fix: acme/api#1\n`;
  const text = report({ title, date, body, extra: 'tags: [storage, wal]\n' }).replace('services: [api]', `services: [${service}]`);
  return parseReport(`postmortems/${id}.md`, text, config);
}

const reports = [
  parsed(
    '2023-01-10-disk-full',
    '2023-01-10',
    'db',
    'Database disk full',
    'Writes stopped: the data volume filled with WAL files.',
    'WAL archiving failed for a week.',
  ),
  parsed('2023-05-05-slow-deploys', '2023-05-05', 'db', 'Slow deploys', 'Deploys took 40 minutes pulling images.', 'The registry moved regions.'),
  parsed(
    '2023-10-02-no-space',
    '2023-10-02',
    'db',
    'No space left on the primary',
    'Writes failed: the volume ran out of space with WAL segments.',
    'WAL archiving broke again after a credential change.',
  ),
  parsed('2024-02-01-cert', '2024-02-01', 'api', 'Certificate expired', 'TLS handshakes failed for every client.', 'The certificate was not renewed.'),
];

describe('report terms', () => {
  it("are each field's words as the similarity core splits them", () => {
    const first = reports[0]!;
    const texts = sectionTexts(first.tree, first);
    expect(first.terms).toEqual(reportTerms(first));
    expect(first.terms).toEqual({
      title: terms('Database disk full'),
      tags: terms('storage wal'),
      overview: terms(texts.overview!),
      impact: terms(texts.impact!),
      resolution: terms(texts.resolution!),
      rootCause: terms(texts.rootCause!),
    });
  });

  it('give the same pairs and scores as the text they were split from', () => {
    const withoutTerms = reports.map(({ terms: _terms, ...rest }) => rest as ParsedReport);
    expect(similarityDocument(reports[0]!)?.terms).toBeDefined();
    expect(similarityDocument(withoutTerms[0]!)?.terms).toBeUndefined();
    const fromTerms = findPossibleRepeats([...reports], config);
    expect(fromTerms.length).toBeGreaterThan(0);
    expect(findPossibleRepeats(withoutTerms, config)).toEqual(fromTerms);
  });

  it('are none for a report without valid frontmatter', () => {
    expect(parseReport('postmortems/x.md', '# No frontmatter\n\n## Overview\n\ntext\n', config).terms).toBeUndefined();
  });
});
