import { describe, expect, it } from 'vitest';
import type { ContentFiles } from '../../src/lib/content-files.ts';
import { completeBody, report } from '../../src/lib/rules/examples.ts';
import image from '../../src/lib/rules/image.ts';
import { brief, checkFiles, contentFiles, makeConfig } from '../helpers.ts';

const path = 'postmortems/2024-03-01-api-down.md';
/** The example report with `markdown` as a paragraph after the Impact section's text, on line 22. */
const withImage = (markdown: string, status?: string) =>
  report({
    ...(status ? { status } : {}),
    body: completeBody.replace('All API clients failed for 42 minutes.', `All API clients failed for 42 minutes.\n\n${markdown}`),
  });
/** Checks `text` at `reportPath` with the `image` rule, the content folder holding `existing` (and the report). */
const check = (
  text: string,
  existing: string[] = [],
  options: { reportPath?: string; files?: ContentFiles | null; config?: ReturnType<typeof makeConfig> } = {},
) => {
  const reportPath = options.reportPath ?? path;
  const files = options.files === null ? undefined : (options.files ?? contentFiles([reportPath, ...existing]));
  return checkFiles({ [reportPath]: text }, { rule: image, files, ...(options.config ? { config: options.config } : {}) });
};
const missing = (url: string, file: string) => `Unexpected image \`${url}\` that does not exist, expected a file at \`${file}\``;
const outside = (url: string, folder = 'postmortems/') =>
  `Unexpected image \`${url}\` outside the content folder \`${folder}\`, expected an image inside it (the site publishes no other)`;
const notPublished = (url: string, svg = false) =>
  `Unexpected image \`${url}\` of a type the site does not publish, expected a \`.png\`, \`.jpg\`, \`.jpeg\`, \`.gif\`, \`.webp\` or \`.avif\` file${svg ? ' (an SVG could run scripts on the site)' : ''}`;

describe('image', () => {
  describe('reports', () => {
    it("an image whose file does not exist, with rule id, severity, docs URL and the URL's exact place", () => {
      const [diagnostic, ...rest] = check(withImage('See ![error rate](./images/error-rate.png) above.'));
      expect(rest).toEqual([]);
      expect(diagnostic).toMatchObject({
        ruleId: 'image',
        severity: 'error',
        file: path,
        url: '/rules/image/',
        place: { start: { line: 22, column: 19 }, end: { line: 22, column: 42 } },
        message: missing('./images/error-rate.png', 'postmortems/images/error-rate.png'),
      });
    });

    it('each image at its own place, in document order, including several on a line and the definitions of reference-style images', () => {
      const text = withImage('![a](a.png) and ![b](<./images/b one.png> "B") and ![c][c] and ![c again][c]\n\n[c]: ./images/c.gif');
      expect(check(text).map(brief)).toEqual([
        `22:6: ${missing('a.png', 'postmortems/a.png')}`,
        `22:23: ${missing('./images/b one.png', 'postmortems/images/b one.png')}`,
        `24:6: ${missing('./images/c.gif', 'postmortems/images/c.gif')}`,
      ]);
    });

    it('a percent-encoded name by the file it names, decoded; a query or fragment is not part of the file', () => {
      expect(check(withImage('![x](./images/my%20graph.png) ![y](./images/y.png?raw=true#top)')).map(brief)).toEqual([
        `22:6: ${missing('./images/my%20graph.png', 'postmortems/images/my graph.png')}`,
        `22:36: ${missing('./images/y.png?raw=true#top', 'postmortems/images/y.png')}`,
      ]);
      expect(
        check(withImage('![x](./images/my%20graph.png) ![y](./images/y.png?raw=true#top)'), ['postmortems/images/my graph.png', 'postmortems/images/y.png']),
      ).toEqual([]);
    });

    it('a path relative to a report in a subfolder, `..` staying inside the content folder', () => {
      const nested = 'postmortems/2024/03/2024-03-01-api-down.md';
      const text = withImage('![x](../../images/x.png) ![y](../y.png) ![z](../../../postmortems/z.png)');
      expect(check(text, [], { reportPath: nested }).map(brief)).toEqual([
        `22:6: ${missing('../../images/x.png', 'postmortems/images/x.png')}`,
        `22:31: ${missing('../y.png', 'postmortems/2024/y.png')}`,
        `22:46: ${missing('../../../postmortems/z.png', 'postmortems/z.png')}`,
      ]);
      expect(check(text, ['postmortems/images/x.png', 'postmortems/2024/y.png', 'postmortems/z.png'], { reportPath: nested })).toEqual([]);
    });

    it('a file whose name differs only in letter case or accents, named in the message', () => {
      const [diagnostic] = check(withImage('![x](./images/Graph.PNG) ![y](./images/cafe\u0301.png)'), [
        'postmortems/images/graph.png',
        'postmortems/images/caf\u00e9.png',
      ]);
      expect(diagnostic!.message).toBe(
        `${missing('./images/Graph.PNG', 'postmortems/images/Graph.PNG')} (there is \`postmortems/images/graph.png\`, whose name differs in letter case or accents: names must match exactly)`,
      );
      expect(check(withImage('![y](./images/cafe\u0301.png)'), ['postmortems/images/caf\u00e9.png'])[0]!.message).toContain(
        '(there is `postmortems/images/caf\u00e9.png`, whose name',
      );
    });

    it('as a warning, an image outside the content folder and one of a type the site does not publish (SVG among them)', () => {
      const text = withImage('![a](../docs/a.png) ![b](../../b.png) ![c](./c.svg) ![d](./d.pdf) ![e](./e)');
      const diagnostics = check(text, ['postmortems/c.svg', 'postmortems/d.pdf', 'postmortems/e']);
      expect(diagnostics.map(brief)).toEqual([
        `22:6: ${outside('../docs/a.png')}`,
        `22:26: ${outside('../../b.png')}`,
        `22:44: ${notPublished('./c.svg', true)}`,
        `22:58: ${notPublished('./d.pdf')}`,
        `22:72: ${notPublished('./e')}`,
      ]);
      expect(diagnostics.map((diagnostic) => diagnostic.severity)).toEqual(['warning', 'warning', 'warning', 'warning', 'warning']);
    });

    it('an image that names a folder, as a folder, at any depth', () => {
      expect(check(withImage('![x](./images/) ![y](./images) ![z](./images/2024/)'), ['postmortems/images/2024/march/x.png']).map(brief)).toEqual([
        '22:6: Unexpected image `./images/` that is a folder, expected an image file in it',
        '22:22: Unexpected image `./images` that is a folder, expected an image file in it',
        '22:37: Unexpected image `./images/2024/` that is a folder, expected an image file in it',
      ]);
      // A name that only starts like a folder is a missing file.
      expect(check(withImage('![w](./imag)'), ['postmortems/images/2024/march/x.png']).map(brief)).toEqual([`22:6: ${missing('./imag', 'postmortems/imag')}`]);
    });

    it('a missing SVG as missing, the error first', () => {
      expect(check(withImage('![c](./c.svg)')).map((diagnostic) => [diagnostic.severity, diagnostic.message])).toEqual([
        ['error', missing('./c.svg', 'postmortems/c.svg')],
      ]);
    });

    it('only as warnings in drafts and archived reports (an imported report often comes without its images)', () => {
      for (const status of ['draft', 'archived']) {
        const diagnostics = check(withImage('![x](./images/x.png)', status));
        expect(
          diagnostics.map((diagnostic) => [diagnostic.severity, diagnostic.message]),
          status,
        ).toEqual([['warning', missing('./images/x.png', 'postmortems/images/x.png')]]);
      }
      expect(check(withImage('![x](./images/x.png)', 'in-review'))[0]!.severity).toBe('error');
    });

    it('paths in the form of the report paths, when check runs inside the content folder or beside it', () => {
      const text = withImage('![x](./images/x.png) ![y](../y.png)');
      const inside = check(text, [], { reportPath: '2024-03-01-api-down.md', files: contentFiles(['2024-03-01-api-down.md'], { folder: '' }) });
      expect(inside.map(brief)).toEqual([`22:6: ${missing('./images/x.png', 'images/x.png')}`, `22:27: ${outside('../y.png', './')}`]);
      const beside = check(text, [], {
        reportPath: '../postmortems/2024-03-01-api-down.md',
        files: contentFiles(['../postmortems/2024-03-01-api-down.md'], { folder: '../postmortems' }),
      });
      expect(beside.map(brief)).toEqual([
        `22:6: ${missing('./images/x.png', '../postmortems/images/x.png')}`,
        `22:27: ${outside('../y.png', '../postmortems/')}`,
      ]);
    });

    it('with a content folder configured in a subfolder', () => {
      const config = makeConfig({ content: './docs/postmortems/' });
      const reportPath = 'docs/postmortems/2024-03-01-api-down.md';
      const files = contentFiles([reportPath], { folder: 'docs/postmortems' });
      expect(check(withImage('![x](./x.png) ![y](../y.png)'), [], { reportPath, files, config }).map(brief)).toEqual([
        `22:6: ${missing('./x.png', 'docs/postmortems/x.png')}`,
        `22:20: ${outside('../y.png', 'docs/postmortems/')}`,
      ]);
    });
  });

  describe('does not report', () => {
    it('an image whose file exists', () => {
      expect(
        check(withImage('![error rate](./images/error-rate.png) ![b](images/b.JPEG) ![c][c]\n\n[c]: ./c.webp'), [
          'postmortems/images/error-rate.png',
          'postmortems/images/b.JPEG',
          'postmortems/c.webp',
        ]),
      ).toEqual([]);
    });

    it('anything without the list of files: a caller that did not list them cannot judge', () => {
      expect(check(withImage('![x](./images/x.png) ![y](../y.png) ![z](./z.svg)'), [], { files: null })).toEqual([]);
    });

    it('images by URL, site paths, data, raw HTML, links to files and reference definitions used only by links', () => {
      const text = withImage(
        [
          '![a](https://example.com/a.png) ![b](//cdn.example.com/b.png) ![c](/images/c.png) ![d](data:image/png;base64,AAAA)',
          '<img src="./html.png" alt="html"> [a link](./file.pdf) [ref][r] ![]() ![e](#top)',
          '',
          '[r]: ./linked.png',
        ].join('\n'),
      );
      expect(check(text)).toEqual([]);
    });

    it('an image at or under a path that was not listed (hidden folders, node_modules, symbolic links)', () => {
      const files = contentFiles([path], { unlisted: ['postmortems/.assets', 'postmortems/images/link.png', 'postmortems/linked'] });
      expect(check(withImage('![a](./.assets/a.png) ![b](./images/link.png) ![c](./linked/deep/c.png)'), [], { files })).toEqual([]);
      // Not even its type: what is not listed is not judged.
      expect(check(withImage('![s](./.assets/s.svg)'), [], { files })).toEqual([]);
      expect(check(withImage('![d](./.assetsx/d.png)'), [], { files }).map(brief)).toEqual([
        `22:6: ${missing('./.assetsx/d.png', 'postmortems/.assetsx/d.png')}`,
      ]);
    });

    it('a report outside the content folder (`check ../elsewhere/x.md`): its folder was not listed', () => {
      expect(check(withImage('![x](./x.png)'), [], { reportPath: 'elsewhere/2024-03-01-api-down.md', files: contentFiles([]) })).toEqual([]);
      expect(check(withImage('![x](./x.png)'), [], { reportPath: '../x/2024-03-01-api-down.md', files: contentFiles([], { folder: '' }) })).toEqual([]);
    });
  });
});
