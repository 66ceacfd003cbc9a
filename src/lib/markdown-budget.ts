/**
 * The budget of a report's source, measured before anything parses it: one
 * linear pass over the frontmatter's extent and the Markdown body, counting what
 * makes YAML and micromark slow (see `limits`).
 *
 * The pass does not parse Markdown; it needs to know where code blocks are (a
 * pasted log in a fence is cheap to parse, and full of `*`, `_` and `[`) and
 * where paragraphs end. Wherever it cannot tell what micromark will see, it
 * takes the costlier reading: a fence is only recognised where micromark
 * certainly opens one and ends wherever micromark might end it, and a paragraph
 * only ends where micromark certainly ends it. So its counts are never below
 * micromark's, and a report within the budget is parsed within the time it was
 * measured for.
 */
import { formatSizes, limits, partialCheckNote, type LimitProblem } from './limits.ts';
import { formatCount, type LineIndex, type Place } from './text.ts';

const openingFence = /^---([^\r\n]*)\r?\n/;
const closingFence = /^(?:---|\.\.\.)[ \t]*\r?$/m;

/**
 * A frontmatter block over `limits.frontmatterCharacters`, found without reading its
 * YAML: the block is opened and closed by the lines `readFrontmatter` looks for.
 */
export function frontmatterLimitProblem(text: string, index: LineIndex): LimitProblem | undefined {
  const opening = openingFence.exec(text);
  if (!opening || /^-/.test(opening[1] ?? '')) return undefined;
  const start = opening[0].length;
  if (text.length - start <= limits.frontmatterCharacters) return undefined;
  // Only the budget's worth is searched first: a block that closes in it is within the limit.
  if (closingFence.test(text.slice(start, start + limits.frontmatterCharacters))) return undefined;
  const closing = closingFence.exec(text.slice(start));
  const size = closing ? closing.index : text.length - start;
  return {
    message: `Unexpected frontmatter of ${formatSizes(size, limits.frontmatterCharacters).join(', expected at most ')} to check the report; only its credentials were checked`,
    place: index.placeAt(0, opening[0].trimEnd().length),
  };
}

/** A fence that is open: its character, length and indentation. */
interface Fence {
  character: number;
  length: number;
  indent: number;
}

/** A stretch of lines the parser may read as one paragraph's inline content. */
interface Run {
  line: number;
  lines: number;
  emphasis: number;
  brackets: number;
  backtickRuns: number;
  /** Characters of its lines' content (after container markers), line endings counted. */
  characters: number;
  /** `&` followed by a letter or `#`: where a character reference may start. */
  references: number;
  /** The column where the run's first line's content starts. */
  contentIndent: number;
  /** The ordered list marker the run starts with, if any: sibling items end the run. */
  ordered?: { indent: number; delimiter: number };
}

/** The largest value of a per-paragraph count, and where its paragraph starts. */
interface Peak {
  value: number;
  line: number;
}

/** The end markers of the HTML blocks that run past blank lines (CommonMark's kinds 1 to 5). */
const htmlBlockEnds: readonly [RegExp, readonly string[]][] = [
  // Broader than micromark's start condition, so every block it keeps open is kept open here.
  [/^<(?:script|pre|style|textarea)(?![A-Za-z0-9-])/i, ['</script>', '</pre>', '</style>', '</textarea>']],
  [/^<!--/, ['-->']],
  [/^<\?/, ['?>']],
  [/^<!\[CDATA\[/, [']]>']],
  [/^<![A-Za-z]/, ['>']],
];
const htmlBlockStart = /^<[A-Za-z/!?]/;
const thematicBreak = /^([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
/** A GFM table's delimiter row: cells of dashes, with optional alignment colons, separated by `|` (at least one). */
const delimiterRow = /^(?=[^|]*\|)\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

/** The cells of a table row as GFM counts them: split at `|` not escaped, without a leading and a trailing one; 0 without any `|`. */
function tableCells(line: string): number {
  const trimmed = line.trimEnd();
  let pipes = 0;
  let leading = false;
  let trailing = false;
  for (let at = 0; at < trimmed.length; at++) {
    const code = trimmed.charCodeAt(at);
    if (code === 0x5c /* \ */) {
      at++;
      continue;
    }
    if (code !== 0x7c /* | */) continue;
    pipes++;
    if (at === 0) leading = true;
    if (at === trimmed.length - 1) trailing = true;
  }
  return pipes === 0 ? 0 : pipes + 1 - (leading ? 1 : 0) - (trailing ? 1 : 0);
}

const space = 0x20;
const tab = 0x09;

function isAsciiAlphanumeric(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/** The column after `from` when whitespace from `start` is expanded (tabs to the next multiple of 4). */
function indentation(text: string, start: number, end: number): { column: number; position: number } {
  let column = 0;
  let position = start;
  while (position < end) {
    const code = text.charCodeAt(position);
    if (code === space) column++;
    else if (code === tab) column += 4 - (column % 4);
    else break;
    position++;
  }
  return { column, position };
}

/** A list marker at `position`: `-`, `*`, `+`, or 1–9 digits and `.` or `)`, followed by a space, a tab or the line's end. */
function listMarker(text: string, position: number, end: number): { length: number; ordered?: { number: number; delimiter: number } } | undefined {
  const code = text.charCodeAt(position);
  const followed = (at: number) => at >= end || text.charCodeAt(at) === space || text.charCodeAt(at) === tab;
  if (code === 0x2d || code === 0x2a || code === 0x2b) return followed(position + 1) ? { length: 1 } : undefined;
  let digits = position;
  while (digits < end && digits - position < 9 && text.charCodeAt(digits) >= 0x30 && text.charCodeAt(digits) <= 0x39) digits++;
  if (digits === position) return undefined;
  const delimiter = text.charCodeAt(digits);
  if ((delimiter !== 0x2e && delimiter !== 0x29) || !followed(digits + 1)) return undefined;
  return { length: digits + 1 - position, ordered: { number: Number(text.slice(position, digits)), delimiter } };
}

/** Whether a line (from its first non-blank character) closes `fence`: the same character, at least as many, then only blanks. */
function closesFence(text: string, position: number, end: number, fence: Fence): boolean {
  let at = position;
  while (at < end && text.charCodeAt(at) === fence.character) at++;
  if (at - position < fence.length) return false;
  while (at < end && (text.charCodeAt(at) === space || text.charCodeAt(at) === tab)) at++;
  return at === end;
}

/**
 * A line that is a whole link definition (`[label]: https://example.com "title"`):
 * a label, one destination without spaces, an optional title, nothing after. Only
 * short lines qualify, so that a long line of text cannot pass for one. Stricter
 * than the `definitions` count, which takes every line that may be one: a count
 * that bounds a cost may err high, a line left out of a size may only err low.
 */
const definitionLine = /^ {0,3}\[[^\]]{1,999}\]:[ \t]*\S+(?:[ \t]+(?:"[^"]*"|'[^']*'|\([^)]*\)))?[ \t]*$/;

function isDefinitionLine(content: string): boolean {
  return content.length <= 2_000 && definitionLine.test(content);
}

/** A fence opened at `position` (3 or more backticks or tildes; a backtick fence's info has no backtick). */
function opensFence(text: string, position: number, end: number, indent: number): Fence | undefined {
  const character = text.charCodeAt(position);
  if (character !== 0x60 && character !== 0x7e) return undefined;
  let at = position;
  while (at < end && text.charCodeAt(at) === character) at++;
  const length = at - position;
  if (length < 3) return undefined;
  if (character === 0x60 && text.slice(at, end).includes('`')) return undefined;
  return { character, length, indent };
}

/**
 * The first budget a report's Markdown exceeds, found in one pass over the body
 * (the text after the frontmatter), or `undefined` when it is within every one.
 *
 * @param text the whole file
 * @param bodyStart where the body starts (just past the frontmatter; 0 without)
 * @param index a line index over `text`, for the places of problems
 */
export function markdownLimitProblem(text: string, bodyStart: number, index: LineIndex): LimitProblem | undefined {
  const lineAt = (offset: number) => index.pointAt(offset).line;
  const linePlace = (line: number): Place => {
    const start = index.offsetOf(line, 1);
    const next = text.indexOf('\n', start);
    return index.placeAt(start, next === -1 ? text.length : next);
  };
  const over = (what: string, limit: string, line: number, hint = ''): LimitProblem => ({
    message: `Unexpected ${what}, expected at most ${limit} to check the report fully${hint}; ${partialCheckNote}`,
    place: linePlace(line),
  });
  const bodySize = text.length - bodyStart;
  const firstLine = lineAt(bodyStart);
  if (bodySize > limits.bodyCharacters) {
    const [size, most] = formatSizes(bodySize, limits.bodyCharacters);
    return over(`${size} of Markdown`, most, firstLine, ' (move long logs and data to a linked file)');
  }

  let line = firstLine - 1;
  let bodyLines = 0;
  let markdownCharacters = 0;
  let markdownLines = 0;
  let emphasis = 0;
  let brackets = 0;
  let footnotes = 0;
  let definitions = 0;
  let pipes = 0;
  let htmlTags = 0;
  let containers = 0;
  // Whether the line before was in a block quote, and the last line with content had a list marker: a container that starts counts.
  let quotedBefore = false;
  let listedBefore = false;
  // Where each total first went over its limit (0: not over).
  const crossed = { markdownCharacters: 0, markdownLines: 0, containers: 0, emphasis: 0, brackets: 0, footnotes: 0, definitions: 0, pipes: 0, htmlTags: 0 };
  const peaks: Record<'lines' | 'emphasis' | 'brackets' | 'backtickRuns' | 'characters' | 'references', Peak> = {
    lines: { value: 0, line: 0 },
    emphasis: { value: 0, line: 0 },
    brackets: { value: 0, line: 0 },
    backtickRuns: { value: 0, line: 0 },
    characters: { value: 0, line: 0 },
    references: { value: 0, line: 0 },
  };
  let nesting: { depth: number; line: number; quotes: number } | undefined;
  let fence: Fence | undefined;
  let html: 'blank' | readonly string[] | undefined;
  let run: Run | undefined;
  // A line that may be a table's header row (it starts a paragraph), and whether the lines are a table's rows.
  let header: { line: number; cells: number } | undefined;
  let table = false;
  let endedTable = false;

  const endRun = () => {
    if (!run) return;
    for (const key of ['lines', 'emphasis', 'brackets', 'backtickRuns', 'characters', 'references'] as const) {
      if (run[key] > peaks[key].value) peaks[key] = { value: run[key], line: run.line };
    }
    run = undefined;
  };

  let start = bodyStart;
  while (start <= text.length) {
    const newline = text.indexOf('\n', start);
    const next = newline === -1 ? text.length + 1 : newline + 1;
    let end = newline === -1 ? text.length : newline;
    if (end > start && text.charCodeAt(end - 1) === 0x0d) end--;
    line++;
    if (newline === -1 && start === text.length) break;
    bodyLines++;
    const { column: indent, position: first } = indentation(text, start, end);
    const blank = first === end;

    if (fence) {
      // A fence in a list item ends where the item does: at a line indented less than the fence.
      if (!blank && indent < fence.indent) fence = undefined;
      else {
        if (!blank && indent <= fence.indent + 3 && closesFence(text, first, end, fence)) fence = undefined;
        start = next;
        continue;
      }
    }
    if (blank) {
      endRun();
      quotedBefore = false;
      table = false;
      header = undefined;
      if (html === 'blank') html = undefined;
      start = next;
      continue;
    }

    markdownCharacters += end - start;
    if (!crossed.markdownCharacters && markdownCharacters > limits.markdownCharacters) crossed.markdownCharacters = line;

    // Container markers (`>`, list markers) before the line's content.
    let position = first;
    let markers = 0;
    let quotes = 0;
    let marker: { indent: number; contentIndent: number; bullet: boolean; ordered?: { number: number; delimiter: number }; empty: boolean } | undefined;
    for (;;) {
      const at = indentation(text, position, end);
      const code = text.charCodeAt(at.position);
      if (code === 0x3e /* > */) {
        markers++;
        quotes++;
        position = at.position + 1;
        continue;
      }
      const found = at.position < end ? listMarker(text, at.position, end) : undefined;
      if (!found) {
        position = at.position;
        break;
      }
      markers++;
      const markerColumn = at.position - start;
      const content = indentation(text, at.position + found.length, end);
      marker ??= {
        indent: markerColumn,
        contentIndent: content.position - start,
        bullet: found.ordered === undefined,
        ...(found.ordered ? { ordered: found.ordered } : {}),
        empty: content.position === end,
      };
      position = at.position + found.length;
    }
    if (markers > (nesting?.depth ?? limits.nesting)) nesting = { depth: markers, line, quotes };
    // Counted where one may start (a list interrupted by a paragraph counts again): never fewer than micromark opens.
    if ((quotes > 0 && !quotedBefore) || (marker !== undefined && !listedBefore)) containers++;
    quotedBefore = quotes > 0;
    listedBefore = marker !== undefined;
    if (!crossed.containers && containers > limits.containers) crossed.containers = line;
    const contentColumn = position - start;

    // Micromark re-checks every open container on every line: nested lines cost more.
    markdownLines += 1 + (markers + Math.floor(indent / 2)) / 8;
    if (!crossed.markdownLines && markdownLines > limits.markdownLines) crossed.markdownLines = line;

    const content = text.slice(position, end);
    // Lines inside an HTML block never open a fence.
    const inHtml = html !== undefined;
    if (Array.isArray(html)) {
      const lower = content.toLowerCase();
      if (html.some((marker) => lower.includes(marker))) html = undefined;
    } else if (html === undefined && htmlBlockStart.test(content)) {
      const kind = htmlBlockEnds.find(([pattern]) => pattern.test(content));
      html = kind ? kind[1] : 'blank';
      // The end marker may be on the opening line itself (after the opening tag).
      if (kind && kind[1].some((marker) => content.toLowerCase().includes(marker, 2))) html = undefined;
    }
    if (!inHtml && markers === 0 && indent <= 3) {
      const opened = opensFence(text, first, end, indent);
      if (opened) {
        endRun();
        fence = opened;
        start = next;
        continue;
      }
    }

    // Where a paragraph certainly ends: an ATX heading, a bullet or `1.` item that may interrupt it, a sibling ordered item.
    const heading = /^#{1,6}(?:[ \t]|$)/.test(content);
    // A table's rows are parsed one by one: a row is a paragraph of its own here, but only in a table micromark
    // certainly makes (a header row that starts a paragraph, then a delimiter row with as many cells), and only
    // while its rows certainly go on (a top-level line with a `|` that starts no other block).
    const plainLine = markers === 0 && indent <= 3 && !inHtml && html === undefined && !heading && !thematicBreak.test(content);
    const cells = plainLine ? tableCells(content) : 0;
    let row = false;
    if (table) {
      row = plainLine && cells > 0;
      if (!row) table = false;
    } else if (header?.line === line - 1 && plainLine && delimiterRow.test(content) && cells === header.cells) {
      table = true;
      row = true;
    }
    header = undefined;
    let boundary = heading || row || run === undefined || (!table && endedTable);
    endedTable = false;
    if (run && marker && !marker.empty) {
      const interrupts = marker.indent <= run.contentIndent + 3 && (marker.bullet || marker.ordered?.number === 1);
      const sibling =
        run.ordered !== undefined && marker.ordered !== undefined && marker.ordered.delimiter === run.ordered.delimiter && marker.indent === run.ordered.indent;
      boundary ||= interrupts || sibling;
    }
    if (boundary && !row && plainLine && cells > 0) header = { line, cells };
    if (boundary) {
      endRun();
      run = {
        line,
        lines: 0,
        emphasis: 0,
        brackets: 0,
        backtickRuns: 0,
        characters: 0,
        references: 0,
        contentIndent: marker ? marker.contentIndent : contentColumn,
        ...(marker?.ordered ? { ordered: { indent: marker.indent, delimiter: marker.ordered.delimiter } } : {}),
      };
    }
    const current = run!;
    current.lines++;
    // A block of link definitions is read line by line, none of it as a paragraph's text: its lines count only
    // once a line that is not a definition joins the run (definitions open a paragraph, they never end one).
    if (!(current.characters === 0 && isDefinitionLine(content))) current.characters += end - position + 1;
    if (content.startsWith('[') && content.includes(']:')) {
      definitions++;
      if (!crossed.definitions && definitions > limits.definitions) crossed.definitions = line;
    }

    // The characters micromark's inline constructs start at.
    let previous = position > start ? text.charCodeAt(position - 1) : space;
    for (let at = position; at < end; at++) {
      const code = text.charCodeAt(at);
      switch (code) {
        case 0x2a /* * */:
        case 0x7e /* ~ */:
          current.emphasis++;
          emphasis++;
          break;
        case 0x5f /* _ */:
          // An underscore inside a word (`snake_case`) can neither open nor close emphasis.
          if (!(isAsciiAlphanumeric(previous) && isAsciiAlphanumeric(text.charCodeAt(at + 1)))) {
            current.emphasis++;
            emphasis++;
          }
          break;
        case 0x5b /* [ */:
          current.brackets++;
          brackets++;
          if (text.charCodeAt(at + 1) === 0x5e /* ^ */) footnotes++;
          break;
        case 0x5d /* ] */:
          current.brackets++;
          brackets++;
          break;
        case 0x60 /* ` */:
          if (previous !== 0x60) current.backtickRuns++;
          break;
        case 0x7c /* | */:
          pipes++;
          break;
        case 0x26 /* & */: {
          const after = text.charCodeAt(at + 1);
          if (after === 0x23 /* # */ || ((after | 0x20) >= 0x61 && (after | 0x20) <= 0x7a)) current.references++;
          break;
        }
        case 0x3c /* < */: {
          const after = text.charCodeAt(at + 1);
          if (after === 0x2f || after === 0x21 || after === 0x3f || ((after | 0x20) >= 0x61 && (after | 0x20) <= 0x7a)) htmlTags++;
          break;
        }
        default:
          break;
      }
      previous = code;
    }
    if (!crossed.emphasis && emphasis > limits.emphasis) crossed.emphasis = line;
    if (!crossed.brackets && brackets > limits.brackets) crossed.brackets = line;
    if (!crossed.footnotes && footnotes > limits.footnotes) crossed.footnotes = line;
    if (!crossed.pipes && pipes > limits.tableCells) crossed.pipes = line;
    if (!crossed.htmlTags && htmlTags > limits.htmlTags) crossed.htmlTags = line;
    // A heading's text, and a table row's, is parsed on its own.
    if (heading || row) endRun();
    if (row) endedTable = true;
    start = next;
  }
  endRun();

  if (bodyLines > limits.bodyLines)
    return over(`${formatCount(bodyLines)} lines`, formatCount(limits.bodyLines), firstLine, ' (move long logs and data to a linked file)');
  if (crossed.markdownCharacters) {
    return over(
      `${formatSizes(markdownCharacters, limits.markdownCharacters)[0]} of Markdown outside code blocks`,
      formatSizes(markdownCharacters, limits.markdownCharacters)[1],
      crossed.markdownCharacters,
      ' (put logs in a fenced code block)',
    );
  }
  if (nesting) {
    const kind = nesting.quotes === nesting.depth ? 'block quote' : nesting.quotes === 0 ? 'list' : 'list and block quote';
    return {
      message: `Unexpected ${kind} nesting ${formatCount(nesting.depth)} levels deep at line ${nesting.line}, expected at most ${limits.nesting}; ${partialCheckNote}`,
      place: linePlace(nesting.line),
    };
  }
  if (crossed.markdownLines) {
    return over(
      `${formatCount(Math.ceil(markdownLines))} lines of Markdown outside code blocks (a nested line counts more)`,
      formatCount(limits.markdownLines),
      crossed.markdownLines,
      ' (put logs in a fenced code block)',
    );
  }
  if (crossed.containers) {
    return over(
      `${formatCount(containers)} lists and block quotes`,
      formatCount(limits.containers),
      crossed.containers,
      ' (a list that a paragraph interrupts counts again)',
    );
  }
  if (peaks.lines.value > limits.paragraphLines) {
    return over(
      `paragraph or table of ${formatCount(peaks.lines.value)} lines without a blank line at line ${peaks.lines.line}`,
      formatCount(limits.paragraphLines),
      peaks.lines.line,
      ' (put logs in a fenced code block)',
    );
  }
  if (peaks.characters.value > limits.paragraphCharacters) {
    const [size, most] = formatSizes(peaks.characters.value, limits.paragraphCharacters);
    return over(
      `paragraph or table row of ${size} without a blank line at line ${peaks.characters.line}`,
      `${most} in a paragraph`,
      peaks.characters.line,
      ' (put logs in a fenced code block)',
    );
  }
  if (peaks.references.value > limits.paragraphCharacterReferences) {
    return over(
      `${formatCount(peaks.references.value)} character references (\`&amp;\`, \`&#35;\`) in the paragraph at line ${peaks.references.line}`,
      `${formatCount(limits.paragraphCharacterReferences)} in a paragraph`,
      peaks.references.line,
    );
  }
  if (peaks.emphasis.value > limits.paragraphEmphasis) {
    return over(
      `${formatCount(peaks.emphasis.value)} emphasis markers (\`*\`, \`_\`, \`~\`) in the paragraph at line ${peaks.emphasis.line}`,
      `${formatCount(limits.paragraphEmphasis)} in a paragraph`,
      peaks.emphasis.line,
    );
  }
  if (crossed.emphasis)
    return over(`${formatCount(emphasis)} emphasis markers (\`*\`, \`_\`, \`~\`) outside code blocks`, formatCount(limits.emphasis), crossed.emphasis);
  if (peaks.brackets.value > limits.paragraphBrackets) {
    return over(
      `${formatCount(peaks.brackets.value)} brackets (\`[\`, \`]\`) in the paragraph at line ${peaks.brackets.line}`,
      `${formatCount(limits.paragraphBrackets)} in a paragraph`,
      peaks.brackets.line,
    );
  }
  if (crossed.brackets) return over(`${formatCount(brackets)} brackets (\`[\`, \`]\`) outside code blocks`, formatCount(limits.brackets), crossed.brackets);
  if (peaks.backtickRuns.value > limits.paragraphBacktickRuns) {
    return over(
      `${formatCount(peaks.backtickRuns.value)} runs of backticks in the paragraph at line ${peaks.backtickRuns.line}`,
      `${formatCount(limits.paragraphBacktickRuns)} in a paragraph`,
      peaks.backtickRuns.line,
    );
  }
  if (crossed.footnotes) return over(`${formatCount(footnotes)} footnote marks (\`[^\`)`, formatCount(limits.footnotes), crossed.footnotes);
  if (crossed.definitions) return over(`${formatCount(definitions)} link definitions (\`[label]: …\`)`, formatCount(limits.definitions), crossed.definitions);
  if (crossed.pipes) return over(`${formatCount(pipes)} table cell separators (\`|\`) outside code blocks`, formatCount(limits.tableCells), crossed.pipes);
  if (crossed.htmlTags) return over(`${formatCount(htmlTags)} HTML tags outside code blocks`, formatCount(limits.htmlTags), crossed.htmlTags);
  return undefined;
}
