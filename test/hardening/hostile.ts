/**
 * Hostile reports for the limits (issue 11, items 2 and 3): each reproduction of
 * the issue, and the worst shapes that stay within every limit. Shared by the
 * limits tests, their child process (memory) and the fuzz suite's real build.
 */
import { completeBody, report } from '../../src/lib/rules/examples.ts';

/** A report's path and text. */
export interface HostileReport {
  path: string;
  text: string;
}

const path = 'postmortems/2024-03-01-api-down.md';

/** A complete, valid report with `extra` appended in a `## Notes` section. */
export function withNotes(extra: string): string {
  return report({ body: `${completeBody}\n## Notes\n\n${extra}` });
}

function repeat(count: number, line: (index: number) => string): string {
  let text = '';
  for (let index = 0; index < count; index++) text += line(index);
  return text;
}

const clock = (index: number) => `10:${String(index % 60).padStart(2, '0')}`;

/** The issue's reproductions that passed `check` and crashed the build. */
export const crashingReports: Record<string, HostileReport> = {
  'a list nested 1,000 levels': { path, text: withNotes(`${'- '.repeat(1000)}x\n`) },
  'a block quote nested 1,000 levels': { path, text: withNotes(`${'> '.repeat(1000)}x\n`) },
  '20,000 nested `<div>` on one line': { path, text: withNotes(`${'<div>'.repeat(20_000)}\n`) },
  '5,000 `*` around a word': { path, text: withNotes(`${'*'.repeat(5000)}x${'*'.repeat(5000)}\n`) },
  'links nested 2,000 deep': { path, text: withNotes(`${'['.repeat(2000)}x${'](y)'.repeat(2000)}\n`) },
};

/** The issue's reproductions whose cost per file was superlinear. */
export const costlyReports: Record<string, HostileReport> = {
  'a 60,000-line log pasted without a fence (5.8 MB)': {
    path,
    text: withNotes(
      repeat(
        60_000,
        (index) => `2024-03-01T${clock(index)}:00.${index % 1000}Z INFO [worker-${index % 16}] GET /api/v1/items?id=${index} took ${index % 997}ms *x* _y_\n`,
      ),
    ),
  },
  '8,000 `## Timeline` sections': { path, text: withNotes(repeat(8000, (index) => `## Timeline\n\n- ${clock(index)} x\n\n`)) },
  '`[a](` ×200,000 (800 KB)': { path, text: withNotes(`${'[a]('.repeat(200_000)}\n`) },
  '100,000 footnotes': {
    path,
    text: withNotes(`${repeat(100_000, (index) => `x[^${index}] `)}\n\n${repeat(100_000, (index) => `[^${index}]: note ${index}\n`)}`),
  },
  '7 MB of prose in one paragraph': { path, text: withNotes(`${'All work and no play makes Jack a dull boy. '.repeat(160_000)}\n`) },
  'a 10 MB line': { path, text: withNotes(`${'a b '.repeat(2_450_000)}\n`) },
  'a paragraph that starts with a link definition, then 200 KB of links among non-ASCII text': {
    path,
    text: withNotes(`[a]: https://example.com\n${'www.a.com é '.repeat(17_000)}\n`),
  },
  '`&amp;` ×600 in a paragraph of 3.6 KB': { path, text: withNotes(`${'&amp;é'.repeat(600)}\n`) },
  '`&amp;` ×20,000 in one paragraph': { path, text: withNotes(`${'&amp;é'.repeat(20_000)}\n`) },
  '`<https://a.b> é` ×16,000 in one paragraph (256 KB)': { path, text: withNotes(`${'<https://a.b> é '.repeat(16_000)}\n`) },
  '`www.a.com é` ×20,000 in one paragraph': { path, text: withNotes(`${'www.a.com é '.repeat(20_000)}\n`) },
  '9 MB of `<a `': { path, text: withNotes(`${'<a '.repeat(3_000_000)}\n`) },
};

/**
 * The worst shapes within every limit: each costs what its limit allows (a
 * second or two of parsing on a busy 2-core machine), and each must check and render.
 */
export const heavyAcceptedReports: Record<string, HostileReport> = {
  'a 1 MB log in a fenced code block': {
    path,
    text: withNotes(
      `\`\`\`\n${repeat(12_000, (index) => `2024-03-01T${clock(index)}:00Z INFO [w-${index % 9}] GET /api/v1/items?id=${index} *x* _y_ [a](b) ok\n`)}\`\`\`\n`,
    ),
  },
  '2,400 paragraphs with emphasis and links': {
    path,
    text: withNotes(repeat(2400, (index) => `Line ${index} of prose with *some* emphasis and a [link](https://example.com/${index}).\n\n`)),
  },
  'a paragraph of 1,900 lines': { path, text: withNotes(repeat(1900, (index) => `${index} x\n`)) },
  '240 link definitions in one block (21 KB, more than a paragraph may hold), each used': {
    path,
    text: withNotes(
      `${repeat(240, (index) => `[r${index}]: https://status.example.com/incidents/2024/${index}/timeline-and-follow-up "é ${index}"\n`)}\n${repeat(240, (index) => `[é][r${index}]\n\n`)}`,
    ),
  },
  '15 paragraphs of 16 KB, each with 480 character references and 880 links among non-ASCII text': {
    path,
    text: withNotes(repeat(15, () => `${'&amp; é www.a.com é '.repeat(480)}${'<https://a.b> é '.repeat(400)}\n\n`)),
  },
  '10 paragraphs of 998 emphasis markers': { path, text: withNotes(repeat(10, () => `${'*a'.repeat(499)}\n\n`)) },
  '20 paragraphs of 498 brackets': { path, text: withNotes(repeat(20, () => `${'['.repeat(124)}x${'](y)'.repeat(124)}\n\n`)) },
  '175 runs of backticks of growing length': { path, text: withNotes(`${repeat(175, (index) => `${'`'.repeat(index + 1)}a`)}\n`) },
  '500 lines of a list 60 levels deep': {
    path,
    text: withNotes(repeat(60, (index) => `${' '.repeat(2 * index)}- x\n`) + repeat(500, () => `${' '.repeat(120)}- x\n`)),
  },
  '500 lines quoted 60 levels deep': { path, text: withNotes(repeat(500, () => `${'> '.repeat(60)}x\n`)) },
  '9,800 HTML tags': { path, text: withNotes(repeat(49, (paragraph) => `${repeat(100, (index) => `<span>${paragraph * 100 + index}</span>`)}\n\n`)) },
  '60 lists each holding `<div>` nested 60 deep': { path, text: withNotes(`${'- '.repeat(60)}${'<div>'.repeat(60)}x\n`) },
  '900 lists, each after a heading': { path, text: withNotes(repeat(900, (index) => `### Step ${index}\n- ${clock(index)} x\n`)) },
  'a table of 3,000 cells': {
    path,
    text: withNotes(`| Time | Event | Note |\n|---|---|---|\n${repeat(750, (index) => `| ${clock(index)} | event ${index} | x |\n`)}`),
  },
};
