/**
 * @fileoverview The process surface the CLI uses (working directory, output streams, environment),
 * injectable so tests can run the CLI in-process, plus the exit codes and the usage error type.
 */

/** A writable text stream. */
export interface OutputStream {
  write(text: string): unknown;
  /** True when the stream is a terminal (colours are only used then). */
  isTTY?: boolean;
}

/** What the CLI reads from and writes to. */
export interface CliIo {
  cwd: string;
  stdout: OutputStream;
  stderr: OutputStream;
  env: Readonly<Record<string, string | undefined>>;
}

/** Exit statuses. */
export const EXIT = {
  /** No unsuppressed finding at or above the fail-on level. */
  ok: 0,
  /** At least one finding at or above the fail-on level. */
  findings: 1,
  /** Bad command line, bad configuration, unreadable baseline, or an internal error. */
  usage: 2,
} as const;

/** A command-line or environment problem; printed as `flaskguard: error: …`, exit status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** The real process. */
export function processIo(): CliIo {
  return { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, env: process.env };
}
