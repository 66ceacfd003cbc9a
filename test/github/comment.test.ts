/**
 * `hindsight comment` against a fake GitHub on 127.0.0.1: the real Octokit, its
 * plugins and its HTTP path. One sticky comment, updated and never duplicated;
 * other people's comments left alone; GitHub's refusals are exit 1 with a message.
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postComment } from '../../src/lib/github/comment.ts';
import { commentMarker, updateOnlyMarker } from '../../src/lib/reporters/github-comment.ts';
import { run } from '../../src/cli/run.ts';
import { makeProject, runCli } from '../helpers.ts';
import { closedPort } from './fake-server.ts';
import { startFakeComments, type FakeComments } from './fake-comments.ts';

const token = 'ghp_fakeTokenForTests0123456789abcdefABCD';
const body = (text: string) => `${commentMarker}\n### Hindsight: ${text}\n`;

let fake: FakeComments;
let folder: string;

/** The environment of a `pull_request` run for pull request 7 of acme/api. */
async function environment(extra: Record<string, string> = {}): Promise<Record<string, string>> {
  const event = join(folder, 'event.json');
  await writeFile(
    event,
    JSON.stringify({ action: 'synchronize', number: 7, pull_request: { number: 7, head: { sha: '6dcb09b5b57875f334f61aebed695e2e4193db5e' } } }),
  );
  return {
    GITHUB_API_URL: fake.url,
    GITHUB_TOKEN: token,
    GITHUB_REPOSITORY: 'acme/api',
    GITHUB_EVENT_PATH: event,
    GITHUB_EVENT_NAME: 'pull_request',
    ...extra,
  };
}

/** Writes the Markdown to post and runs `hindsight comment` on it. */
async function post(markdown: string, env?: Record<string, string>, args: string[] = []) {
  await writeFile(join(folder, 'comment.md'), markdown);
  return runCli(['comment', 'comment.md', ...args], folder, env ?? (await environment()));
}

const methods = () => fake.requests.map((request) => `${request.method} ${request.path}`);

beforeEach(async () => {
  folder = await makeProject({});
  fake = await startFakeComments({ repository: 'acme/api', pulls: [7, 8], token });
});

afterEach(async () => {
  await fake.close();
  await rm(folder, { recursive: true, force: true });
});

describe('hindsight comment', () => {
  it('creates the comment once, then updates the same comment', async () => {
    const first = await post(body('1 warning'));
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(/^Created the Hindsight comment on acme\/api#7: https:\/\/github\.com\/acme\/api\/pull\/7#issuecomment-\d+\n$/);
    const [created] = fake.comments.get(7)!;
    expect(created).toMatchObject({ body: body('1 warning'), user: { login: 'github-actions[bot]' } });

    const second = await post(body('no problems'));
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^Updated the Hindsight comment on acme\/api#7/);
    expect(fake.comments.get(7)).toEqual([{ ...created, body: body('no problems') }]);

    // The same text again: nothing to change, no request that would mark it edited.
    const third = await post(body('no problems'));
    expect(third.stdout).toMatch(/is up to date/);
    expect(methods().filter((request) => request.startsWith('POST'))).toHaveLength(1);
    expect(methods().filter((request) => request.startsWith('PATCH'))).toEqual([`PATCH /repos/acme/api/issues/comments/${created!.id}`]);
    // Every request carried the token in its header, and only there.
    expect(fake.requests.every((request) => request.authorization === `token ${token}` && !request.query.includes(token))).toBe(true);
    expect(first.stdout + second.stdout + third.stdout).not.toContain(token);
  });

  it("leaves other people's comments alone, with or without the marker", async () => {
    const others = [
      { id: 11, body: 'LGTM, but see the earlier outage', user: { login: 'bob', type: 'User' as const } },
      { id: 12, body: `${commentMarker}\nQuoting the bot, by hand`, user: { login: 'mallory', type: 'User' as const } },
    ];
    fake.comments.set(
      7,
      others.map((comment) => ({ ...comment })),
    );
    const result = await post(body('1 error'));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Created/);
    expect(fake.comments.get(7)!.slice(0, 2)).toEqual(others);
    expect(fake.comments.get(7)).toHaveLength(3);
    expect(methods()).not.toContain('PATCH /repos/acme/api/issues/comments/12');
  });

  it("finds the comment of the token's user on a later page, and adds the marker when the Markdown lacks it", async () => {
    await fake.close();
    fake = await startFakeComments({ repository: 'acme/api', pulls: [7], token, login: 'hindsight-bot' });
    const chatter = Array.from({ length: 150 }, (_, index) => ({ id: 100 + index, body: `comment ${index}`, user: { login: 'bob', type: 'User' as const } }));
    fake.comments.set(7, [...chatter, { id: 900, body: `${commentMarker}\nold`, user: { login: 'hindsight-bot', type: 'User' } }]);
    const result = await post('### Hindsight: new\n');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Updated/);
    expect(fake.comments.get(7)!.at(-1)).toMatchObject({ id: 900, body: `${commentMarker}\n### Hindsight: new\n` });
    const lists = fake.requests.filter((request) => request.method === 'GET' && request.path.endsWith('/comments'));
    expect(lists.map((request) => request.query)).toEqual(['?per_page=100', '?per_page=100&page=2']);
  });

  it('only updates a comment that says no report changed, never creates one', async () => {
    const nothing = `${commentMarker}\n${updateOnlyMarker}\n### Hindsight: no reports changed\n`;
    const skipped = await post(nothing);
    expect(skipped.code).toBe(0);
    expect(skipped.stdout).toMatch(/^Nothing to post on acme\/api#7/);
    expect(fake.comments.get(7)).toEqual([]);
    await post(body('1 warning'));
    const updated = await post(nothing);
    expect(updated.stdout).toMatch(/^Updated/);
    expect(fake.comments.get(7)).toHaveLength(1);
    expect(fake.comments.get(7)![0]!.body).toBe(nothing);
  });

  it('takes the pull request from --pull or GITHUB_REF, the repository from --repository, the Markdown from standard input', async () => {
    const env = await environment();
    delete env.GITHUB_EVENT_PATH;
    await post(body('a'), { ...env, GITHUB_REF: 'refs/pull/8/merge' });
    expect(fake.comments.get(8)).toHaveLength(1);
    await post(body('b'), { ...env, GITHUB_REPOSITORY: 'someone/else' }, ['--pull', '7', '--repository', 'acme/api']);
    expect(fake.comments.get(7)).toHaveLength(1);
    let stdout = '';
    const code = await run(['comment', '-', '--pull', '7'], {
      cwd: folder,
      env,
      stdout: { write: (text) => void (stdout += text) },
      stderr: { write: () => {} },
      readStdin: async () => body('from stdin'),
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Updated/);
    expect(fake.comments.get(7)![0]!.body).toBe(body('from stdin'));
  });

  it.each([
    [
      'a read-only token (403)',
      'POST',
      403,
      'Resource not accessible by integration',
      /HTTP 403 from GitHub while creating a comment on acme\/api#7: “Resource not accessible by integration”, expected a token that may write pull request comments: give the workflow `permissions: pull-requests: write`/,
    ],
    [
      'a missing pull request (404)',
      'GET',
      404,
      'Not Found',
      /HTTP 404 from GitHub while listing the comments of acme\/api#7: “Not Found”, expected the pull request to exist/,
    ],
    [
      'a server error on create, never retried (502)',
      'POST',
      502,
      'Bad Gateway',
      /HTTP 502 from GitHub while creating a comment on acme\/api#7: “Bad Gateway”, expected an answer: GitHub may be down/,
    ],
  ])('fails with exit 1 and a clear message on %s', async (_name, method, status, message, expected) => {
    const path = method === 'POST' ? '/repos/acme/api/issues/7/comments' : '/repos/acme/api/issues/7/comments';
    fake.failures.set(`${method} ${path}`, [{ status, message }]);
    const result = await post(body('1 error'));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(expected);
    expect(result.stderr).toMatch(/^hindsight comment: Unexpected /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr).not.toContain(token);
    expect(fake.requests.filter((request) => request.method === 'POST').length).toBeLessThanOrEqual(1);
  });

  it('fails with exit 1 on a rejected token', async () => {
    const result = await post(body('x'), await environment({ GITHUB_TOKEN: 'ghp_wrongTokenForTests0123456789abcdefAB' }));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /HTTP 401 from GitHub while reading the token's user: “Bad credentials”, expected the token to be accepted: check `GITHUB_TOKEN`/,
    );
    expect(result.stderr).not.toContain('ghp_wrongTokenForTests');
  });

  it('fails with exit 1 when GitHub cannot be reached', async () => {
    const result = await post(body('x'), await environment({ GITHUB_API_URL: await closedPort() }));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^hindsight comment: Unexpected failure reaching GitHub at http:\/\/127\.0\.0\.1:\d+ while reading the token's user: the connection failed \(ECONNREFUSED\)/,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('retries a server error while listing once, then fails', async () => {
    fake.failures.set('GET /repos/acme/api/issues/7/comments', [{ status: 503 }, { status: 503 }]);
    const started = performance.now();
    await expect(postComment({ apiUrl: fake.url, token, owner: 'acme', repo: 'api', pull: 7, body: body('x'), retryUnitMs: 10 })).rejects.toThrow(
      /^Unexpected HTTP 503 from GitHub while listing the comments of acme\/api#7: “Server Error”, expected an answer/,
    );
    expect(performance.now() - started).toBeLessThan(3000);
    expect(methods().filter((request) => request === 'GET /repos/acme/api/issues/7/comments')).toHaveLength(2);
    expect(methods()).not.toContain('POST /repos/acme/api/issues/7/comments');
  });

  it('is a usage error (exit 2) without a file, a token, a repository or a pull request', async () => {
    const env = await environment();
    expect(await runCli(['comment'], folder, env)).toMatchObject({ code: 2, stderr: expect.stringMatching(/expected one Markdown file/) });
    expect(await post(body('x'), { ...env, GITHUB_TOKEN: '' })).toMatchObject({ code: 2, stderr: expect.stringMatching(/Unexpected missing `GITHUB_TOKEN`/) });
    expect(await post(body('x'), { ...env, GITHUB_REPOSITORY: '' })).toMatchObject({ code: 2, stderr: expect.stringMatching(/Unexpected missing repository/) });
    const outside = { ...env, GITHUB_EVENT_PATH: '', GITHUB_REF: 'refs/heads/main' };
    expect(await post(body('x'), outside)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/Unexpected run outside a pull request, expected `--pull <n>`/),
    });
    expect(await post(body('x'), env, ['--pull', 'seven'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/Unexpected `--pull seven`/) });
    expect(await post('  \n', env)).toMatchObject({ code: 2, stderr: expect.stringMatching(/Unexpected empty Markdown/) });
    expect(await post('x'.repeat(70_000), env)).toMatchObject({ code: 2, stderr: expect.stringMatching(/expected at most 65536/) });
    expect(fake.requests).toEqual([]);
  });
});
