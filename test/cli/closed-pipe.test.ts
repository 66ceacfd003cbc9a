/**
 * `hindsight check | head`: the reader closes the pipe after a few lines. The
 * command stops writing, prints no stack trace, and ends with its own exit code.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { report } from '../../src/lib/rules/examples.ts';

const bin = fileURLToPath(new URL('../../bin/hindsight.js', import.meta.url));
let project: string;

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'hindsight-pipe-'));
  await mkdir(join(project, 'postmortems'));
  // Enough problems that the output is far larger than a pipe's buffer: the writes go on after the reader left.
  for (let index = 0; index < 60; index++) {
    const day = String((index % 28) + 1).padStart(2, '0');
    await writeFile(join(project, 'postmortems', `2024-03-${day}-api-down-${index}.md`), report({ date: `2024-03-${day}`, body: '## Summary\n\nTBD\n' }));
  }
});

afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

describe('a reader that closes the pipe early', () => {
  it('ends the check quietly, with its exit code', async () => {
    const child = spawn(process.execPath, [bin, 'check', '--format', 'json', '--no-cache'], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Like `head -c 1`: read the first chunk, then close the pipe.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Error|at /);
    // Problems were found: the check's own code (1), not a crash's.
    expect(code).toBe(1);
  });
});
