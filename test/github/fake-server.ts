/**
 * A small fake of the GitHub REST API on 127.0.0.1, speaking the two endpoints
 * Hindsight uses (`GET /repos/{owner}/{repo}/issues/{number}` and
 * `GET /repos/{owner}/{repo}/pulls/{number}`) with realistic JSON bodies, ETags and
 * conditional requests, plus scripted failures: secondary and primary rate limits,
 * server errors, a request that is never answered, and junk answers (an HTML page
 * with status 200, invalid or truncated JSON, a body that stalls, JSON of another
 * shape, an issue too large to keep).
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

/** A scripted answer that replaces the normal one for one request (or every request: `FakeGithub.always`). */
export type FakeFailure =
  /** An error status with GitHub's JSON message, or (`html`) a proxy's HTML page. */
  | { kind: 'status'; status: number; html?: boolean }
  | { kind: 'secondary-rate-limit'; retryAfterSeconds: number }
  | { kind: 'rate-limit'; resetInSeconds: number }
  /** No answer at all, not even headers. */
  | { kind: 'hang' }
  /** 200 with an HTML page, as a proxy, a captive portal or a web UI URL would answer. */
  | { kind: 'html' }
  /** 200, `application/json`, a body that is not JSON. */
  | { kind: 'invalid-json' }
  /** 200 with the real body's `Content-Length`, but only half the body before the connection closes. */
  | { kind: 'truncated' }
  /** 200 with headers and half the body, then nothing more (the connection stays open). */
  | { kind: 'stall' }
  /** 200 with this JSON instead of the issue (`{}`, `[]`, an issue with `state: 'reopened'`…). */
  | { kind: 'json'; body: unknown }
  /** The real issue with a title of `length` characters, streamed (no `Content-Length` unless `declareLength`). */
  | { kind: 'huge-title'; length: number; declareLength?: boolean };

/** One request the fake received. */
export interface LoggedRequest {
  method: string;
  /** The path, dot segments resolved (as a server routes it). */
  path: string;
  /** The request target exactly as received, percent-encoding and all. */
  rawUrl: string;
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
  /** A failure served to every request that has no scripted one (`{ kind: 'status', status: 500 }`: a server that is down). */
  always?: FakeFailure;
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
    state_reason: issue.state === 'closed' ? (issue.stateReason ?? 'completed') : issue.stateReason === 'reopened' ? 'reopened' : null,
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

  /** The answer GitHub would give for a route, as a body (a stand-in issue where the fake knows none). */
  const normalBody = (path: string): Record<string, unknown> => {
    const match = route.exec(path);
    const [, owner = 'acme', repo = 'api', endpoint = 'issues', number = '1'] = match ?? [];
    const issue = state.get(`${owner}/${repo}#${number}`.toLowerCase()) ?? { title: 'A stand-in issue', state: 'open' };
    return endpoint === 'pulls' ? pullBody(base, owner, repo, Number(number), issue) : issueBody(base, owner, repo, Number(number), issue);
  };

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const logged: LoggedRequest = { method: request.method ?? 'GET', path, rawUrl: request.url ?? '', status: 0 };
    const ifNoneMatch = request.headers['if-none-match'];
    if (typeof ifNoneMatch === 'string') logged.ifNoneMatch = ifNoneMatch;
    if (typeof request.headers.authorization === 'string') logged.authorization = request.headers.authorization;
    requests.push(logged);
    const reply = (status: number, body: unknown, headers?: Record<string, string>) => {
      logged.status = status;
      send(response, status, body, headers);
    };

    const failure = failures.get(path)?.shift() ?? fake.always;
    if (failure !== undefined) {
      serveFailure(failure, path, response, logged);
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

  /** Serves a scripted failure instead of the normal answer. */
  const serveFailure = (failure: FakeFailure, path: string, response: ServerResponse, logged: LoggedRequest): void => {
    const reply = (status: number, body: unknown, headers?: Record<string, string>) => {
      logged.status = status;
      send(response, status, body, headers);
    };
    switch (failure.kind) {
      case 'hang':
        logged.status = -1;
        hanging.add(response);
        return;
      case 'status':
        if (failure.html) {
          logged.status = failure.status;
          response.writeHead(failure.status, { 'content-type': 'text/html' });
          response.end(`<html><body><h1>${failure.status}</h1></body></html>`);
          return;
        }
        reply(failure.status, failure.status === 404 ? { message: 'Not Found', status: '404' } : { message: 'Server Error' });
        return;
      case 'secondary-rate-limit':
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
      case 'rate-limit':
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
      case 'html':
        logged.status = 200;
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end('<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><h1>Please sign in</h1><p>state: closed</p></body></html>\n');
        return;
      case 'invalid-json':
        logged.status = 200;
        response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        response.end('{"state": "closed", "title": "Alert on expiry",, }');
        return;
      case 'json':
        reply(200, failure.body);
        return;
      case 'truncated':
      case 'stall': {
        const text = JSON.stringify(normalBody(path));
        logged.status = 200;
        response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) });
        response.write(text.slice(0, Math.floor(text.length / 2)));
        if (failure.kind === 'truncated') {
          // Closing the socket mid-body: the client sees fewer bytes than Content-Length promised.
          setTimeout(() => response.destroy(), 20);
        } else {
          hanging.add(response);
        }
        return;
      }
      case 'huge-title': {
        const [head, tail] = JSON.stringify({ ...normalBody(path), title: '\u0000' }).split('"\\u0000"') as [string, string];
        logged.status = 200;
        const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
        if (failure.declareLength) headers['content-length'] = String(Buffer.byteLength(head) + failure.length + 2 + Buffer.byteLength(tail));
        response.writeHead(200, headers);
        response.write(`${head}"`);
        streamTitle(response, failure.length, `"${tail}`);
        return;
      }
    }
  };

  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  const fake: FakeGithub = {
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
  return fake;
}

/**
 * Writes `length` title characters in 64 KiB chunks, honouring back-pressure, then
 * `end`. A client that stops reading (or hangs up) stops the stream: a 300 MB
 * title costs the test only what the client reads.
 */
function streamTitle(response: ServerResponse, length: number, end: string): void {
  const chunk = 'x'.repeat(64 * 1024);
  let left = length;
  const pump = () => {
    while (left > 0) {
      if (response.destroyed) return;
      const piece = left >= chunk.length ? chunk : chunk.slice(0, left);
      left -= piece.length;
      if (!response.write(piece)) {
        response.once('drain', pump);
        return;
      }
    }
    if (!response.destroyed) response.end(end);
  };
  response.on('close', () => {
    left = 0;
  });
  pump();
}

/** A port on 127.0.0.1 that nothing listens on: for "no network at all". */
export async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
