/**
 * Generators of hostile reports for the fuzz suite: structure first (deep
 * nesting in every spelling, many sections, tables, footnotes, fenced code that
 * never closes, raw HTML tag soup, repeated blocks that approach the limits),
 * filled with hostile text (Unicode, control and invisible characters,
 * character references, escapes). Each is built on a complete valid report, so
 * that many pass the check and reach the renderer.
 */
import fc from 'fast-check';
import { completeBody, report } from '../../src/lib/rules/examples.ts';

const words = [
  'deploy',
  'rollback',
  'API',
  'error',
  'users',
  'Timeline',
  'Action Items',
  'acme/api#12',
  '#7',
  '10:05',
  '2024-03-01',
  'Sep 7',
  'UTC',
  'https://example.com/a?b=c',
  'www.example.com',
  'a@b.co',
  'x',
];

/** Characters that break naive code: controls, invisible and bidirectional characters, surrogates, markup. */
const hostileCharacters = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\u0008',
  '\u000b',
  '\u000c',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u00ad',
  '\u034f',
  '\u061c',
  '\u180e',
  '\u200b',
  '\u200c',
  '\u200d',
  '\u200e',
  '\u200f',
  '\u2028',
  '\u2029',
  '\u202a',
  '\u202e',
  '\u2060',
  '\u2066',
  '\u2069',
  '\ufeff',
  '\ufe0f',
  '\ufffd',
  '\ufffe',
  '\uffff',
  '\ud800',
  '\udc00',
  '😀',
  '👩‍👩‍👧',
  'é',
  'é',
  'ß',
  'İ',
  '障害',
  'ǅ',
  '\r',
  '\t',
  '\\',
  '`',
  '*',
  '_',
  '~',
  '[',
  ']',
  '(',
  ')',
  '<',
  '>',
  '&',
  '|',
  '#',
  '!',
  '^',
  ':',
  '"',
  "'",
];

const entities = [
  '&amp;',
  '&lt;',
  '&gt;',
  '&quot;',
  '&#95;',
  '&#x5F;',
  '&lowbar;',
  '&UnderBar;',
  '&nbsp;',
  '&#0;',
  '&#xD800;',
  '&#1114112;',
  '&bogus;',
  '&',
  '&#',
  '&#x;',
  '&#37;5F',
  '%&#53;F',
  '&percnt;',
];

const word = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...words) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
  { weight: 2, arbitrary: fc.constantFrom(...hostileCharacters) },
  { weight: 1, arbitrary: fc.constantFrom(...entities) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
);

const text = fc.array(word, { minLength: 1, maxLength: 8 }).map((parts) => parts.join(' '));

const tagNames = [
  'div',
  'span',
  'p',
  'b',
  'i',
  'a',
  'em',
  'strong',
  'code',
  'pre',
  'ul',
  'ol',
  'li',
  'table',
  'tbody',
  'tr',
  'td',
  'th',
  'details',
  'summary',
  'br',
  'img',
  'hr',
  'svg',
  'path',
  'math',
  'select',
  'option',
  'template',
  'script',
  'style',
  'textarea',
  'iframe',
  'h1',
  'h2',
  'button',
  'font',
  'nobr',
  'xmp',
  'plaintext',
  'body',
  'html',
];
const attributes = fc.constantFrom(
  '',
  ' class="x"',
  ' id="main"',
  ' title="a > b"',
  " title='<div>'",
  ' href="javascript:alert(1)"',
  ' onclick="x()"',
  ' x=1',
  ' name="user-content-x"',
  ' style="color:red"',
  ' align=left',
  ' open',
  ' "',
);

/** One token of raw HTML, valid or not. */
const htmlToken = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...tagNames), attributes).map(([name, attribute]) => `<${name}${attribute}>`) },
  { weight: 4, arbitrary: fc.constantFrom(...tagNames).map((name) => `</${name}>`) },
  { weight: 1, arbitrary: fc.constantFrom(...tagNames).map((name) => `<${name}/>`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '<!-->',
      '<!--->',
      '<!-- x -->',
      '<!-- x --!>',
      '<!--',
      '<!doctype html>',
      '<?x?>',
      '<![CDATA[x]]>',
      '</ x>',
      '</>',
      '<a',
      '<a b="',
      '<',
    ),
  },
  { weight: 3, arbitrary: text },
);

/** Raw HTML: a run of tokens, sometimes one unit repeated (nesting many levels). */
const htmlSoup = fc.oneof(
  fc.array(htmlToken, { minLength: 1, maxLength: 60 }).map((tokens) => tokens.join('')),
  fc.tuple(fc.array(htmlToken, { minLength: 1, maxLength: 3 }), fc.integer({ min: 2, max: 300 })).map(([tokens, times]) => tokens.join('').repeat(times)),
);

/** Inline Markdown: emphasis, links, code, HTML, footnote references, nested a random number of levels. */
const inline: fc.Arbitrary<string> = fc.letrec<{ inline: string }>((tie) => ({
  inline: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 5, arbitrary: text },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('*', '**', '_', '__', '~~', '`', '``'), tie('inline')).map(([mark, inner]) => `${mark}${inner}${mark}`) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(tie('inline'), fc.constantFrom('https://example.com/x', '#fn-1', '#main', 'javascript:alert(1)', '', '<>', 'x y', '../up'))
        .map(([label, url]) => `[${label}](${url})`),
    },
    { weight: 1, arbitrary: fc.tuple(tie('inline'), text).map(([alt, url]) => `![${alt}](${url.replace(/\s/g, '')}.png)`) },
    { weight: 1, arbitrary: fc.tuple(tie('inline'), tie('inline')).map(([left, right]) => `${left} ${right}`) },
    { weight: 1, arbitrary: htmlToken },
    { weight: 1, arbitrary: fc.nat(20).map((number) => `[^${number}]`) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom('*', '_', '~', '[', ']', '`', '<', '[^', '](', '\\'), fc.integer({ min: 1, max: 400 }))
        .map(([mark, times]) => mark.repeat(times)),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom('*', '**', '_', '~~', '[', '<b>'), fc.integer({ min: 1, max: 100 }))
        .map(([mark, times]) => `${mark.repeat(times)}x${(mark === '[' ? '](y)' : mark === '<b>' ? '</b>' : mark).repeat(times)}`),
    },
  ),
})).inline;

const containerMarker = fc.constantFrom('- ', '* ', '+ ', '1. ', '2) ', '> ', '>', '- [ ] ', '- [x] ');

const clock = fc
  .tuple(fc.integer({ min: 0, max: 29 }), fc.integer({ min: 0, max: 69 }))
  .map(([hour, minute]) => `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`);

/** One block of a body. */
export const block: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: inline },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom('#', '##', '###', '######'),
        fc.oneof(inline, fc.constantFrom('Timeline', 'Action Items', 'Overview', 'Sep 8, 2024', '2024-03-02')),
      )
      .map(([marks, title]) => `${marks} ${title}`),
  },
  // Nested on one line: `- > 1. x`, up to 90 levels (past the limit of 64).
  {
    weight: 2,
    arbitrary: fc.tuple(fc.array(containerMarker, { minLength: 1, maxLength: 90 }), inline).map(([markers, content]) => `${markers.join('')}${content}`),
  },
  // Nested by indentation, one level per line.
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 1, max: 80 }), fc.constantFrom('- ', '1. ', '* '), inline)
      .map(([depth, marker, content]) => Array.from({ length: depth }, (_, level) => `${'  '.repeat(level)}${marker}${content}`).join('\n')),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.integer({ min: 1, max: 90 }), inline).map(([depth, content]) => `${'> '.repeat(depth)}${content}\n${'> '.repeat(depth)}${content}`),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.integer({ min: 1, max: 6 }), fc.array(fc.array(inline, { maxLength: 7 }), { maxLength: 30 }), fc.boolean())
      .map(([columns, rows, timeFirst]) => {
        const header = `| ${Array.from({ length: columns }, (_, column) => (column === 0 && timeFirst ? 'Time' : `H${column}`)).join(' | ')} |`;
        const rule = `|${'---|'.repeat(columns)}`;
        return [header, rule, ...rows.map((cells) => `| ${cells.map((cell) => cell.replace(/\n/g, ' ')).join(' | ')} |`)].join('\n');
      }),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom('```', '~~~', '````', '```js', '``` `x`'), fc.array(fc.oneof(inline, text), { maxLength: 10 }), fc.boolean())
      .map(([fence, lines, closed]) => `${fence}\n${lines.join('\n')}${closed ? `\n${fence.slice(0, 3)}` : ''}`),
  },
  { weight: 3, arbitrary: htmlSoup },
  { weight: 1, arbitrary: fc.tuple(fc.nat(20), inline).map(([number, content]) => `[^${number}]: ${content}`) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.string({ maxLength: 6 }), fc.constantFrom('https://example.com', '<x y>', 'javascript:x', ''))
      .map(([label, url]) => `[${label}]: ${url}`),
  },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.tuple(clock, inline), { minLength: 1, maxLength: 20 })
      .map((entries) => entries.map(([time, event]) => `- ${time} ${event}`).join('\n')),
  },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.tuple(fc.boolean(), inline, fc.nat(999)), { minLength: 1, maxLength: 10 })
      .map((items) => items.map(([done, item, number]) => `- [${done ? 'x' : ' '}] ${item} acme/api#${number}`).join('\n')),
  },
  { weight: 1, arbitrary: fc.constantFrom('---', '***', '- - -', '<!-- comment -->', '    indented code', '\\', '') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
);

/**
 * A block repeated many times, or a few blocks: the counts micromark and our
 * passes are sensitive to (lists, sections, lines, emphasis, brackets, tags)
 * come near and past the limits this way.
 */
const blocks = fc.oneof(
  { weight: 4, arbitrary: fc.array(block, { minLength: 1, maxLength: 12 }).map((parts) => parts.join('\n\n')) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(block, fc.integer({ min: 2, max: 1500 }), fc.constantFrom('\n', '\n\n'))
      .map(([part, times, separator]) => `${part}${separator}`.repeat(times)),
  },
);

/** A report with a valid frontmatter and every required section, then hostile blocks (under `## Notes`, or anywhere). */
export const hostileReport: fc.Arbitrary<string> = fc
  .tuple(blocks, fc.boolean())
  .map(([body, appended]) => report({ body: appended ? `${completeBody}\n## Notes\n\n${body}\n` : `${body}\n\n${completeBody}` }));

/** A file name: usually a good one, else one made of the characters that break URLs and file systems. */
export const fileName: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.constant('2024-03-01-api-down') },
  {
    weight: 2,
    arbitrary: fc
      .array(
        fc.oneof(
          fc.constantFrom('2024-03-01', '-', '_', '.', '..', 'api', 'down', 'é', '障害', 'İ'),
          fc.constantFrom('?', '#', '%', '%2F', '/', '\\', ' ', '\n', '\u0000', '\u202e', '\u200b', '&', '+', ':', '*', '"', '<', '~', '^', '`', '|', "'"),
        ),
        { minLength: 1, maxLength: 8 },
      )
      .map((parts) => parts.join('')),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }) },
);
