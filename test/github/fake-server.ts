/**
 * A small fake of the GitHub REST API on 127.0.0.1, speaking the two endpoints
 * Hindsight uses (`GET /repos/{owner}/{repo}/issues/{number}` and
 * `GET /repos/{owner}/{repo}/pulls/{number}`) with realistic JSON bodies, ETags and
 * conditional requests, plus scripted failures: secondary and primary rate limits,
 * server errors, and a request that is never answered.
 *
 * The real Octokit client, its plugins and its HTTP path run against it.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An issue or pull request the fake knows. */
export interface FakeIssue {
  title: string;
  state: 'open' | 'closed';
  /** GitHub's `state_reason` for closed issues. */
  stateReason?: 'completed' | 'not_planned' | 'reopened';
  labels?: string[];
  assignees?: string[];
  closedAt?: string;
  /** Present for a pull request: whether (and when) it was merged. */
  pull?: { merged: boolean; mergedAt?: string };
}

/** A scripted answer that replaces the normal one for one request. */
export type FakeFailure =
  | { kind: 'status'; status: 500 | 502 | 503 }
  | { kind: 'secondary-rate-limit'; retryAfterSeconds: number }
  | { kind: 'rate-limit'; resetInSeconds: number }
  | { kind: 'hang' };

/** One request the fake received. */
export interface LoggedRequest {
  method: string;
  path: string;
  /** The `If-None-Match` header, when the request was conditional. */
  ifNoneMatch?: string;
  /** The `Authorization` header as received (to check the token is sent only here). */
  authorization?: string;
  status: number;
}

/** A running fake server. */
export interface FakeGithub {
  /** `http://127.0.0.1:<port>`: the value for `GITHUB_API_URL`. */
  url: string;
  /** Issues by `owner/repo#number`; tests may change them between runs. */
  issues: Map<string, FakeIssue>;
  /** Every request, in arrival order. */
  requests: LoggedRequest[];
  /**
   * Failures to serve, by request path (`/repos/o/r/issues/1`), consumed in order;
   * once a path's list is empty it is answered normally.
   */
  failures: Map<string, FakeFailure[]>;
  /** Stops the server (and releases requests that hang). */
  close(): Promise<void>;
}

const documentation = 'https://docs.github.com/rest';
const createdAt = '2022-09-07T15:02:11Z';

function user(login: string, id: number) {
  return {
    login,
    id,
    node_id: `MDQ6VXNlcj${id}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    url: `https://api.github.com/users/${login}`,
    html_url: `https://github.com/${login}`,
    type: 'User',
    site_admin: false,
  };
}

/** The body GitHub returns for `GET /repos/{o}/{r}/issues/{n}`. */
function issueBody(base: string, owner: string, repo: string, number: number, issue: FakeIssue) {
  const repositoryUrl = `${base}/repos/${owner}/${repo}`;
  const updatedAt = issue.closedAt ?? '2022-09-08T09:30:00Z';
  const body: Record<string, unknown> = {
    url: `${repositoryUrl}/issues/${number}`,
    repository_url: repositoryUrl,
    labels_url: `${repositoryUrl}/issues/${number}/labels{/name}`,
    comments_url: `${repositoryUrl}/issues/${number}/comments`,
    events_url: `${repositoryUrl}/issues/${number}/events`,
    html_url: `https://github.com/${owner}/${repo}/${issue.pull ? 'pull' : 'issues'}/${number}`,
    id: 1_300_000_000 + number,
    node_id: `I_kwDOFake${number}`,
    number,
    title: issue.title,
    user: user('alice', 1001),
    labels: (issue.labels ?? []).map((name, position) => ({
      id: 4_000_000_000 + position,
      node_id: `LA_kwDOFake${position}`,
      url: `${repositoryUrl}/labels/${encodeURIComponent(name)}`,
      name,
      color: 'd73a4a',
      default: false,
      description: null,
    })),
    state: issue.state,
    locked: false,
    assignee: issue.assignees?.[0] ? user(issue.assignees[0], 2001) : null,
    assignees: (issue.assignees ?? []).map((login, position) => user(login, 2001 + position)),
    milestone: null,
    comments: 3,
    created_at: createdAt,
    updated_at: updatedAt,
    closed_at: issue.state === 'closed' ? (issue.closedAt ?? updatedAt) : null,
    author_association: 'MEMBER',
    active_lock_reason: null,
    body: 'Tracked from a postmortem.',
    closed_by: issue.state === 'closed' ? user('bob', 1002) : null,
    state_reason: issue.state === 'closed' ? (issue.stateReason ?? 'completed') : (issue.stateReason === 'reopened' ? 'reopened' : null),
  };
  if (issue.pull) {
    body.pull_request = {
      url: `${repositoryUrl}/pulls/${number}`,
      html_url: `https://github.com/${owner}/${repo}/pull/${number}`,
      diff_url: `https://github.com/${owner}/${repo}/pull/${number}.diff`,
      patch_url: `https://github.com/${owner}/${repo}/pull/${number}.patch`,
      merged_at: issue.pull.merged ? (issue.pull.mergedAt ?? updatedAt) : null,
    };
  }
  return body;
}

/** The body GitHub returns for `GET /repos/{o}/{r}/pulls/{n}` (the fields that matter, and some that do not). */
function pullBody(base: string, owner: string, repo: string, number: number, issue: FakeIssue) {
  const repositoryUrl = `${base}/repos/${owner}/${repo}`;
  const merged = issue.pull?.merged ?? false;
  const mergedAt = merged ? (issue.pull?.mergedAt ?? issue.closedAt ?? '2022-09-08T09:30:00Z') : null;
  return {
    url: `${repositoryUrl}/pulls/${number}`,
    id: 1_100_000_000 + number,
    node_id: `PR_kwDOFake${number}`,
    html_url: `https://github.com/${owner}/${repo}/pull/${number}`,
    issue_url: `${repositoryUrl}/issues/${number}`,
    number,
    state: issue.state,
    locked: false,
    title: issue.title,
    user: user('alice', 1001),
    body: 'Makes the fix permanent.',
    created_at: createdAt,
    updated_at: issue.closedAt ?? '2022-09-08T09:30:00Z',
    closed_at: issue.state === 'closed' ? (issue.closedAt ?? mergedAt) : null,
    merged_at: mergedAt,
    merge_commit_sha: merged ? 'e5bd3914e2e596debea16f433f57875b5b90bcd6' : null,
    assignees: (issue.assignees ?? []).map((login, position) => user(login, 2001 + position)),
    labels: [],
    draft: false,
    head: { label: `${owner}:fix-${number}`, ref: `fix-${number}`, sha: '6dcb09b5b57875f334f61aebed695e2e4193db5e' },
    base: { label: `${owner}:main`, ref: 'main', sha: '9049f1265b7d61be4a8904a9a27120d2064dab3b' },
    author_association: 'MEMBER',
    merged,
    mergeable: null,
    rebaseable: null,
    mergeable_state: 'unknown',
    merged_by: merged ? user('bob', 1002) : null,
    comments: 1,
    review_comments: 0,
    commits: 1,
    additions: 4,
    deletions: 1,
    changed_files: 1,
  };
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'x-github-media-type': 'github.v3; format=json',
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '4990',
    'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
    'x-ratelimit-resource': 'core',
    ...headers,
  });
  response.end(text);
}

const route = /^\/repos\/([^/]+)\/([^/]+)\/(issues|pulls)\/(\d+)$/;

/**
 * Starts a fake GitHub API on a free port of 127.0.0.1.
 *
 * @param issues the issues and pull requests it knows, by `owner/repo#number`
 * @param token the token it accepts (a request without it gets 401, as GitHub would for a private repository)
 */
export async function startFakeGithub(issues: Record<string, FakeIssue>, token?: string): Promise<FakeGithub> {
  const state = new Map(Object.entries(issues).map(([key, issue]) => [key.toLowerCase(), issue]));
  const requests: LoggedRequest[] = [];
  const failures = new Map<string, FakeFailure[]>();
  const hanging = new Set<ServerResponse>();
  let base = '';

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const logged: LoggedRequest = { method: request.method ?? 'GET', path, status: 0 };
    const ifNoneMatch = request.headers['if-none-match'];
    if (typeof ifNoneMatch === 'string') logged.ifNoneMatch = ifNoneMatch;
    if (typeof request.headers.authorization === 'string') logged.authorization = request.headers.authorization;
    requests.push(logged);
    const reply = (status: number, body: unknown, headers?: Record<string, string>) => {
      logged.status = status;
      send(response, status, body, headers);
    };

    const failure = failures.get(path)?.shift();
    if (failure?.kind === 'hang') {
      logged.status = -1;
      hanging.add(response);
      return;
    }
    if (failure?.kind === 'status') {
      reply(failure.status, { message: 'Server Error' });
      return;
    }
    if (failure?.kind === 'secondary-rate-limit') {
      reply(
        403,
        {
          message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
          documentation_url: `${documentation}/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits`,
          status: '403',
        },
        { 'retry-after': String(failure.retryAfterSeconds) },
      );
      return;
    }
    if (failure?.kind === 'rate-limit') {
      reply(
        403,
        {
          message: 'API rate limit exceeded for user ID 1001.',
          documentation_url: `${documentation}/overview/rate-limits-for-the-rest-api#about-the-primary-rate-limit`,
          status: '403',
        },
        { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + failure.resetInSeconds) },
      );
      return;
    }

    if (token !== undefined && request.headers.authorization !== `token ${token}` && request.headers.authorization !== `Bearer ${token}`) {
      reply(401, { message: 'Bad credentials', documentation_url: documentation, status: '401' });
      return;
    }
    const match = request.method === 'GET' ? route.exec(path) : null;
    const issue = match ? state.get(`${match[1]}/${match[2]}#${match[4]}`.toLowerCase()) : undefined;
    // GitHub answers `pulls/N` for an issue (not a pull request) with 404 too.
    if (!match || !issue || (match[3] === 'pulls' && !issue.pull)) {
      reply(404, { message: 'Not Found', documentation_url: `${documentation}/issues/issues#get-an-issue`, status: '404' });
      return;
    }
    const [, owner, repo, endpoint, number] = match as unknown as [string, string, string, string, string];
    const body = endpoint === 'issues' ? issueBody(base, owner, repo, Number(number), issue) : pullBody(base, owner, repo, Number(number), issue);
    const etag = `W/"${createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 40)}"`;
    if (ifNoneMatch === etag) {
      logged.status = 304;
      response.writeHead(304, { etag, 'x-ratelimit-remaining': '4990' });
      response.end();
      return;
    }
    reply(200, body, { etag, 'cache-control': 'private, max-age=60, s-maxage=60', vary: 'Accept, Authorization, Cookie, X-GitHub-OTP' });
  };

  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    issues: state,
    requests,
    failures,
    close: async () => {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port on 127.0.0.1 that nothing listens on: for "no network at all". */
export async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
