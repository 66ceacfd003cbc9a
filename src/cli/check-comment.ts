/**
 * `check --format github-comment`: what the pure Markdown builder
 * (`lib/reporters/github-comment.ts`) needs from the run's surroundings. The
 * repository, the server and the pull request's head commit come from GitHub
 * Actions' variables (`GITHUB_REPOSITORY`, `GITHUB_SERVER_URL`, the event at
 * `GITHUB_EVENT_PATH`), the repository folder from Git, and GitHub states from the
 * state cache (and from `--github`, when given), so that an earlier report's items
 * show their state without a request.
 */
import { realpath } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import type { CheckSummary } from '../lib/check.ts';
import type { Config } from '../lib/config.ts';
import { readApiBase } from '../lib/github/api-url.ts';
import { resolveStates } from '../lib/github/client.ts';
import { githubTargetsOf } from '../lib/github/collect.ts';
import { resolveOptionsFor } from '../lib/github/environment.ts';
import { isCommitSha, parseRepository, readPullRequestEvent } from '../lib/github/event.ts';
import type { StateLookup } from '../lib/issue-state.ts';
import { gitTopLevel } from '../lib/node/git-top-level.ts';
import type { ParsedReport } from '../lib/parse.ts';
import { formatGithubComment, type CommentLinks } from '../lib/reporters/github-comment.ts';
import type { Diagnostic } from '../lib/rule.ts';
import { UsageError, type CliIO } from './io.ts';

/** What one `check` run found, and where it ran. */
export interface CommentRun {
  io: CliIO;
  /** The project root (the state cache is found from it). */
  root: string;
  config: Config;
  /** Every report read. */
  reports: readonly ParsedReport[];
  /** The checked reports' paths. */
  targets: readonly string[];
  diagnostics: readonly Diagnostic[];
  summary: CheckSummary;
  /** GitHub states of this run (`--github`), if any. */
  github?: StateLookup;
  /** `origin/main (1a2b3c4)`, with `--changed`. */
  changedSince?: string;
  /** `--head-sha`, when given. */
  headSha?: string;
}

/** `--head-sha` checked: it goes into every link's path. */
export function readHeadShaOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!isCommitSha(value))
    throw new UsageError(`Unexpected \`--head-sha ${value.slice(0, 80)}\`, expected a commit hash such as \`6dcb09b5b57875f334f61aebed695e2e4193db5e\``);
  return value;
}

/**
 * GitHub states for the comment: this run's (with `--github`) where known, else the
 * state cache's. The cache is read only: the earlier reports' issues cost no request.
 */
async function commentStates(run: CommentRun): Promise<StateLookup> {
  const cached = await resolveStates(githubTargetsOf(run.reports, run.config), resolveOptionsFor(run.io.env, run.root, run.config, 'offline'));
  // The cache's warnings ("not in the cache") are about states the comment can do without.
  return {
    get(target) {
      const live = run.github?.get(target);
      return live && live.state !== 'unknown' ? live : cached.lookup.get(target);
    },
  };
}

/** The working directory's path in the Git repository (`''` at its top, `docs` below), or `undefined` outside one. */
async function repositoryDirectory(io: CliIO): Promise<string | undefined> {
  const top = (await gitTopLevel(io.cwd, io.env)) ?? (io.env.GITHUB_WORKSPACE?.trim() || undefined);
  if (top === undefined) return undefined;
  try {
    // Both real, so `/tmp` and `/private/tmp` (macOS) or a symlinked checkout compare equal.
    const path = relative(await realpath(top), await realpath(io.cwd));
    if (path === '..' || path.startsWith(`..${sep}`) || path.startsWith(sep)) return undefined;
    return path.split(sep).join('/');
  } catch {
    return undefined;
  }
}

/**
 * Where links point: the file at the pull request's head commit (from `--head-sha`,
 * else the event's `pull_request.head.sha`, else `GITHUB_SHA` outside pull request
 * events, where it is the commit itself), and the workflow run.
 */
async function commentLinks(run: CommentRun): Promise<CommentLinks> {
  const { env } = run.io;
  const repository = parseRepository(env.GITHUB_REPOSITORY) ?? parseRepository(run.config.github.repository);
  const server = readApiBase(env.GITHUB_SERVER_URL?.trim() || run.config.github.url);
  if (!repository || !('url' in server)) return {};
  const repositoryUrl = `${server.url}/${encodeURIComponent(repository.owner)}/${encodeURIComponent(repository.repo)}`;
  const links: CommentLinks = {};
  const runId = env.GITHUB_RUN_ID?.trim();
  if (runId && /^\d+$/.test(runId)) links.runUrl = `${repositoryUrl}/actions/runs/${runId}`;

  const event = await readPullRequestEvent(env, run.io.cwd);
  const pullRequestEvent = /^pull_request/.test(env.GITHUB_EVENT_NAME ?? '');
  const sha = run.headSha ?? event.headSha ?? (!pullRequestEvent && env.GITHUB_SHA && isCommitSha(env.GITHUB_SHA) ? env.GITHUB_SHA : undefined);
  const directory = sha === undefined ? undefined : await repositoryDirectory(run.io);
  if (sha !== undefined && directory !== undefined) links.files = { repositoryUrl, sha, directory };
  return links;
}

/** The comment's Markdown for a run of `check`. */
export async function githubCommentOutput(run: CommentRun): Promise<string> {
  const [github, links] = await Promise.all([commentStates(run), commentLinks(run)]);
  return formatGithubComment({
    reports: run.reports,
    targets: run.targets,
    diagnostics: run.diagnostics,
    summary: run.summary,
    config: run.config,
    now: run.io.now ?? new Date(),
    github,
    links,
    ...(run.changedSince !== undefined ? { changedSince: run.changedSince } : {}),
  });
}
