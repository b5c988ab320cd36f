/**
 * An error the command line reports as one line and an exit code, never a stack trace:
 * exit code 2 for a usage error (bad option), 1 for bad input data or a failed computation.
 */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** A usage error: an unknown or malformed option (exit code 2). */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'UsageError';
  }
}
