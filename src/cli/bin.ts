/**
 * The executable's entry: the only file that touches `process`.
 */
import { text as readWhole } from 'node:stream/consumers';
import { nowFromEnvironment } from '../lib/clock.ts';
import { run } from './run.ts';

/**
 * Writes to `stream`, until its reader goes away: `hindsight check | head` closes the
 * pipe after a few lines, and the rest of the output has nowhere to go. That is not
 * an error (no stack trace); the run still ends with its own exit code.
 */
function writerTo(stream: NodeJS.WriteStream): (text: string) => void {
  let readerGone = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    readerGone = true;
  });
  return (text) => {
    if (!readerGone) stream.write(text);
  };
}

const code = await run(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  // `columns` is undefined when stdout is not a terminal (a pipe, a CI log).
  stdout: { write: writerTo(process.stdout), isTTY: process.stdout.isTTY, columns: process.stdout.columns },
  stderr: { write: writerTo(process.stderr), isTTY: process.stderr.isTTY },
  // The same "today" as the site's build, so `npm run build`'s check and pages agree.
  now: nowFromEnvironment(process.env),
  // Read only when a command asks (`hindsight comment -`), so no other command waits on a terminal.
  readStdin: () => readWhole(process.stdin),
});
process.exitCode = code;
