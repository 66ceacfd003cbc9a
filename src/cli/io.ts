/**
 * What a command may touch of the outside world. `bin.ts` passes the real
 * process; tests pass captured streams, a temporary folder and a fixed clock.
 */

/** A stream the CLI writes to. */
export interface OutputStream {
  write(text: string): void;
  /** Whether it is a terminal (colours, progress bars). */
  isTTY?: boolean;
  /** The terminal's width in columns, when it is one (`process.stdout.columns`). */
  columns?: number;
}

/** The CLI's view of its process. */
export interface CliIO {
  /** The working directory: the project root, where paths are relative to. */
  cwd: string;
  /** Environment variables (`GITHUB_ACTIONS`, `GITHUB_STEP_SUMMARY`, `NO_COLOR`, …). */
  env: Readonly<Record<string, string | undefined>>;
  stdout: OutputStream;
  stderr: OutputStream;
  /** "Today"; default the current time. */
  now?: Date;
  /** Reads standard input whole (`hindsight comment -`); absent where there is none to read. */
  readStdin?(): Promise<string>;
}

/** Exit codes (DESIGN section 5). */
export const exitCodes = { ok: 0, problems: 1, usage: 2 } as const;

/** A mistake in how the CLI was called or configured: printed as is, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
