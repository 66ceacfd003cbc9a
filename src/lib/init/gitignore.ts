/**
 * The `.gitignore` lines a Hindsight project needs: the built site, Astro's
 * generated types and the dependencies (which also hold the GitHub state cache).
 */

/** The lines, as init writes them. */
export const ignoreLines = ['dist/', '.astro/', 'node_modules/'] as const;

/** A new `.gitignore`. */
export function gitignoreText(): string {
  return `# The built site, Astro's generated types, and the dependencies (with Hindsight's caches).\n${ignoreLines.join('\n')}\n`;
}

/** A pattern reduced to what it names: `/dist/`, `dist`, `dist/**` and `/dist` all ignore `dist`. */
function normalizePattern(line: string): string {
  return line
    .trim()
    .replace(/^\//, '')
    .replace(/\/\*\*?$/, '')
    .replace(/\/$/, '');
}

/**
 * The lines an existing `.gitignore` lacks. Equivalent patterns count (`/dist`
 * covers `dist/`); a negation later in the file (`!dist/`) is not second-guessed.
 */
export function missingIgnoreLines(text: string): string[] {
  const present = new Set(
    text
      .split(/\r?\n/)
      .filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#') && !line.trimStart().startsWith('!'))
      .map(normalizePattern),
  );
  return ignoreLines.filter((line) => !present.has(normalizePattern(line)));
}
