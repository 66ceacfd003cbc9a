/**
 * The top folder of the Git work tree holding a folder, for links to files on
 * GitHub: report paths are relative to where `hindsight` runs, links are relative
 * to the repository. Read-only, without a shell; any failure means "unknown".
 */
import { execFile } from 'node:child_process';

/**
 * `git rev-parse --show-toplevel` run in `folder`, or `undefined` when Git is
 * missing, the folder is outside a work tree, or Git takes longer than 5 seconds.
 *
 * @param env the environment of the git process (the CLI's, so tests control it)
 */
export function gitTopLevel(folder: string, env: Readonly<Record<string, string | undefined>>): Promise<string | undefined> {
  return new Promise((resolve) => {
    // A bound on time in case a hook or a lock stalls Git; never a prompt.
    execFile(
      'git',
      ['rev-parse', '--show-toplevel'],
      { cwd: folder, env: { ...env, GIT_TERMINAL_PROMPT: '0' }, encoding: 'utf8', timeout: 5000, windowsHide: true },
      (error, stdout) => {
        const top = stdout.trim();
        resolve(error || top === '' ? undefined : top);
      },
    );
  });
}
