/**
 * The files CI runs: the GitHub Action (`action.yml`), the pre-commit hook
 * (`.pre-commit-hooks.yaml`) and the workflow `hindsight init` writes. Each must
 * parse, use only real actions at their current major version, and call only
 * commands that exist with options their parsers accept.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { run } from '../src/cli/run.ts';
import { makeProject } from './helpers.ts';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ownPackage = JSON.parse(await readFile(join(projectRoot, 'package.json'), 'utf8')) as { name: string; bin: Record<string, string> };
const astroPackage = JSON.parse(await readFile(join(projectRoot, 'node_modules/astro/package.json'), 'utf8')) as { bin: Record<string, string> };

/**
 * Every action a workflow or the Action may use, at its current major version
 * (checked against each action's releases when this list last changed).
 */
const allowedActions = new Set([
  'actions/checkout@v7',
  'actions/setup-node@v7',
  'actions/cache@v5',
  'actions/configure-pages@v5',
  'actions/upload-pages-artifact@v5',
  'actions/deploy-pages@v5',
]);

/** The executables a `run:` may call through npx: Hindsight's own, and Astro's (its peer dependency). */
const knownBins = new Set([...Object.keys(ownPackage.bin), ...Object.keys(astroPackage.bin)]);

/** The Action, as the runner reads it. */
const action = parse(await readFile(join(projectRoot, 'action.yml'), 'utf8')) as {
  name: string;
  description: string;
  inputs: Record<string, { description: string; default?: string }>;
  runs: { using: string; steps: Step[] };
};

/** The hooks pre-commit reads from a clone of this repository. */
const hooks = parse(await readFile(join(projectRoot, '.pre-commit-hooks.yaml'), 'utf8')) as {
  id: string;
  name: string;
  entry: string;
  language: string;
  files: string;
  exclude: string;
  types: string[];
  pass_filenames: boolean;
}[];

const created: string[] = [];
afterAll(async () => {
  await Promise.all(created.map((folder) => rm(folder, { recursive: true, force: true })));
});

/** A step of a workflow job or of a composite action. */
interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  if?: string;
  id?: string;
  name?: string;
  shell?: string;
}

/** Every step of a workflow (`jobs.*.steps`) or a composite action (`runs.steps`). */
function stepsOf(document: unknown): Step[] {
  const data = document as { jobs?: Record<string, { steps?: Step[] }>; runs?: { steps?: Step[] } };
  return [...Object.values(data.jobs ?? {}).flatMap((job) => job.steps ?? []), ...(data.runs?.steps ?? [])];
}

/** What is wrong with the actions a document uses: each `uses:` must be in the allow-list. */
function usesProblems(document: unknown): string[] {
  return stepsOf(document)
    .filter((step) => step.uses !== undefined)
    .filter((step) => !allowedActions.has(step.uses!))
    .map((step) => `Unexpected action \`${step.uses}\`, expected one of ${[...allowedActions].join(', ')}`);
}

/**
 * Whether `hindsight <args>` would be accepted: the real CLI parses them, with
 * `--help` added so that it stops right after parsing. An unknown command or option
 * exits 2 before the help is printed.
 */
async function hindsightProblem(args: readonly string[]): Promise<string | undefined> {
  if (args.length === 0 || args[0]!.startsWith('-')) return `Unexpected \`hindsight ${args.join(' ')}\`, expected a command`;
  let stderr = '';
  const code = await run([...args, '--help'], { cwd: tmpdir(), env: {}, stdout: { write: () => {} }, stderr: { write: (text) => void (stderr += text) } });
  return code === 0 ? undefined : `Unexpected \`hindsight ${args.join(' ')}\`: ${stderr.trim().split('\n')[0]}`;
}

/** Splits one shell line into words (quotes honoured; enough for the simple lines workflows run). */
function words(line: string): string[] {
  return [...line.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)].map((match) => match[1] ?? match[2] ?? match[3]!);
}

/** npx's own options before the executable's name. */
function afterNpxOptions(args: string[]): string[] {
  const rest = [...args];
  while (rest[0]?.startsWith('-')) {
    const option = rest.shift()!;
    if (option === '--') break;
    if (option === '--package' || option === '-p') rest.shift();
  }
  return rest;
}

/**
 * What is wrong with one `run:` line: only `npm ci`, `npm run <a script package.json has>`,
 * and `npx <hindsight|astro> …` are expected, and Hindsight's arguments must parse.
 */
async function runLineProblem(line: string, scripts: Record<string, string>): Promise<string | undefined> {
  // A command ends at a redirection or a shell operator (`> file || [ $? -eq 1 ]`): what follows is the shell's.
  const all = words(line);
  const end = all.findIndex((word) => ['>', '>>', '||', '&&', '|', ';'].includes(word));
  const [command, ...args] = end === -1 ? all : all.slice(0, end);
  if (command === undefined || command.startsWith('#')) return undefined;
  if (command === 'npm' && args.length === 1 && args[0] === 'ci') return undefined;
  if (command === 'npm' && args[0] === 'run') {
    return args[1] !== undefined && Object.hasOwn(scripts, args[1])
      ? undefined
      : `Unexpected \`${line}\`, expected a script of package.json (${Object.keys(scripts).join(', ')})`;
  }
  const [bin, ...binArgs] = command === 'npx' ? afterNpxOptions(args) : [command, ...args];
  if (command === 'npx' && bin !== undefined && !knownBins.has(bin))
    return `Unexpected executable \`${bin}\` in \`${line}\`, expected one of ${[...knownBins].join(', ')}`;
  if (bin === 'hindsight') return hindsightProblem(binArgs);
  if (bin === 'astro' && command === 'npx') return ['build', 'dev', 'preview'].includes(binArgs[0] ?? '') ? undefined : `Unexpected \`${line}\``;
  return `Unexpected command \`${line}\`, expected \`npm ci\`, \`npm run …\` or \`npx hindsight …\``;
}

/** The problems of every `run:` line of a workflow. */
async function runProblems(document: unknown, scripts: Record<string, string>): Promise<string[]> {
  const problems: string[] = [];
  for (const step of stepsOf(document)) {
    for (const line of step.run?.split('\n') ?? []) {
      const problem = await runLineProblem(line.trim(), scripts);
      if (problem) problems.push(problem);
    }
  }
  return problems;
}

describe('the validators', () => {
  it('refuse a made-up action and an old major version', () => {
    const workflow = { jobs: { build: { steps: [{ uses: 'actions/checkout@v4' }, { uses: 'acme/made-up-action@v1' }, { uses: 'actions/setup-node@v7' }] } } };
    expect(usesProblems(workflow)).toEqual([
      expect.stringContaining('Unexpected action `actions/checkout@v4`'),
      expect.stringContaining('Unexpected action `acme/made-up-action@v1`'),
    ]);
  });

  it('refuse unknown commands, options, scripts and executables', async () => {
    const scripts = { build: 'astro build' };
    expect(await runLineProblem('npx hindsight check --changed', scripts)).toBeUndefined();
    expect(await runLineProblem('npx hindsight check --format github-comment > "$RUNNER_TEMP/c.md" || [ $? -eq 1 ]', scripts)).toBeUndefined();
    expect(await runLineProblem('npx hindsight chek > c.md', scripts)).toMatch(/Unexpected command `chek`/);
    expect(await runLineProblem('npx hindsight check --no-such-option', scripts)).toMatch(/^Unexpected `hindsight check --no-such-option`: .*no-such-option/);
    expect(await runLineProblem('npx hindsight frobnicate', scripts)).toMatch(/^Unexpected `hindsight frobnicate`: .*Unexpected command `frobnicate`/);
    expect(await runLineProblem('npx hindsight --format github', scripts)).toMatch(/expected a command/);
    expect(await runLineProblem('npm run deploy', scripts)).toMatch(/^Unexpected `npm run deploy`/);
    expect(await runLineProblem('npx hindsite check', scripts)).toMatch(/^Unexpected executable `hindsite`/);
    expect(await runLineProblem('curl https://example.com/install.sh | sh', scripts)).toMatch(/^Unexpected command/);
  });
});

describe('the workflow `hindsight init` writes', () => {
  let workflow: Record<string, unknown>;
  let scripts: Record<string, string>;

  beforeAll(async () => {
    const root = await makeProject({ 'package.json': '{\n  "name": "team-postmortems"\n}\n' });
    created.push(root);
    let stderr = '';
    const code = await run(['init'], { cwd: root, env: {}, stdout: { write: () => {} }, stderr: { write: (text) => void (stderr += text) } });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    workflow = parse(await readFile(join(root, '.github/workflows/postmortems.yml'), 'utf8')) as Record<string, unknown>;
    scripts = (JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  });

  it('uses only allowed actions', () => {
    expect(stepsOf(workflow).filter((step) => step.uses).length).toBeGreaterThan(5);
    expect(usesProblems(workflow)).toEqual([]);
  });

  it('runs only commands that exist, with options they accept', async () => {
    expect(stepsOf(workflow).filter((step) => step.run).length).toBeGreaterThan(3);
    expect(await runProblems(workflow, scripts)).toEqual([]);
  });

  it('checks changed reports on pull requests, with the history the merge base needs', () => {
    const on = workflow.on as Record<string, unknown>;
    expect(Object.keys(on).sort()).toEqual(['pull_request', 'push', 'schedule', 'workflow_dispatch']);
    const jobs = workflow.jobs as Record<
      string,
      { if: string; steps: Step[]; permissions?: Record<string, string>; environment?: { name: string }; concurrency?: unknown }
    >;
    expect(jobs.check!.if).toBe("github.event_name == 'pull_request'");
    expect(jobs.check!.steps[0]).toEqual({ uses: 'actions/checkout@v7', with: { 'fetch-depth': 0 } });
    expect(jobs.check!.steps.map((step) => step.run).filter(Boolean)).toEqual([
      'npm ci',
      'npx hindsight check --changed',
      'npx hindsight check --changed --format github-comment > "$RUNNER_TEMP/hindsight-comment.md" || [ $? -eq 1 ]\nnpx hindsight comment "$RUNNER_TEMP/hindsight-comment.md"\n',
    ]);
    expect(jobs.check!.steps[1]).toEqual({ uses: 'actions/setup-node@v7', with: { 'node-version': 24, cache: 'npm' } });
  });

  it('comments on the pull request even when the check failed, with the permission it needs', () => {
    const jobs = workflow.jobs as Record<string, { permissions: Record<string, string>; steps: (Step & { 'continue-on-error'?: boolean })[] }>;
    expect(jobs.check!.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    const step = jobs.check!.steps.find((candidate) => candidate.name === 'Comment on the pull request')!;
    expect(step.if).toBe("${{ !cancelled() && steps.check.outcome != 'skipped' }}");
    expect(step['continue-on-error']).toBe(true);
    expect(step.env).toEqual({ GITHUB_TOKEN: '${{ secrets.GITHUB_TOKEN }}' });
    expect(jobs.check!.steps.find((candidate) => candidate.id === 'check')!.run).toBe('npx hindsight check --changed');
  });

  it('syncs, builds and deploys to GitHub Pages otherwise', () => {
    const jobs = workflow.jobs as Record<
      string,
      { if: string; steps: Step[]; permissions: Record<string, string>; environment: { name: string; url: string }; concurrency: unknown }
    >;
    const deploy = jobs.deploy!;
    expect(deploy.if).toBe("github.event_name != 'pull_request'");
    expect(deploy.permissions).toEqual({ contents: 'read', issues: 'read', 'pull-requests': 'read', pages: 'write', 'id-token': 'write' });
    expect(deploy.environment).toEqual({ name: 'github-pages', url: '${{ steps.deployment.outputs.page_url }}' });
    expect(deploy.concurrency).toEqual({ group: 'pages', 'cancel-in-progress': false });
    const order = deploy.steps.map((step) => step.uses?.replace(/@.*/, '') ?? step.run);
    expect(order).toEqual([
      'actions/checkout',
      'actions/setup-node',
      'npm ci',
      'actions/cache',
      'npx hindsight sync',
      'actions/configure-pages',
      'npm run build',
      'actions/upload-pages-artifact',
      'actions/deploy-pages',
    ]);
    const sync = deploy.steps.find((step) => step.run === 'npx hindsight sync')!;
    expect(sync.env).toEqual({ GITHUB_TOKEN: '${{ secrets.GITHUB_TOKEN }}' });
    expect(deploy.steps.find((step) => step.uses?.startsWith('actions/upload-pages-artifact'))!.with).toEqual({ path: 'dist' });
    expect(deploy.steps.find((step) => step.uses?.startsWith('actions/cache'))!.with).toMatchObject({ path: 'node_modules/.cache/hindsight' });
    expect(workflow.permissions).toEqual({ contents: 'read' });
  });
});

describe('action.yml', () => {
  const checkStep = action.runs.steps.find((step) => step.name === 'Check postmortems')!;
  const nodeStep = action.runs.steps.find((step) => step.id === 'node')!;

  it('is a composite action with the documented inputs', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual([
      'paths',
      'changed-only',
      'github-state',
      'comment',
      'github-token',
      'working-directory',
      'version',
      'node-version',
      'args',
    ]);
    expect(action.inputs['github-token']!.default).toBe('${{ github.token }}');
    expect(action.inputs['working-directory']!.default).toBe('.');
    for (const input of Object.values(action.inputs)) expect(input.description.length).toBeGreaterThan(10);
  });

  it('uses only allowed actions', () => {
    expect(usesProblems(action)).toEqual([]);
  });

  it('never interpolates an input into a script', () => {
    for (const step of action.runs.steps) expect(step.run ?? '').not.toMatch(/\$\{\{/);
    // The inputs reach the script through the environment only.
    expect(checkStep.env).toEqual({
      GITHUB_TOKEN: '${{ inputs.github-token }}',
      HINDSIGHT_PATHS: '${{ inputs.paths }}',
      HINDSIGHT_CHANGED_ONLY: '${{ inputs.changed-only }}',
      HINDSIGHT_GITHUB_STATE: '${{ inputs.github-state }}',
      HINDSIGHT_COMMENT: '${{ inputs.comment }}',
      HINDSIGHT_VERSION: '${{ inputs.version }}',
      HINDSIGHT_ARGS: '${{ inputs.args }}',
    });
  });

  /** A folder standing in for a project, with fake `hindsight` and `npx` that record their arguments. */
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'hindsight-action-'));
    created.push(folder);
    const recorder = (name: string) => `#!/usr/bin/env bash\nprintf '%s\\0' "$@" > "$RECORD_DIR/${name}"\n`;
    await mkdir(join(folder, 'bin'), { recursive: true });
    await writeFile(join(folder, 'bin/npx'), recorder('npx'));
    await chmod(join(folder, 'bin/npx'), 0o755);
    await mkdir(join(folder, 'project/node_modules/.bin'), { recursive: true });
    await mkdir(join(folder, 'project/node_modules/hindsight-postmortems'), { recursive: true });
    await writeFile(join(folder, 'project/node_modules/hindsight-postmortems/package.json'), '{}');
    // Records every call (NUL after each argument, \x01 after each call); writes a comment for the
    // comment format, copies what `comment` posts, and exits as FAKE_CHECK_STATUS / FAKE_COMMENT_STATUS say.
    await writeFile(
      join(folder, 'project/node_modules/.bin/hindsight'),
      `#!/usr/bin/env bash
{ printf '%s\\0' "$@"; printf '\\001'; } >> "$RECORD_DIR/hindsight"
if [ "$1" = comment ]; then cat "$2" > "$RECORD_DIR/posted"; exit "\${FAKE_COMMENT_STATUS:-0}"; fi
case " $* " in *" github-comment "*) echo '<!-- hindsight-comment -->' ;; esac
exit "\${FAKE_CHECK_STATUS:-0}"
`,
    );
    await chmod(join(folder, 'project/node_modules/.bin/hindsight'), 0o755);
    await mkdir(join(folder, 'bare'), { recursive: true });
  });

  /** Runs a step's script as the runner would (`bash -e {0}`), in `cwd`. */
  async function runStep(step: Step, cwd: string, env: Record<string, string>) {
    const record = await mkdtemp(join(folder, 'record-'));
    const script = join(record, 'step.sh');
    await writeFile(script, step.run!);
    const result = await new Promise<{ code: number; stdout: string }>((done) => {
      execFile(
        'bash',
        ['--noprofile', '--norc', '-eo', 'pipefail', script],
        { cwd, env: { PATH: `${join(folder, 'bin')}:${process.env.PATH}`, RECORD_DIR: record, GITHUB_EVENT_NAME: 'push', ...env } },
        (error, stdout) => done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout }),
      );
    });
    const calls = async (name: string) => {
      try {
        return (await readFile(join(record, name), 'utf8'))
          .split('\x01')
          .filter((call) => call !== '')
          .map((call) => call.split('\0').slice(0, -1));
      } catch {
        return undefined;
      }
    };
    const hindsightCalls = await calls('hindsight');
    return { ...result, hindsight: hindsightCalls?.[0], hindsightCalls, npx: (await calls('npx'))?.[0], record };
  }

  /** The inputs' environment, as the runner sets it from the defaults and `with:`. */
  function inputs(given: Record<string, string> = {}): Record<string, string> {
    const values = { paths: '', 'changed-only': '', 'github-state': 'false', comment: '', version: '', args: '', ...given };
    return {
      GITHUB_TOKEN: 'token',
      HINDSIGHT_PATHS: values.paths,
      HINDSIGHT_CHANGED_ONLY: values['changed-only'],
      HINDSIGHT_GITHUB_STATE: values['github-state'],
      HINDSIGHT_COMMENT: values.comment,
      HINDSIGHT_VERSION: values.version,
      HINDSIGHT_ARGS: values.args,
    };
  }

  it('checks changed reports on pull requests and everything otherwise, with annotations', async () => {
    const project = join(folder, 'project');
    const pullRequest = await runStep(checkStep, project, { ...inputs(), GITHUB_EVENT_NAME: 'pull_request' });
    expect(pullRequest.hindsight).toEqual(['check', '--format', 'github', '--changed']);
    const push = await runStep(checkStep, project, inputs());
    expect(push.code).toBe(0);
    expect(push.hindsight).toEqual(['check', '--format', 'github']);
    expect(await hindsightProblem(pullRequest.hindsight!)).toBeUndefined();
    expect(await hindsightProblem(push.hindsight!)).toBeUndefined();
  });

  it("comments on pull requests after the check, and returns the check's exit code", async () => {
    const project = join(folder, 'project');
    const failed = await runStep(checkStep, project, { ...inputs(), GITHUB_EVENT_NAME: 'pull_request', FAKE_CHECK_STATUS: '1' });
    expect(failed.code).toBe(1);
    expect(failed.hindsightCalls).toEqual([
      ['check', '--format', 'github', '--changed'],
      ['check', '--changed', '--format', 'github-comment'],
      ['comment', expect.stringMatching(/hindsight-comment\.\w+$/)],
    ]);
    expect(await readFile(join(failed.record, 'posted'), 'utf8')).toBe('<!-- hindsight-comment -->\n');
    for (const call of failed.hindsightCalls!) expect(await hindsightProblem(call)).toBeUndefined();

    // Posting fails (a read-only token from a fork): a warning, and the check's result stands.
    const refused = await runStep(checkStep, project, {
      ...inputs({ 'github-state': 'true', paths: 'postmortems/a.md', args: '--format json' }),
      GITHUB_EVENT_NAME: 'pull_request',
      FAKE_COMMENT_STATUS: '1',
    });
    expect(refused.code).toBe(0);
    expect(refused.stdout).toContain("::warning title=Hindsight::The pull request comment was not posted (the log above says why); the check's result stands");
    expect(refused.hindsightCalls![1]).toEqual([
      'check',
      '--changed',
      '--github',
      '--offline',
      '--format',
      'json',
      '--format',
      'github-comment',
      'postmortems/a.md',
    ]);

    const off = await runStep(checkStep, project, { ...inputs({ comment: 'false' }), GITHUB_EVENT_NAME: 'pull_request' });
    expect(off.hindsightCalls).toHaveLength(1);
    const push = await runStep(checkStep, project, inputs({ comment: '' }));
    expect(push.hindsightCalls).toHaveLength(1);
    const bad = await runStep(checkStep, project, inputs({ comment: 'yes' }));
    expect(bad.code).toBe(2);
    expect(bad.stdout).toMatch(/Unexpected comment `yes`, expected `true` or `false`/);
  });

  it('passes paths, GitHub state and extra options as separate, literal arguments', async () => {
    const given = inputs({
      paths: '  docs/postmortems/a b.md\n-odd.md\n\n',
      'changed-only': 'true',
      'github-state': 'true',
      args: '--max-warnings 0 --verbose',
    });
    const result = await runStep(checkStep, join(folder, 'project'), given);
    expect(result.hindsight).toEqual([
      'check',
      '--format',
      'github',
      '--changed',
      '--github',
      '--max-warnings',
      '0',
      '--verbose',
      'docs/postmortems/a b.md',
      './-odd.md',
    ]);
    expect(await hindsightProblem(result.hindsight!)).toBeUndefined();
    const spaced = await runStep(checkStep, join(folder, 'project'), inputs({ paths: 'postmortems/a.md postmortems/b.md' }));
    expect(spaced.hindsight).toEqual(['check', '--format', 'github', 'postmortems/a.md', 'postmortems/b.md']);
  });

  it('never runs what an input holds', async () => {
    const result = await runStep(
      checkStep,
      join(folder, 'project'),
      inputs({ paths: '$(touch "$RECORD_DIR/pwned"); `touch "$RECORD_DIR/pwned"`', args: '$(touch "$RECORD_DIR/pwned") ;touch' }),
    );
    await expect(stat(join(result.record, 'pwned'))).rejects.toThrow();
    expect(result.hindsight).toEqual([
      'check',
      '--format',
      'github',
      '$(touch',
      '"$RECORD_DIR/pwned")',
      ';touch',
      '$(touch',
      '"$RECORD_DIR/pwned");',
      '`touch',
      '"$RECORD_DIR/pwned"`',
    ]);
  });

  it('refuses an input that is not true or false, without echoing workflow commands', async () => {
    const result = await runStep(checkStep, join(folder, 'project'), inputs({ 'changed-only': 'yes\n::set-env name=X::1' }));
    expect(result.code).toBe(2);
    expect(result.hindsight).toBeUndefined();
    expect(result.stdout).toBe('::error title=Hindsight::Unexpected changed-only `yes???set-env name?X??1`, expected `true` or `false`\n');
  });

  it('runs the published package when the project has none installed', async () => {
    const latest = await runStep(checkStep, join(folder, 'bare'), inputs());
    expect(latest.npx).toEqual(['--yes', '--package', `${ownPackage.name}@latest`, '--', 'hindsight', 'check', '--format', 'github']);
    const pinned = await runStep(checkStep, join(folder, 'bare'), inputs({ version: '^1.2.0' }));
    expect(pinned.npx?.slice(0, 3)).toEqual(['--yes', '--package', 'hindsight-postmortems@^1.2.0']);
    const hostile = await runStep(checkStep, join(folder, 'bare'), inputs({ version: '1.0.0; touch x' }));
    expect(hostile.code).toBe(2);
    expect(hostile.npx).toBeUndefined();
  });

  it('would pass an unknown option on, which the validator catches', async () => {
    const result = await runStep(checkStep, join(folder, 'project'), inputs({ args: '--no-such-option' }));
    expect(await hindsightProblem(result.hindsight!)).toMatch(/no-such-option/);
  });

  it("sets up Node.js only when the runner's is too old", async () => {
    const output = join(folder, 'output');
    const current = await runStep(nodeStep, folder, { GITHUB_OUTPUT: output, PATH: `${dirname(process.execPath)}:/usr/bin:/bin` });
    expect(current.code).toBe(0);
    expect(await readFile(output, 'utf8')).toBe('setup=false\n');
    await mkdir(join(folder, 'old-node'), { recursive: true });
    await writeFile(join(folder, 'old-node/node'), '#!/bin/sh\necho "process.versions.node = 20.19.0" >&2\nexit 1\n');
    await chmod(join(folder, 'old-node/node'), 0o755);
    await rm(output);
    await runStep(nodeStep, folder, { GITHUB_OUTPUT: output, PATH: `${join(folder, 'old-node')}:/usr/bin:/bin` });
    expect(await readFile(output, 'utf8')).toBe('setup=true\n');
    expect(action.runs.steps.find((step) => step.uses?.startsWith('actions/setup-node'))!.if).toBe("steps.node.outputs.setup == 'true'");
  });
});

describe('.pre-commit-hooks.yaml', () => {
  const hook = hooks.find((candidate) => candidate.id === 'hindsight-check')!;

  it('has the hindsight-check hook for staged Markdown reports', () => {
    expect(hook).toBeDefined();
    expect(hook.name).toBe('hindsight check');
    expect(hook.language).toBe('system');
    expect(hook.types).toEqual(['markdown']);
    expect(hook.pass_filenames).toBe(true);
  });

  it('runs an executable this package installs, with a command and options that exist', async () => {
    const [npx, ...rest] = words(hook.entry);
    expect(npx).toBe('npx');
    const [bin, ...args] = afterNpxOptions(rest);
    expect(Object.keys(ownPackage.bin)).toContain(bin);
    await stat(join(projectRoot, ownPackage.bin[bin!]!));
    // pre-commit appends the staged file names.
    expect(await hindsightProblem([...args, 'postmortems/2024-06-01-disk-full.md'])).toBeUndefined();
  });

  it('picks report files only', () => {
    // These patterns are Python regular expressions; these ones mean the same in JavaScript.
    const files = new RegExp(hook.files);
    const exclude = new RegExp(hook.exclude);
    const selected = (path: string) => files.test(path) && !exclude.test(path);
    expect(['postmortems/2024-06-01-x.md', 'docs/postmortems/2024-06-01-x.md', 'postmortems/2024/x.md'].filter(selected)).toHaveLength(3);
    expect(['README.md', 'my-postmortems/x.md', 'postmortems/_template.md', 'postmortems/_drafts/x.md', 'docs/_postmortems/x.md'].filter(selected)).toEqual([]);
  });
});
