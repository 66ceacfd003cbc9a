/**
 * The `image` rule over ~350 real, published postmortems, the corpus taken as the
 * content folder. The corpus keeps their Markdown only, so every image they show
 * from their own repository is missing here: the rule must find those, each at the
 * image's place, and nothing else (no image by URL, no link to a file).
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { expect, it } from 'vitest';
import { checkReports } from '../../src/lib/check.ts';
import { findReportFiles, listContentFiles } from '../../src/lib/node/files.ts';
import { parseReport } from '../../src/lib/parse.ts';
import image from '../../src/lib/rules/image.ts';
import { makeConfig } from '../helpers.ts';
import { corpusFolder as corpus, describeWithCorpus } from './corpus.ts';

describeWithCorpus('image over the shared corpus', () => {
  it('reports each image whose file is not in the corpus, at the image, and nothing else', async () => {
    // The folder holding the corpus is the project: the content folder must be inside it, as the site's is.
    const root = dirname(corpus);
    const folder = basename(corpus);
    const config = makeConfig({ content: folder });
    const paths = await findReportFiles([folder], root);
    expect(paths.length).toBeGreaterThanOrEqual(340);
    const reports = paths.map((path) => parseReport(path, readFileSync(join(root, path)), config));
    const files = listContentFiles(folder, root)!;
    const diagnostics = checkReports(reports, config, { rules: [image], files });
    console.log(
      `image over the corpus:\n${diagnostics.map((diagnostic) => `${diagnostic.file}:${diagnostic.place.start.line}: ${diagnostic.message}`).join('\n')}`,
    );
    // Reports of three teams show screenshots and graphs from their own repositories.
    expect(new Set(diagnostics.map((diagnostic) => diagnostic.file.split('/').at(-2))).size).toBeGreaterThanOrEqual(3);
    for (const diagnostic of diagnostics) {
      expect(diagnostic.message).toMatch(/^Unexpected image `[^`]+` that does not exist, expected a file at `[^`]+`$/);
      // The place is the image's URL, as written.
      const line = readFileSync(join(root, diagnostic.file), 'utf8').split('\n')[diagnostic.place.start.line - 1]!;
      const url = /^Unexpected image `([^`]+)`/.exec(diagnostic.message)![1]!;
      expect(line.slice(diagnostic.place.start.column - 1)).toMatch(new RegExp(`^${url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    }
  });
});
