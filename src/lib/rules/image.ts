/**
 * Rule `image`: an image a report shows from its own folder
 * (`![graph](./images/graph.png)`) exists, and is one the site publishes. Which
 * images the site publishes is decided by src/lib/site/images.ts; the files are
 * the content folder's, as the caller listed them (`RuleContext.files`).
 */
import { contentPath, fileState, isListedFolder, pathInContent, similarFile } from '../content-files.ts';
import { nodeUrlPlace } from '../links.ts';
import type { ParsedReport } from '../parse.ts';
import { defineReportRule } from '../rule.ts';
import { imageExtensions, imageNodes, localImage, normalizePath } from '../site/images.ts';
import { lineIndexOf, literal, literalList, type Place } from '../text.ts';
import { completeBody, report as example } from './examples.ts';

/** Longer than `literal`'s default: a path cut short would hide the part that is wrong. */
const pathLength = 200;

/** `.png`, `.jpg`, …, for the message about other types. */
const publishedExtensions: readonly string[] = imageExtensions.map((extension) => `.${extension}`);

/** The example report with an image paragraph after the Impact section's text, on line 22. */
const withImage = (markdown: string) =>
  example({ body: completeBody.replace('All API clients failed for 42 minutes.', `All API clients failed for 42 minutes.\n\n${markdown}`) });

/** Whether a report may show an image: every image, inline or by reference, is written `![`, and most reports have none. */
function mayShowImages(report: ParsedReport): boolean {
  return report.text.includes('![');
}

export default defineReportRule({
  id: 'image',
  severity: 'error',
  // A draft's images may not be committed yet; an archived report is often imported without its images.
  lenience: { draft: 'warning', archived: 'warning' },
  docs: {
    summary: 'An image a report shows from the content folder (`![graph](./images/graph.png)`) has its file there, and is of a type the site publishes.',
    rationale:
      "A report's graphs and screenshots are its evidence. An image whose file was never committed, was renamed, or is written with another letter case than the file's name shows as a broken image on the site and on GitHub, and nobody notices until the report is needed. The check compares each relative image (Markdown images, and the definitions of reference-style images such as `![graph][g]`) with the files that `hindsight check` and the build list in the content folder, without reading them; about images in hidden folders and `node_modules`, which are not listed, it says nothing. It also warns about an image the site will not publish, so its page would show it broken: one outside the content folder (`../docs/architecture.png`), and one that is not a PNG, JPEG, GIF, WebP or AVIF file. SVG is left out on purpose: opened from the site, an SVG can run scripts. Images by URL (`https://…`) and raw HTML `<img>` tags are not checked.",
    fix: "Commit the file at the path the message names, or correct the path in the report: it is relative to the report's own file, and letter case counts. Move an image from outside into the content folder, and export SVG diagrams as PNG. In an archived report whose images were lost, remove the image or say in words what it showed.",
    examples: [
      {
        title: 'An image whose file was not committed',
        files: {
          'postmortems/2024-03-01-api-down.md': withImage('![Error rate by minute](./images/error-rate.png)'),
        },
        expected: ['22:25: Unexpected image `./images/error-rate.png` that does not exist, expected a file at `postmortems/images/error-rate.png`'],
      },
      {
        title: 'Images the site does not publish',
        files: {
          'postmortems/2024-03-01-api-down.md': withImage('![Architecture](../docs/architecture.png)\n![Request flow](./images/request-flow.svg)'),
          'postmortems/images/request-flow.svg': '',
        },
        expected: [
          '22:17: Unexpected image `../docs/architecture.png` outside the content folder `postmortems/`, expected an image inside it (the site publishes no other)',
          '23:17: Unexpected image `./images/request-flow.svg` of a type the site does not publish, expected a `.png`, `.jpg`, `.jpeg`, `.gif`, `.webp` or `.avif` file (an SVG could run scripts on the site)',
        ],
      },
      {
        title: 'An image beside the report, and one by URL',
        files: {
          'postmortems/2024-03-01-api-down.md': withImage(
            '![Error rate by minute](./images/error-rate.png)\n![Status page](https://status.example.com/incidents/42.png)',
          ),
          'postmortems/images/error-rate.png': '',
        },
        expected: [],
      },
    ],
  },
  // The whole tree of a report that may show an image, none of another.
  treeNodes: (report) => (mayShowImages(report) ? report.tree.children.keys() : []),
  check(report, context) {
    const files = context.files;
    if (!files || report.unreadable || !mayShowImages(report)) return;
    const inside = pathInContent(files, report.path);
    // A report from outside the content folder (`check ../elsewhere/x.md`): its folder was not listed.
    if (inside === undefined) return;
    // The site decides from the project root, so the rule does too: `../postmortems/x.png` may lead back inside.
    const content = normalizePath(context.config.content.replaceAll('\\', '/'));
    if (content === undefined) return;
    const reportPath = content === '' ? inside : `${content}/${inside}`;
    for (const node of imageNodes(report.tree)) {
      const image = localImage(node.url, reportPath, content);
      if (!image || !node.position) continue;
      const { start, end } = node.position;
      // Where the URL is written, and the URL quoted: worked out only for what is reported.
      const placeOf = (): Place => nodeUrlPlace(node, report.text, lineIndexOf(report))?.place ?? { start, end };
      const url = () => literal(node.url, pathLength);
      if (image.kind === 'outside') {
        const folder = literal(files.folder === '' ? './' : `${files.folder}/`, pathLength);
        context.report(report, {
          message: `Unexpected image ${url()} outside the content folder ${folder}, expected an image inside it (the site publishes no other)`,
          place: placeOf(),
          severity: 'warning',
        });
        continue;
      }
      const file = contentPath(files, content === '' ? image.source : image.source.slice(content.length + 1));
      const state = fileState(files, file);
      // In a hidden folder or node_modules, or through a link: not listed, so not judged at all.
      if (state === 'unknown') continue;
      if (state === 'missing' && isListedFolder(files, file)) {
        context.report(report, { message: `Unexpected image ${url()} that is a folder, expected an image file in it`, place: placeOf() });
      } else if (state === 'missing') {
        const similar = similarFile(files, file);
        const hint =
          similar === undefined ? '' : ` (there is ${literal(similar, pathLength)}, whose name differs in letter case or accents: names must match exactly)`;
        context.report(report, {
          message: `Unexpected image ${url()} that does not exist, expected a file at ${literal(file, pathLength)}${hint}`,
          place: placeOf(),
        });
      } else if (image.kind === 'unpublished-type') {
        const svg = /\.svg$/i.test(image.source) ? ' (an SVG could run scripts on the site)' : '';
        context.report(report, {
          message: `Unexpected image ${url()} of a type the site does not publish, expected a ${literalList(publishedExtensions)} file${svg}`,
          place: placeOf(),
          severity: 'warning',
        });
      }
    }
  },
});
