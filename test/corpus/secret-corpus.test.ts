/**
 * The `secret` rule over ~350 real, published postmortems: it must report nothing.
 * They talk about leaked tokens at length (PyPI's reports name token prefixes,
 * quote a revoked token's hex value in a diff, a defanged attacker URL), which is
 * exactly the prose a credential check must not cry wolf on.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { expect, it } from 'vitest';
import { checkReports } from '../../src/lib/check.ts';
import { parseReport } from '../../src/lib/parse.ts';
import secret from '../../src/lib/rules/secret.ts';
import { brief, makeConfig } from '../helpers.ts';
import { corpusFolder as corpus, describeWithCorpus, markdownFiles } from './corpus.ts';

describeWithCorpus('secret over the shared corpus', () => {
  it('reports nothing in any file', () => {
    const config = makeConfig();
    const files = markdownFiles(corpus);
    expect(files.length).toBeGreaterThanOrEqual(340);
    expect(files.some((file) => file.includes('leaked-admin-personal-access-token'))).toBe(true);
    const reports = files.map((file) => parseReport(relative(corpus, file), readFileSync(file), config));
    const diagnostics = checkReports(reports, config, { rules: [secret] });
    expect(diagnostics.map((diagnostic) => `${diagnostic.file}:${brief(diagnostic)}`)).toEqual([]);
  });
});
