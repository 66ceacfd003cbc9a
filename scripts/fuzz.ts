/**
 * `npm run fuzz`: the fuzz suite (test/fuzz) with many more cases than `npm test`
 * runs in CI. `HINDSIGHT_FUZZ_RUNS` sets the cases per property (default 2,000;
 * a tenth of that for the linear-cost property, whose cases check six reports
 * each); `HINDSIGHT_FUZZ_SEED` replays the seed a failure printed. Other
 * arguments go to vitest (`npm run fuzz -- -t secret`).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const vitest = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));
const env: NodeJS.ProcessEnv = { ...process.env, HINDSIGHT_FUZZ_RUNS: process.env.HINDSIGHT_FUZZ_RUNS ?? '2000' };
console.log(`Fuzzing with ${env.HINDSIGHT_FUZZ_RUNS} cases per property${env.HINDSIGHT_FUZZ_SEED ? ` from seed ${env.HINDSIGHT_FUZZ_SEED}` : ''}.`);
// Each property scales its own timeout with the number of cases (test/fuzz/runs.ts).
const child = spawn(process.execPath, [vitest, 'run', 'test/fuzz', ...process.argv.slice(2)], { cwd: root, env, stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
