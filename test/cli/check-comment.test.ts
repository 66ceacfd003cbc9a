/**
 * `hindsight check --format github-comment`: the Markdown on stdout, with links to
 * the pull request's head commit (from the workflow's event, never the merge
 * commit), GitHub states from the cache, and no step summary.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheFilePath, writeCache } from '../../src/lib/github/cache.ts';
import { commentMarker, updateOnlyMarker } from '../../src/lib/reporters/github-comment.ts';
import { makeConfig, makeProject, runCli } from '../helpers.ts';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const earlier = 'postmortems/2022-08-31-utoronto-azuread-secret-expired.md';
const repeat = 'postmortems/2022-09-07-utoronto-hub-login-500.md';
const headSha = '6dcb09b5b57875f334f61aebed695e2e4193db5e';
const mergeSha = 'e5bd3914e2e596debea16f433f57875b5b90bcd6';

let root: string;
let env: Record<string, string>;
/** Every temporary folder made, removed at the end. */
const created: string[] = [];

afterAll(async () => {
  await Promise.all(created.map((folder) => rm(folder, { recursive: true, force: true })));
});

beforeAll(async () => {
  root = await makeProject({
    'package.json': '{}\n',
    [earlier]: await readFile(join(projectRoot, earlier), 'utf8'),
    [repeat]: await readFile(join(projectRoot, repeat), 'utf8'),
  });
  created.push(root);
  await writeFile(join(root, 'event.json'), JSON.stringify({ number: 12, pull_request: { number: 12, head: { sha: headSha } } }));
  // No PATH: Git is not found, so the repository folder comes from GITHUB_WORKSPACE.
  env = {
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: join(root, 'event.json'),
    GITHUB_REPOSITORY: 'acme/postmortems',
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_SHA: mergeSha,
    GITHUB_RUN_ID: '99',
    GITHUB_WORKSPACE: root,
    GITHUB_STEP_SUMMARY: join(root, 'summary.md'),
  };
});

describe('hindsight check --format github-comment', () => {
  it('writes the comment, linked to the head commit, and no step summary', async () => {
    const result = await runCli(['check', '--format', 'github-comment', repeat], root, env);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout.startsWith(`${commentMarker}\n### ⚠️ Hindsight: 1 file checked: 0 errors, 3 warnings\n`)).toBe(true);
    expect(result.stdout).toContain(`(https://github.example/acme/postmortems/blob/${headSha}/${repeat}?plain=1#L14)`);
    expect(result.stdout).not.toContain(mergeSha);
    expect(result.stdout).toContain('2022-08-31-utoronto-azuread-secret-expired');
    await expect(stat(join(root, 'summary.md'))).rejects.toThrow();
  });

  it('links from a subfolder too, and takes --head-sha over the event', async () => {
    const other = 'a'.repeat(40);
    const result = await runCli(
      ['check', '--format', 'github-comment', '--head-sha', other, '2022-09-07-utoronto-hub-login-500.md'],
      join(root, 'postmortems'),
      env,
    );
    expect(result.stdout).toContain(`/blob/${other}/${repeat}?plain=1#L14`);
  });

  it("shows the cached GitHub state of the earlier report's items", async () => {
    const config = makeConfig();
    const fetchedAt = '2024-05-31T00:00:00.000Z';
    await mkdir(dirname(cacheFilePath(root, config)), { recursive: true });
    await writeCache(cacheFilePath(root, config), {
      version: 1,
      apis: {
        'https://api.github.com': {
          '2i2c-org/infrastructure#1651': { state: 'closed', fetchedAt },
          '2i2c-org/infrastructure#1652': { state: 'open', fetchedAt },
        },
      },
    });
    const result = await runCli(['check', '--format', 'github-comment', repeat], root, env);
    const earlierRows = result.stdout.split('#### Earlier reports')[1]!.split('#### Coming up')[0]!;
    expect(earlierRows).not.toContain('#1651');
    expect(earlierRows).toContain('infrastructure\\#1652](https://github.com/2i2c-org/infrastructure/issues/1652) (open)');
  });

  it('refuses a --head-sha that is not a commit hash', async () => {
    const result = await runCli(['check', '--format', 'github-comment', '--head-sha', 'main;rm', repeat], root, env);
    expect(result).toMatchObject({ code: 2, stderr: expect.stringMatching(/Unexpected `--head-sha main;rm`, expected a commit hash/) });
  });

  it('has no line links without a repository or a head commit', async () => {
    const result = await runCli(['check', '--format', 'github-comment', repeat], root, { ...env, GITHUB_EVENT_PATH: '' });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('/blob/');
    // Outside GitHub Actions, with no repository configured either.
    const outside = await runCli(['check', '--format', 'github-comment', repeat], root, {});
    expect(outside.stdout).not.toContain('/blob/');
  });
});

describe('hindsight check --changed --format github-comment', () => {
  /** Git that ignores the machine's configuration, as in check-changed.test.ts. */
  let gitEnv: Record<string, string>;
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], { cwd, env: gitEnv, encoding: 'utf8' });

  beforeAll(async () => {
    const home = await makeProject({});
    created.push(home);
    gitEnv = {
      PATH: process.env.PATH ?? '',
      HOME: home,
      XDG_CONFIG_HOME: home,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CEILING_DIRECTORIES: await realpath(tmpdir()),
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
    };
  });

  it('says no report changed, marked update-only, or comments on the changed ones with the base', async () => {
    const work = await makeProject({ 'package.json': '{}\n', [earlier]: await readFile(join(projectRoot, earlier), 'utf8') });
    created.push(work);
    git(work, 'init', '--quiet');
    git(work, 'add', '--all');
    git(work, 'commit', '--quiet', '-m', 'first');
    const unchanged = await runCli(['check', '--changed', '--since', 'main', '--format', 'github-comment'], work, gitEnv);
    expect(unchanged.code).toBe(0);
    expect(unchanged.stdout).toBe(
      `${commentMarker}\n${updateOnlyMarker}\n### ✅ Hindsight: no reports changed\n\nNo report changed since main \\(${git(work, 'rev-parse', '--short=7', 'HEAD').trim()}\\): nothing to check.\n`,
    );
    expect(unchanged.stderr).toMatch(/^No reports changed since main/);

    await writeFile(join(work, repeat), await readFile(join(projectRoot, repeat), 'utf8'));
    const changed = await runCli(['check', '--changed', '--since', 'main', '--format', 'github-comment'], work, {
      ...gitEnv,
      GITHUB_REPOSITORY: 'acme/postmortems',
      GITHUB_SHA: headSha,
    });
    expect(changed.code).toBe(0);
    expect(changed.stderr).toMatch(/^1 report changed since main/);
    expect(changed.stdout.startsWith(`${commentMarker}\n`)).toBe(true);
    expect(changed.stdout).toContain('The reports changed since main \\(');
    // Git gives the repository folder: the links are right without GITHUB_WORKSPACE.
    expect(changed.stdout).toContain(`(https://github.com/acme/postmortems/blob/${headSha}/${repeat}?plain=1#L14)`);
  });
});
