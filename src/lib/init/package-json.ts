/**
 * The npm scripts `hindsight init` adds to `package.json`, and how it adds them:
 * only under names that are free, by inserting text, so that every other byte of
 * the file (indentation, key order, line endings, the last newline) stays as it was.
 */
import { isDeepStrictEqual } from 'node:util';

/** A script init wants the project to have. */
export interface WantedScript {
  /** The name it is added under when that name is free. */
  name: string;
  command: string;
  /** Other names it may already be under, or that are suggested when `name` runs something else. */
  alternatives: readonly string[];
}

/**
 * The scripts: the Astro commands under their usual names (`npm run build` is what
 * CI and hosting services run), and Hindsight's own commands under `postmortems:`,
 * so they never collide with a project's `check` or `new`.
 */
export const wantedScripts: readonly WantedScript[] = [
  { name: 'build', command: 'astro build', alternatives: ['postmortems:build', 'hindsight:build'] },
  { name: 'dev', command: 'astro dev', alternatives: ['postmortems:dev', 'hindsight:dev'] },
  { name: 'preview', command: 'astro preview', alternatives: ['postmortems:preview', 'hindsight:preview'] },
  { name: 'postmortems:check', command: 'hindsight check', alternatives: ['hindsight:check'] },
  { name: 'postmortems:new', command: 'hindsight new', alternatives: ['hindsight:new'] },
  { name: 'postmortems:sync', command: 'hindsight sync', alternatives: ['hindsight:sync'] },
];

/** What happens to one wanted script. */
export type ScriptPlan =
  /** Added under its name, which is free. */
  | { kind: 'add'; script: WantedScript; name: string }
  /** Already there, under `name`. */
  | { kind: 'present'; script: WantedScript; name: string }
  /** Its name runs something else: the user may add it under `name` (free), or under a name of their choosing when `name` is undefined. */
  | { kind: 'suggest'; script: WantedScript; name: string | undefined; taken: string };

/** A package.json that cannot be used. */
export class PackageJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PackageJsonError';
  }
}

/**
 * Parses package.json.
 *
 * @throws {PackageJsonError} when it is not JSON, or not a JSON object
 */
export function parsePackageJson(text: string): Record<string, unknown> {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new PackageJsonError(
      `Unexpected \`package.json\` that is not valid JSON (${(error as Error).message}), expected a valid one; fix it, then run \`hindsight init\` again`,
    );
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new PackageJsonError('Unexpected `package.json` that is not a JSON object, expected `{ "name": …, "scripts": { … } }`');
  }
  return data as Record<string, unknown>;
}

/** The scripts of a package.json (`{}` when it has none), or `undefined` when `scripts` is not an object and cannot be added to. */
function scriptsOf(data: Record<string, unknown>): Record<string, unknown> | undefined {
  if (data.scripts === undefined) return {};
  if (typeof data.scripts !== 'object' || data.scripts === null || Array.isArray(data.scripts)) return undefined;
  return data.scripts as Record<string, unknown>;
}

/** Compares commands as npm runs them: surrounding and repeated spaces do not matter. */
function sameCommand(left: unknown, right: string): boolean {
  return typeof left === 'string' && left.trim().replace(/\s+/g, ' ') === right;
}

/**
 * Decides, for each wanted script, whether it is added, already there, or only suggested.
 *
 * @param data the parsed package.json
 */
export function planScripts(data: Record<string, unknown>): ScriptPlan[] {
  const scripts = scriptsOf(data);
  return wantedScripts.map((script): ScriptPlan => {
    const names = [script.name, ...script.alternatives];
    const present = names.find((name) => scripts !== undefined && Object.hasOwn(scripts, name) && sameCommand(scripts[name], script.command));
    if (present !== undefined) return { kind: 'present', script, name: present };
    // A `scripts` that is not an object cannot be added to: everything is a suggestion.
    if (scripts !== undefined && !Object.hasOwn(scripts, script.name)) return { kind: 'add', script, name: script.name };
    const free = scripts === undefined ? script.name : names.find((name) => !Object.hasOwn(scripts, name));
    return { kind: 'suggest', script, name: free, taken: script.name };
  });
}

/** The name under which a wanted command will run after init (added or already there), if any. */
export function scriptRunning(plans: readonly ScriptPlan[], command: string): string | undefined {
  const plan = plans.find((candidate) => candidate.script.command === command);
  return plan && plan.kind !== 'suggest' ? plan.name : undefined;
}

/** A `"name": "command"` line as it would be written in package.json. */
export function scriptLine(name: string, command: string): string {
  return `${JSON.stringify(name)}: ${JSON.stringify(command)}`;
}

/** One member of a JSON object, by offsets into the text. */
interface Member {
  key: string;
  /** Where the key's opening quote is. */
  start: number;
  /** Just after the value. */
  end: number;
  valueStart: number;
}

/** A JSON object, by offsets into the text. */
interface ObjectSpan {
  /** The `{`. */
  open: number;
  /** The `}`. */
  close: number;
  members: Member[];
}

/** The offset just after the JSON string starting at `start` (its opening quote). */
function skipString(text: string, start: number): number {
  let index = start + 1;
  while (index < text.length && text[index] !== '"') index += text[index] === '\\' ? 2 : 1;
  return index + 1;
}

function skipSpace(text: string, start: number): number {
  let index = start;
  while (index < text.length && /\s/.test(text[index]!)) index++;
  return index;
}

/** The offset just after the JSON value starting at `start`. */
function skipValue(text: string, start: number): number {
  const first = text[start];
  if (first === '"') return skipString(text, start);
  if (first === '{' || first === '[') {
    let depth = 0;
    let index = start;
    while (index < text.length) {
      const character = text[index]!;
      if (character === '"') {
        index = skipString(text, index);
        continue;
      }
      if (character === '{' || character === '[') depth++;
      else if (character === '}' || character === ']') {
        depth--;
        if (depth === 0) return index + 1;
      }
      index++;
    }
    return index;
  }
  let index = start;
  while (index < text.length && !/[\s,\]}]/.test(text[index]!)) index++;
  return index;
}

/** Reads the object whose `{` is at `open` (the text is valid JSON: `JSON.parse` accepted it). */
function readObject(text: string, open: number): ObjectSpan {
  const members: Member[] = [];
  let index = skipSpace(text, open + 1);
  while (text[index] === '"') {
    const keyEnd = skipString(text, index);
    const key = JSON.parse(text.slice(index, keyEnd)) as string;
    const valueStart = skipSpace(text, skipSpace(text, keyEnd) + 1);
    const end = skipValue(text, valueStart);
    members.push({ key, start: index, end, valueStart });
    index = skipSpace(text, end);
    if (text[index] === ',') index = skipSpace(text, index + 1);
  }
  return { open, close: index, members };
}

/** The whitespace a line starts with, for the line holding `offset`. */
function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/**
 * Inserts members at the end of an object, in the object's own style: one per line
 * at the indentation of its members when it spans lines, else on its one line.
 */
function insertMembers(text: string, object: ObjectSpan, lines: readonly string[], unit: string, newline: string): string {
  const last = object.members.at(-1);
  // An empty `{}` in a file laid out on several lines opens up, as npm would write it.
  const spansLines = text.slice(object.open, object.close).includes('\n') || (!last && text.trimEnd().includes('\n'));
  if (!spansLines) {
    const inline = lines.join(', ');
    return last ? `${text.slice(0, last.end)}, ${inline}${text.slice(last.end)}` : `${text.slice(0, object.open + 1)} ${inline} ${text.slice(object.close)}`;
  }
  const outer = indentAt(text, object.close);
  const inner = last ? indentAt(text, last.start) : outer + unit;
  const block = lines.map((line) => `${inner}${line}`).join(`,${newline}`);
  if (last) return `${text.slice(0, last.end)},${newline}${block}${text.slice(last.end)}`;
  return `${text.slice(0, object.open + 1)}${newline}${block}${newline}${outer}${text.slice(object.close)}`;
}

/**
 * Adds scripts to package.json, changing nothing else.
 *
 * @param text the file as it is
 * @param scripts the scripts to add, by name; none of them may already be there
 * @returns the new text
 * @throws {PackageJsonError} when the file is not a JSON object, or its `scripts` is not an object
 */
export function addScripts(text: string, scripts: ReadonlyArray<readonly [string, string]>): string {
  const data = parsePackageJson(text);
  if (scripts.length === 0) return text;
  const existing = scriptsOf(data);
  if (existing === undefined) throw new PackageJsonError('Unexpected `scripts` in `package.json` that is not an object, expected `"scripts": { … }`');
  const expected = { ...data, scripts: { ...existing, ...Object.fromEntries(scripts) } };

  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const unit = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  const lines = scripts.map(([name, command]) => scriptLine(name, command));
  const top = readObject(text, text.indexOf('{'));
  const scriptsMember = top.members.find((member) => member.key === 'scripts');
  let result: string;
  if (scriptsMember) {
    result = insertMembers(text, readObject(text, scriptsMember.valueStart), lines, unit, newline);
  } else {
    const spansLines = text.slice(top.open, top.close).includes('\n');
    const object = spansLines
      ? `"scripts": {${newline}${lines.map((line) => `${unit}${unit}${line}`).join(`,${newline}`)}${newline}${unit}}`
      : `"scripts": { ${lines.join(', ')} }`;
    result = insertMembers(text, top, [object], unit, newline);
  }
  // The insertion relies on the file being plain JSON; should anything be unusual
  // (duplicate keys, say), write what npm itself would: the same data, re-indented.
  if (isDeepStrictEqual(JSON.parse(result.replace(/^\uFEFF/, '')), expected)) return result;
  return `${JSON.stringify(expected, null, unit)}${/\r?\n$/.test(text) ? newline : ''}`;
}
