/**
 * Report ids: a report's file name, without `.md`, is its id, and so its page's
 * address (`/postmortems/<id>/`). The check (the `file` rule) reports a name that
 * cannot be one, and the site's loader leaves such a report out, from this one
 * definition of what a name may hold.
 */
import { literal } from './text.ts';

/** A report id that makes a URL path segment and a file name on every system. */
const idPattern = /^[\p{L}\p{N}_][\p{L}\p{M}\p{N}._ -]*$/u;
const disallowed = /[^\p{L}\p{M}\p{N}._ -]/u;
const markdownExtension = /\.(md|markdown)$/i;

/** A character as a message names it: itself, or its code when it is invisible or a control. */
function characterName(character: string): string {
  if (/^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(character)) return literal(character);
  const code = character.codePointAt(0) ?? 0;
  return `\`U+${code.toString(16).toUpperCase().padStart(4, '0')}\``;
}

/** A name for the file that the id rule accepts, from the one it refuses. */
function suggestedName(id: string, extension: string): string {
  const cleaned = id
    .replace(new RegExp(disallowed.source, 'gu'), '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[^\p{L}\p{N}_]+/u, '')
    .replace(/[.-]+$/, '');
  return `${cleaned || '2024-03-01-short-title'}${extension}`;
}

/**
 * Why a report's file name cannot be its id, or `undefined` when it can. The id
 * (the name without `.md`) is the report's URL (`/postmortems/<id>/`), its page's
 * folder in `dist/` and what `repeat_of` names: letters and digits of any script,
 * `-`, `_` and `.`, starting with a letter, a digit or `_`, not ending with `.`.
 * `?` and `#` would end the URL's path, `%` would be read as an escape, `/` and
 * `\` are folders, a leading `.` makes a hidden or `..` folder, control
 * characters and other white space break links and logs. A plain space is
 * accepted inside a name (teams name reports `PM2021-003 - Title.md`): links
 * encode it.
 *
 * @param path the report's path, `/`-separated (its last segment is the file name)
 */
export function reportIdProblem(path: string): string | undefined {
  // Paths use `/` on every platform (see findReportFiles): a backslash is part of the name, and refused.
  const name = path.split('/').at(-1) ?? path;
  const extension = markdownExtension.exec(name)?.[0] ?? '';
  const id = extension ? name.slice(0, -extension.length) : name;
  if (idPattern.test(id) && !id.endsWith('.') && !id.endsWith(' ')) return undefined;
  const rename = `rename it to ${literal(suggestedName(id, extension))}`;
  const why = 'the name is the report’s id and the address of its page';
  const bad = disallowed.exec(id)?.[0];
  if (bad !== undefined) {
    return `Unexpected ${characterName(bad)} in the file name ${literal(name)}, expected only letters, digits, spaces, \`-\`, \`_\` and \`.\` (${why}); ${rename}`;
  }
  if (id === '')
    return `Unexpected file name ${literal(name)} without a name before the extension, expected a name such as \`2024-03-01-short-title.md\` (${why})`;
  const edge = (id.endsWith('.') || id.endsWith(' ')) && idPattern.test(id) ? 'end' : 'start';
  const character = edge === 'end' ? id.slice(-1) : (id.match(/^./u)?.[0] ?? '');
  return `Unexpected file name ${literal(name)} that ${edge}s with ${characterName(character)}, expected a name that ${edge === 'end' ? 'ends with a letter, a digit or `_`' : 'starts with a letter, a digit or `_`'} (${why}); ${rename}`;
}
