/**
 * A small fake of GitHub's pull request comment endpoints on 127.0.0.1, for
 * `hindsight comment`: `GET /user`, the issue comments of a pull request
 * (`GET` with `per_page`/`page` pagination and `Link` headers, `POST`), and
 * `PATCH /repos/{owner}/{repo}/issues/comments/{id}`, with scripted failures.
 * Separate from `fake-server.ts` (the issue-state endpoints): the two share nothing.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A comment the fake holds. */
export interface FakeComment {
  id: number;
  body: string;
  user: { login: string; type: 'User' | 'Bot' };
}

/** One request the fake received. */
export interface FakeCommentRequest {
  method: string;
  /** The path without the query. */
  path: string;
  /** The query, as received. */
  query: string;
  authorization?: string;
  status: number;
}

/** A scripted answer: a status with GitHub's kind of body. */
export interface FakeCommentFailure {
  status: number;
  message?: string;
}

/** A running fake. */
export interface FakeComments {
  /** `http://127.0.0.1:<port>`: the value for `GITHUB_API_URL`. */
  url: string;
  /** Comments by pull request number, oldest first; tests may seed and read them. */
  comments: Map<number, FakeComment[]>;
  requests: FakeCommentRequest[];
  /** Failures by `METHOD path` (`POST /repos/acme/api/issues/7/comments`), served in order, then normal answers. */
  failures: Map<string, FakeCommentFailure[]>;
  close(): Promise<void>;
}

/** Options of the fake. */
export interface FakeCommentsOptions {
  /** The repository it serves. */
  repository: string;
  /** The pull requests that exist. */
  pulls: number[];
  /** The token it accepts (others get 401). */
  token: string;
  /**
   * The token's user for `GET /user`. Absent: `GET /user` answers 403, as it does for
   * the GITHUB_TOKEN of GitHub Actions, whose comments are by `github-actions[bot]`.
   */
  login?: string;
}

const botUser = { login: 'github-actions[bot]', type: 'Bot' as const };

/** Starts the fake on a free port of 127.0.0.1. */
export async function startFakeComments(options: FakeCommentsOptions): Promise<FakeComments> {
  const comments = new Map<number, FakeComment[]>(options.pulls.map((pull) => [pull, []]));
  const requests: FakeCommentRequest[] = [];
  const failures = new Map<string, FakeCommentFailure[]>();
  let nextId = 5_000_000_001;
  let base = '';
  const author = options.login === undefined ? botUser : { login: options.login, type: 'User' as const };
  const [owner, repo] = options.repository.split('/') as [string, string];

  const toJson = (comment: FakeComment, pull: number) => ({
    id: comment.id,
    node_id: `IC_kwFake${comment.id}`,
    url: `${base}/repos/${owner}/${repo}/issues/comments/${comment.id}`,
    html_url: `https://github.com/${owner}/${repo}/pull/${pull}#issuecomment-${comment.id}`,
    issue_url: `${base}/repos/${owner}/${repo}/issues/${pull}`,
    body: comment.body,
    user: { login: comment.user.login, id: 41898282, type: comment.user.type },
    created_at: '2024-06-01T00:00:00Z',
    updated_at: '2024-06-01T00:00:00Z',
    author_association: comment.user.type === 'Bot' ? 'NONE' : 'MEMBER',
  });

  const readBody = (request: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let text = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (text += chunk));
      request.on('end', () => resolve(text));
    });

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const method = request.method ?? 'GET';
    const logged: FakeCommentRequest = { method, path: url.pathname, query: url.search, status: 0 };
    if (typeof request.headers.authorization === 'string') logged.authorization = request.headers.authorization;
    requests.push(logged);
    const body = await readBody(request);
    const reply = (status: number, data: unknown, headers: Record<string, string> = {}) => {
      logged.status = status;
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-ratelimit-remaining': '4990', ...headers });
      response.end(JSON.stringify(data));
    };
    const failure = failures.get(`${method} ${url.pathname}`)?.shift();
    if (failure) {
      reply(failure.status, {
        message: failure.message ?? (failure.status >= 500 ? 'Server Error' : 'Not Found'),
        documentation_url: 'https://docs.github.com/rest',
      });
      return;
    }
    if (request.headers.authorization !== `token ${options.token}`) {
      reply(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
      return;
    }
    if (method === 'GET' && url.pathname === '/user') {
      if (options.login === undefined)
        reply(403, {
          message: 'Resource not accessible by integration',
          documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user',
        });
      else reply(200, { login: options.login, id: 1001, type: 'User' });
      return;
    }
    const list = new RegExp(`^/repos/${owner}/${repo}/issues/(\\d+)/comments$`).exec(url.pathname);
    const pull = list ? Number(list[1]) : undefined;
    const thread = pull === undefined ? undefined : comments.get(pull);
    if (list && thread && method === 'GET') {
      const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30));
      const page = Number(url.searchParams.get('page') ?? 1);
      const pages = Math.max(1, Math.ceil(thread.length / perPage));
      const links: string[] = [];
      const pageUrl = (number: number) => `${base}${url.pathname}?per_page=${perPage}&page=${number}`;
      if (page < pages) links.push(`<${pageUrl(page + 1)}>; rel="next"`, `<${pageUrl(pages)}>; rel="last"`);
      reply(
        200,
        thread.slice((page - 1) * perPage, page * perPage).map((comment) => toJson(comment, pull!)),
        links.length > 0 ? { link: links.join(', ') } : {},
      );
      return;
    }
    if (list && thread && method === 'POST') {
      const comment: FakeComment = { id: nextId++, body: (JSON.parse(body) as { body: string }).body, user: author };
      thread.push(comment);
      reply(201, toJson(comment, pull!));
      return;
    }
    const one = new RegExp(`^/repos/${owner}/${repo}/issues/comments/(\\d+)$`).exec(url.pathname);
    if (one && method === 'PATCH') {
      for (const [number, existing] of comments) {
        const comment = existing.find((candidate) => candidate.id === Number(one[1]));
        if (!comment) continue;
        comment.body = (JSON.parse(body) as { body: string }).body;
        reply(200, toJson(comment, number));
        return;
      }
    }
    reply(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
  };

  const server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    comments,
    requests,
    failures,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
