/**
 * Diagnostics as vfile messages, the unified collective's shape, so that
 * vfile-reporter (and any unified tool) can print them.
 */
import { VFile } from 'vfile';
import { VFileMessage } from 'vfile-message';
import type { Diagnostic } from '../rule.ts';

/**
 * One VFile per path, each carrying its diagnostics as messages with `ruleId`,
 * `source: "hindsight"`, `url`, `fatal` (true for errors) and `cause`.
 *
 * @param paths every checked path, so clean files are listed too
 */
export function toVFiles(paths: readonly string[], diagnostics: readonly Diagnostic[]): VFile[] {
  const files = new Map(paths.map((path) => [path, new VFile({ path })]));
  for (const diagnostic of diagnostics) {
    let file = files.get(diagnostic.file);
    if (!file) {
      file = new VFile({ path: diagnostic.file });
      files.set(diagnostic.file, file);
    }
    let cause: VFileMessage | undefined;
    if (diagnostic.cause) {
      // vfile-reporter prints a cause's place but not its file: name the file when it is another one.
      const elsewhere = diagnostic.cause.file !== diagnostic.file ? ` (in ${diagnostic.cause.file})` : '';
      cause = new VFileMessage(`${diagnostic.cause.message}${elsewhere}`, { place: diagnostic.cause.place, source: 'hindsight' });
      cause.file = diagnostic.cause.file;
      cause.fatal = undefined;
    }
    const message = file.message(diagnostic.message, {
      place: diagnostic.place,
      ruleId: diagnostic.ruleId,
      source: 'hindsight',
      cause,
    });
    message.fatal = diagnostic.severity === 'error';
    message.url = diagnostic.url;
    if (diagnostic.note) message.note = diagnostic.note;
  }
  return [...files.values()];
}
