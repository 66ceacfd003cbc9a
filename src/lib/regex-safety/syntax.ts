/**
 * Reads a regular expression's source into a small tree (`RegexNode`): enough
 * structure to find repetitions and what each part can match, no more. Parts it
 * does not model are read as matching anything, which keeps the analysis
 * conservative.
 */
import { anyChar, caseFold, complement, digit, lineTerminators, noChar, space, union, word, type CharSet } from './charset.ts';

/** A part of a pattern, with where it is in the pattern's source (for messages). */
export type RegexNode = { start: number; end: number } & (
  | { type: 'char'; set: CharSet }
  | { type: 'sequence'; items: RegexNode[] }
  | { type: 'alternation'; branches: RegexNode[] }
  | { type: 'group'; body: RegexNode; lookaround: boolean }
  | { type: 'repeat'; body: RegexNode; min: number; max: number }
  | { type: 'assertion' }
);

/**
 * A small recursive-descent reader for the JavaScript pattern syntax (`u` flag).
 * It only keeps what matters for backtracking: which characters each part can
 * match, repetitions, alternatives, groups.
 */
export class Reader {
  private position = 0;
  private readonly source: string;
  private ignoreCase = false;

  constructor(source: string) {
    this.source = source;
  }

  /** The whole pattern as a tree; throws a `SyntaxError` naming what it cannot read. */
  read(): RegexNode {
    const node = this.alternation();
    if (this.position < this.source.length) throw new SyntaxError(`unexpected \`${this.source.charAt(this.position)}\``);
    return node;
  }

  private peek(): string {
    return this.source.charAt(this.position);
  }

  private alternation(): RegexNode {
    const start = this.position;
    const branches = [this.sequence()];
    while (this.peek() === '|') {
      this.position++;
      branches.push(this.sequence());
    }
    return branches.length === 1 ? branches[0]! : { type: 'alternation', branches, start, end: this.position };
  }

  private sequence(): RegexNode {
    const start = this.position;
    const items: RegexNode[] = [];
    while (this.position < this.source.length && this.peek() !== '|' && this.peek() !== ')') {
      items.push(this.quantified(this.atom()));
    }
    return { type: 'sequence', items, start, end: this.position };
  }

  private quantified(atom: RegexNode): RegexNode {
    let bounds: [number, number] | undefined;
    const character = this.peek();
    if (character === '*') bounds = [0, Infinity];
    else if (character === '+') bounds = [1, Infinity];
    else if (character === '?') bounds = [0, 1];
    if (bounds) {
      this.position++;
    } else if (character === '{') {
      const counted = /^\{(\d+)(?:(,)(\d*))?\}/.exec(this.source.slice(this.position));
      if (!counted) return atom;
      const min = Number(counted[1]);
      bounds = [min, counted[2] === undefined ? min : counted[3] ? Number(counted[3]) : Infinity];
      this.position += counted[0].length;
    } else {
      return atom;
    }
    // A lazy repetition backtracks just as much.
    if (this.peek() === '?') this.position++;
    return { type: 'repeat', body: atom, min: bounds[0], max: bounds[1], start: atom.start, end: this.position };
  }

  private atom(): RegexNode {
    const start = this.position;
    const character = this.peek();
    this.position++;
    switch (character) {
      case '^':
      case '$':
        return { type: 'assertion', start, end: this.position };
      case '.':
        return { type: 'char', set: complement(lineTerminators), start, end: this.position };
      case '[': {
        const set = this.fold(this.characterClass());
        return { type: 'char', set, start, end: this.position };
      }
      case '(':
        return this.group(start);
      case '\\':
        return this.escape(start, false);
      default: {
        const code = this.source.codePointAt(start) ?? 0;
        this.position = start + String.fromCodePoint(code).length;
        return { type: 'char', set: this.fold([[code, code]]), start, end: this.position };
      }
    }
  }

  private fold(set: CharSet): CharSet {
    return this.ignoreCase ? caseFold(set) : set;
  }

  private group(start: number): RegexNode {
    let lookaround = false;
    const saved = this.ignoreCase;
    const prefix = /^\?(?:(<?[=!])|:|<[A-Za-z_$][\w$]*>|([ims]*)(?:-([ims]*))?:)/.exec(this.source.slice(this.position));
    if (prefix) {
      lookaround = prefix[1] !== undefined;
      if (prefix[2]?.includes('i')) this.ignoreCase = true;
      if (prefix[3]?.includes('i')) this.ignoreCase = false;
      this.position += prefix[0].length;
    }
    const body = this.alternation();
    if (this.peek() !== ')') throw new SyntaxError('missing `)`');
    this.position++;
    this.ignoreCase = saved;
    return { type: 'group', body, lookaround, start, end: this.position };
  }

  /** An escape after its backslash; in a class, `\b` is a backspace and there are no assertions. */
  private escape(start: number, inClass: boolean): RegexNode {
    const character = this.peek();
    this.position++;
    const char = (set: CharSet): RegexNode => ({ type: 'char', set: this.fold(set), start, end: this.position });
    const point = (code: number) => char([[code, code]]);
    switch (character) {
      case 'd':
        return char(digit);
      case 'D':
        return char(complement(digit));
      case 'w':
        return char(word);
      case 'W':
        return char(complement(word));
      case 's':
        return char(space);
      case 'S':
        return char(complement(space));
      case 'b':
        return inClass ? point(8) : { type: 'assertion', start, end: this.position };
      case 'B':
        return { type: 'assertion', start, end: this.position };
      case 'n':
        return point(0x0a);
      case 'r':
        return point(0x0d);
      case 't':
        return point(0x09);
      case 'v':
        return point(0x0b);
      case 'f':
        return point(0x0c);
      case 'c':
        this.position++;
        return point(this.source.charCodeAt(this.position - 1) % 32);
      case 'p':
      case 'P':
        // A Unicode property: taken as any character (conservative).
        this.position = this.source.indexOf('}', this.position) + 1 || this.source.length;
        return char(anyChar);
      case 'x': {
        const hex = /^[0-9A-Fa-f]{2}/.exec(this.source.slice(this.position))?.[0] ?? '';
        this.position += hex.length;
        return point(Number.parseInt(hex || '0', 16));
      }
      case 'u': {
        const hex = /^(?:\{([0-9A-Fa-f]+)\}|([0-9A-Fa-f]{4}))/.exec(this.source.slice(this.position));
        this.position += hex?.[0].length ?? 0;
        return point(Number.parseInt(hex?.[1] ?? hex?.[2] ?? '0', 16));
      }
      case 'k':
        this.position = this.source.indexOf('>', this.position) + 1 || this.source.length;
        return this.backreference(start);
      default:
        if (/[1-9]/.test(character) && !inClass) {
          while (/\d/.test(this.peek())) this.position++;
          return this.backreference(start);
        }
        if (character === '0') return point(0);
        return point(character.codePointAt(0) ?? 0);
    }
  }

  /** A backreference repeats text captured elsewhere: taken as any text of any length (conservative). */
  private backreference(start: number): RegexNode {
    const body: RegexNode = { type: 'char', set: anyChar, start, end: this.position };
    return { type: 'repeat', body, min: 0, max: Infinity, start, end: this.position };
  }

  /** A character class after its `[`, up to and including its `]`. */
  private characterClass(): CharSet {
    const negated = this.peek() === '^';
    if (negated) this.position++;
    let set: CharSet = noChar;
    const member = (): CharSet => {
      const start = this.position;
      const character = this.peek();
      this.position++;
      if (character === '\\') {
        const escaped = this.escape(start, true);
        return escaped.type === 'char' ? escaped.set : anyChar;
      }
      const code = this.source.codePointAt(start) ?? 0;
      this.position = start + String.fromCodePoint(code).length;
      return [[code, code]];
    };
    while (this.position < this.source.length && this.peek() !== ']') {
      const low = member();
      if (this.peek() === '-' && this.source.charAt(this.position + 1) !== ']' && this.position + 1 < this.source.length) {
        this.position++;
        const high = member();
        const [from] = low[0] ?? [0];
        const [, to] = high[high.length - 1] ?? [0, 0];
        set = union(set, low.length === 1 && high.length === 1 && from <= to ? [[from, to]] : union(low, union(high, [[0x2d, 0x2d]])));
      } else {
        set = union(set, low);
      }
    }
    if (this.peek() !== ']') throw new SyntaxError('missing `]`');
    this.position++;
    return negated ? complement(set) : set;
  }
}
