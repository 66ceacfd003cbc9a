/**
 * Runs commands for the package tests the way a team runs them in a shell:
 * with the project's pinned Node first on PATH, and without what `npm test`
 * and vitest add to the environment.
 */
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This repository's root folder. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The folder of the Node the project pins (the `node` devDependency, Node 24). The
 * system `node` may be older (20) and cannot run npm 11, Astro 7 or the CLI; `npm`
 * and `npx` are `#!/usr/bin/env node` scripts, so what runs them is the first
 * `node` on PATH.
 */
export const pinnedNodeFolder = join(repoRoot, 'node_modules', 'node', 'bin');

/**
 * Variables `npm test`/`npx` and vitest set that a child `npm` or Astro would read
 * as configuration. `npm_config_prefix`, `npm_config_globalconfig` and
 * `npm_config_omit_lockfile_registry_resolved` would change how the fixture's
 * `npm install` writes its lock file; `NODE_ENV=test` would change Astro's build;
 * the GitHub variables would switch `check` to annotations, append to the CI
 * summary, or let it call GitHub.
 */
function isInherited(name: string): boolean {
  if (/^npm_config_(cache|registry|userconfig)$/i.test(name)) return true;
  if (/^npm_/i.test(name)) return false;
  return (
    !['INIT_CWD', 'NODE', 'NODE_ENV', 'TEST', 'GITHUB_ACTIONS', 'GITHUB_STEP_SUMMARY', 'GITHUB_TOKEN', 'GH_TOKEN'].includes(name) && !name.startsWith('VITEST')
  );
}

/**
 * The environment of a child command: the user's, with `nodeFolder` (default: the
 * pinned Node) first on PATH, no colours, no Astro telemetry.
 */
export function childEnv(extra: NodeJS.ProcessEnv = {}, nodeFolder = pinnedNodeFolder): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (isInherited(name)) env[name] = value;
  env.PATH = [nodeFolder, process.env.PATH ?? ''].join(':');
  env.NO_COLOR = '1';
  env.FORCE_COLOR = '0';
  env.ASTRO_TELEMETRY_DISABLED = '1';
  return { ...env, ...extra };
}

/** What a command did. */
export interface RunResult {
  /** The command line, for messages. */
  command: string;
  cwd: string;
  /** The exit code; `null` when it was killed. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr, interleaved as they came. */
  output: string;
  /** Seconds it took. */
  seconds: number;
}

/** Options for `run`. */
export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Milliseconds before the command (and its children) is killed. */
  timeout?: number;
}

/**
 * Runs a command to completion. Never rejects for a non-zero exit (tests assert on
 * `code`); on a timeout, kills the command's process group and resolves with `code: null`.
 */
export function run(file: string, args: readonly string[], { cwd, env = childEnv(), timeout = 300_000 }: RunOptions): Promise<RunResult> {
  const command = [file, ...args].join(' ');
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    // Its own process group, so a timeout ends npm and everything npm started.
    const child = spawn(file, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      output += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      output += chunk;
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, timeout);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`Cannot run \`${command}\` in ${cwd}: ${error.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const seconds = (performance.now() - started) / 1000;
      if (timedOut) output += `\n[killed after ${timeout / 1000} s]`;
      resolvePromise({ command, cwd, code: timedOut ? null : code, stdout, stderr, output, seconds });
    });
  });
}

/** A result's description for assertion messages: the command, its exit code and its output (the last 12,000 characters). */
export function describeRun(result: RunResult): string {
  const output = result.output.length > 12_000 ? `…${result.output.slice(-12_000)}` : result.output;
  return `\`${result.command}\` in ${result.cwd} exited ${result.code ?? 'on a timeout'} after ${result.seconds.toFixed(1)} s:\n${output}`;
}

/**
 * Runs a command that must succeed (a setup step).
 *
 * @throws {Error} with the command's output when it exits non-zero or times out
 */
export async function runOk(file: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  const result = await run(file, args, options);
  if (result.code !== 0) throw new Error(describeRun(result));
  return result;
}
