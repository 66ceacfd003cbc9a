/**
 * bin/hindsight.js on a Node.js older than the package supports: a sentence saying
 * what to do and exit 2, never a SyntaxError from a module that Node cannot load.
 * Run with the machine's own Node when it is older (these machines have Node 20);
 * elsewhere the test says why it was skipped.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/hindsight.js', import.meta.url));
const systemNode = ['/usr/bin/node', '/usr/local/bin/node'].find((path) => existsSync(path));
const systemVersion = systemNode ? execFileSync(systemNode, ['--version'], { encoding: 'utf8' }).trim().slice(1) : undefined;
const [major = 0, minor = 0] = (systemVersion ?? '0.0').split('.').map(Number);
const older = systemVersion !== undefined && (major < 22 || (major === 22 && minor < 12));

describe('hindsight on an older Node.js', () => {
  it.runIf(older)(`says which Node it needs and exits 2 (system Node ${systemVersion ?? 'absent'})`, () => {
    const result = spawnSync(systemNode!, [bin, 'check'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `hindsight: Unexpected Node.js ${systemVersion}, expected 22.12 or later. Install a newer Node.js, or pin one for npm scripts and npx with \`npm i -D node@24\`.\n`,
    );
    expect(result.stdout).toBe('');
  });
});
