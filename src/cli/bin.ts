/**
 * The executable's entry: the only file that touches `process`.
 */
import { text as readWhole } from 'node:stream/consumers';
import { nowFromEnvironment } from '../lib/clock.ts';
import { run } from './run.ts';

const code = await run(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  // `columns` is undefined when stdout is not a terminal (a pipe, a CI log).
  stdout: { write: (text) => void process.stdout.write(text), isTTY: process.stdout.isTTY, columns: process.stdout.columns },
  stderr: { write: (text) => void process.stderr.write(text), isTTY: process.stderr.isTTY },
  // The same "today" as the site's build, so `npm run build`'s check and pages agree.
  now: nowFromEnvironment(process.env),
  // Read only when a command asks (`hindsight comment -`), so no other command waits on a terminal.
  readStdin: () => readWhole(process.stdin),
});
process.exitCode = code;
