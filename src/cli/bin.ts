/**
 * The executable's entry: the only file that touches `process`.
 */
import { nowFromEnvironment } from '../lib/clock.ts';
import { run } from './run.ts';

const code = await run(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: { write: (text) => void process.stdout.write(text), isTTY: process.stdout.isTTY },
  stderr: { write: (text) => void process.stderr.write(text), isTTY: process.stderr.isTTY },
  // The same "today" as the site's build, so `npm run build`'s check and pages agree.
  now: nowFromEnvironment(process.env),
});
process.exitCode = code;
