/**
 * `hindsight comment <markdown-file|->`: posts the Markdown that
 * `check --format github-comment` writes as the pull request's one Hindsight
 * comment, updated on every run (see `lib/github/comment.ts`).
 */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CommentError, postComment, withMarker } from '../../lib/github/comment.ts';
import { parsePullNumber, parseRepository, pullNumberFromRef, readPullRequestEvent } from '../../lib/github/event.ts';
import { githubCommentLimit } from '../../lib/reporters/github-comment.ts';
import { terminalText } from '../../lib/text.ts';
import { exitCodes, UsageError, type CliIO } from '../io.ts';

/** Help for `comment`. */
export const commentHelp = `Usage: hindsight comment <markdown-file|-> [options]

Posts Markdown as the pull request's Hindsight comment: the comment posted by an
earlier run is updated, or one is created, so a pull request has one Hindsight
comment however often it runs. Made for the output of
\`hindsight check --format github-comment\`:

  hindsight check --changed --format github-comment > comment.md
  hindsight comment comment.md

\`-\` reads the Markdown from standard input.

Options:
  --pull <n>                 the pull request's number (default: from the event of
                             the workflow run, GITHUB_EVENT_PATH, else GITHUB_REF
                             \`refs/pull/<n>/merge\`)
  --repository <owner/repo>  the repository (default: GITHUB_REPOSITORY)
  -h, --help                 show this help

Environment:
  GITHUB_TOKEN     a token that may write pull request comments (in a workflow:
                   \`permissions: pull-requests: write\`); never printed
  GITHUB_API_URL   the API base URL (default https://api.github.com; GitHub Enterprise)

The comment updated is the first whose first line is \`<!-- hindsight-comment -->\`
(added when the Markdown lacks it) and that the token's user wrote (a bot, for
the GITHUB_TOKEN of GitHub Actions, which cannot say who it is): other people's
comments are never changed. Markdown that says no report changed updates an
earlier comment but never creates one.

Exit codes: 0 posted (or already up to date, or nothing to post), 1 GitHub refused
the comment or could not be reached, 2 usage error (no file, no token, no pull request).
`;

/** The largest Markdown file read: far above GitHub's 65,536 characters, far below anything that hurts. */
const maxFileBytes = 1024 * 1024;

/** Runs `comment`; returns the exit code. */
export async function comment(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      pull: { type: 'string' },
      repository: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(commentHelp);
    return exitCodes.ok;
  }
  if (positionals.length !== 1) {
    throw new UsageError(
      `Unexpected ${positionals.length === 0 ? 'missing Markdown file' : `${positionals.length} files`}, expected one Markdown file (or \`-\` for standard input), as \`hindsight check --format github-comment\` writes it`,
    );
  }

  const repositoryValue = values.repository ?? io.env.GITHUB_REPOSITORY;
  const repository = parseRepository(repositoryValue);
  if (!repository) {
    throw new UsageError(
      repositoryValue === undefined || repositoryValue.trim() === ''
        ? 'Unexpected missing repository, expected `--repository owner/repo` (GitHub Actions sets `GITHUB_REPOSITORY`)'
        : `Unexpected repository \`${terminalText(repositoryValue)}\`, expected \`owner/repo\``,
    );
  }

  let pull: number | undefined;
  if (values.pull !== undefined) {
    pull = parsePullNumber(values.pull);
    if (pull === undefined) throw new UsageError(`Unexpected \`--pull ${terminalText(values.pull)}\`, expected a pull request number such as \`7\``);
  } else {
    pull = (await readPullRequestEvent(io.env, io.cwd)).number ?? pullNumberFromRef(io.env.GITHUB_REF);
    if (pull === undefined) {
      throw new UsageError(
        'Unexpected run outside a pull request, expected `--pull <n>` (in GitHub Actions, run it on `pull_request` events: their event names the pull request)',
      );
    }
  }

  const token = io.env.GITHUB_TOKEN?.trim();
  if (!token)
    throw new UsageError(
      'Unexpected missing `GITHUB_TOKEN`, expected a token that may write pull request comments (in a workflow: `permissions: pull-requests: write`)',
    );

  const body = await readMarkdown(positionals[0]!, io);
  const where = `${repository.owner}/${repository.repo}#${pull}`;
  try {
    const result = await postComment({ apiUrl: io.env.GITHUB_API_URL?.trim() || undefined, token, ...repository, pull, body });
    const url = result.url === undefined ? '' : `: ${terminalText(result.url)}`;
    if (result.outcome === 'created') io.stdout.write(`Created the Hindsight comment on ${where}${url}\n`);
    else if (result.outcome === 'updated') io.stdout.write(`Updated the Hindsight comment on ${where}${url}\n`);
    else if (result.outcome === 'unchanged') io.stdout.write(`The Hindsight comment on ${where} is up to date${url}\n`);
    else io.stdout.write(`Nothing to post on ${where}: no report changed, and there is no earlier comment to update\n`);
    return exitCodes.ok;
  } catch (error) {
    if (error instanceof CommentError) {
      io.stderr.write(`hindsight comment: ${error.message}\n`);
      return exitCodes.problems;
    }
    throw error;
  }
}

/** The Markdown to post, from a file or standard input; usage errors for what cannot be posted. */
async function readMarkdown(source: string, io: CliIO): Promise<string> {
  let text: string;
  if (source === '-') {
    if (!io.readStdin) throw new UsageError('Unexpected `-` without a standard input to read, expected a Markdown file');
    text = await io.readStdin();
  } else {
    const path = resolve(io.cwd, source);
    try {
      if ((await stat(path)).size > maxFileBytes)
        throw new UsageError(`Unexpected file \`${terminalText(source)}\` over 1 MB, expected the Markdown of one comment`);
      text = await readFile(path, 'utf8');
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(
        `Unexpected unreadable file \`${terminalText(source)}\` (${(error as NodeJS.ErrnoException).code ?? 'error'}), expected the Markdown file to post`,
      );
    }
  }
  if (text.trim() === '')
    throw new UsageError(
      `Unexpected empty Markdown${source === '-' ? ' on standard input' : ` in \`${terminalText(source)}\``}, expected the comment to post (did \`hindsight check --format github-comment\` fail?)`,
    );
  const length = withMarker(text).length;
  if (length > githubCommentLimit)
    throw new UsageError(`Unexpected comment of ${length} characters, expected at most ${githubCommentLimit} (GitHub's limit for a comment)`);
  return text;
}
