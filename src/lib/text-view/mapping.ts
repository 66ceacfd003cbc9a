/**
 * The way back from a view to its source: a list of segments (a run copied as
 * is, or a few characters that stand for a longer spelling), built in one pass
 * and looked up by binary search only for the few offsets a finding needs.
 */

/** A text derived from a source text, with the way back to the source. */
export interface TextView {
  /** The derived text. */
  readonly text: string;
  /** The source offset where the source of the view's character at `offset` begins. */
  sourceStart(offset: number): number;
  /** The source offset just past the source of the view's character at `offset - 1` (an exclusive end). */
  sourceEnd(offset: number): number;
  /**
   * View offsets, ascending, where the view departs from its source: a spelling
   * resolved, a character removed, two pieces joined. Only the lines holding one
   * can read differently from the source, so a scanner may skip the others.
   * Undefined: the whole view is to be read.
   */
  readonly edits?: ArrayLike<number>;
}

/** The source itself, as a view: every offset maps to itself. */
export function identityView(text: string): TextView {
  return { text, sourceStart: (offset) => offset, sourceEnd: (offset) => offset };
}

/** A growable list of integers in a typed array: millions of segments cost no more than their bytes. */
class IntList {
  values = new Int32Array(64);
  length = 0;

  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Int32Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }

  /** The value at `index` (0 past the end, which callers never ask for). */
  at(index: number): number {
    return this.values[index] ?? 0;
  }

  /** The values, trimmed to the list's length. */
  toArray(): Int32Array {
    return this.values.subarray(0, this.length);
  }
}

/**
 * A view made of segments. A copy segment is a run of the source taken as is
 * (view offset `v` maps to source offset `sourceStart + v - viewStart`); a
 * replacement segment is a short value that stands for a longer source span
 * (`_` for `&#95;`): each of its characters maps to the whole span. A
 * replacement is stored with its source start negated (`-1 - start`).
 */
class SegmentedView implements TextView {
  readonly text: string;
  readonly edits: Int32Array;
  private readonly viewStarts: Int32Array;
  private readonly sourceStarts: Int32Array;
  private readonly sourceEnds: Int32Array;

  constructor(text: string, viewStarts: Int32Array, sourceStarts: Int32Array, sourceEnds: Int32Array, edits: Int32Array) {
    this.text = text;
    this.viewStarts = viewStarts;
    this.sourceStarts = sourceStarts;
    this.sourceEnds = sourceEnds;
    this.edits = edits;
  }

  /** The segment holding view offset `offset` (the last one starting at or before it). */
  private segmentAt(offset: number): number {
    let low = 0;
    let high = this.viewStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.viewStarts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  sourceStart(offset: number): number {
    if (this.viewStarts.length === 0) return 0;
    const clamped = Math.max(0, Math.min(offset, this.text.length - 1));
    const segment = this.segmentAt(clamped);
    const start = this.sourceStarts[segment] ?? 0;
    return start >= 0 ? start + clamped - (this.viewStarts[segment] ?? 0) : -1 - start;
  }

  sourceEnd(offset: number): number {
    if (this.viewStarts.length === 0 || offset <= 0) return this.sourceStart(0);
    const last = Math.min(offset, this.text.length) - 1;
    const segment = this.segmentAt(last);
    const start = this.sourceStarts[segment] ?? 0;
    return start >= 0 ? start + last - (this.viewStarts[segment] ?? 0) + 1 : (this.sourceEnds[segment] ?? 0);
  }
}

/** Whether a UTF-16 code unit is white space (a token never spans one). */
export function isSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d) || (code > 0x7f && /\s/.test(String.fromCharCode(code)));
}

/** Builds a view piece by piece, in source order or not (the pieces of a rendered paragraph). */
export class TextViewBuilder {
  private readonly parts: string[] = [];
  private length = 0;
  private readonly viewStarts = new IntList();
  private readonly sourceStarts = new IntList();
  private readonly sourceEnds = new IntList();
  private readonly edits = new IntList();
  /** Where the source of the last piece ends; -1 at the start and after a separator. */
  private lastSourceEnd = -1;
  /** The last character appended, as a code unit (a space at the start). */
  private lastCode = 0x20;

  /**
   * Appends `text.slice(from, to)` as it is. `text` is the source, or a piece of
   * it that starts at source offset `base`.
   */
  copy(text: string, from: number, to: number, base = 0): void {
    if (to <= from) return;
    const sourceFrom = base + from;
    const sourceTo = base + to;
    if (this.lastSourceEnd !== sourceFrom && this.lastSourceEnd !== -1 && !isSpace(this.lastCode) && !isSpace(text.charCodeAt(from))) {
      // Two pieces join with no space between them (a character removed, markup dropped): a token may now read whole.
      this.edit();
    }
    const last = this.sourceStarts.length - 1;
    // Extending the previous run keeps the segment list as short as the number of edits.
    if (last >= 0 && this.sourceStarts.at(last) >= 0 && this.sourceEnds.at(last) === sourceFrom) {
      this.sourceEnds.values[last] = sourceTo;
    } else {
      this.push(sourceFrom, sourceTo);
    }
    this.parts.push(text.slice(from, to));
    this.length += to - from;
    this.lastSourceEnd = sourceTo;
    this.lastCode = text.charCodeAt(to - 1);
  }

  /** Appends `value`, which stands for the source span `[sourceStart, sourceEnd)`; an empty value removes the span. */
  replace(value: string, sourceStart: number, sourceEnd: number): void {
    this.edit();
    this.lastSourceEnd = sourceEnd;
    if (value === '') return;
    this.push(-1 - sourceStart, sourceEnd);
    this.parts.push(value);
    this.length += value.length;
    this.lastCode = value.charCodeAt(value.length - 1);
  }

  /** Appends a line break that stands for nothing in the source, so that text on either side does not join. */
  separate(sourceOffset: number): void {
    this.lastSourceEnd = -1;
    if (this.length === 0 || this.lastCode === 0x0a) return;
    this.push(-1 - sourceOffset, sourceOffset);
    this.parts.push('\n');
    this.length += 1;
    this.lastCode = 0x0a;
  }

  /** The view built so far. */
  build(): TextView {
    return new SegmentedView(this.parts.join(''), this.viewStarts.toArray(), this.sourceStarts.toArray(), this.sourceEnds.toArray(), this.edits.toArray());
  }

  private edit(): void {
    if (this.edits.length === 0 || this.edits.at(this.edits.length - 1) !== this.length) this.edits.push(this.length);
  }

  private push(sourceStart: number, sourceEnd: number): void {
    this.viewStarts.push(this.length);
    this.sourceStarts.push(sourceStart);
    this.sourceEnds.push(sourceEnd);
  }
}

/**
 * The lines of `view` that hold an edit, joined by line breaks into one view
 * that maps to the same source; `view` itself when it has no edit list or its
 * edits touch most of it. Linear: each line is looked at once.
 */
export function editedLines(view: TextView): TextView {
  const edits = view.edits;
  if (!edits) return view;
  const text = view.text;
  const builder = new TextViewBuilder();
  let windowEnd = -1;
  let covered = 0;
  for (let index = 0; index < edits.length; index++) {
    const edit = edits[index] ?? 0;
    if (edit <= windowEnd) continue;
    const lineStart = text.lastIndexOf('\n', edit - 1) + 1;
    const lineBreak = text.indexOf('\n', edit);
    windowEnd = lineBreak === -1 ? text.length : lineBreak;
    builder.separate(lineStart);
    builder.copy(text, Math.max(lineStart, covered), windowEnd);
    covered = windowEnd;
  }
  // Reading most of the view again in pieces gains nothing over reading it once.
  if (covered === 0) return { text: '', sourceStart: () => 0, sourceEnd: () => 0 };
  const lines = builder.build();
  return lines.text.length * 2 > text.length ? view : composeViews(view, lines);
}

/** A view of a view: `inner` was derived from `outer.text`; the result maps straight to `outer`'s source. */
export function composeViews(outer: TextView, inner: TextView): TextView {
  return {
    text: inner.text,
    sourceStart: (offset) => outer.sourceStart(inner.sourceStart(offset)),
    sourceEnd: (offset) => outer.sourceEnd(inner.sourceEnd(offset)),
  };
}
