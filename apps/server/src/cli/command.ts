/** One `switchboard` sub-command. Each lives in commands/<name>.ts and exports `command`. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
}

export interface Command {
  name: string;
  /** One line for `switchboard --help`. */
  summary: string;
  /** Full text for `switchboard NAME --help`. */
  usage: string;
  /** Resolves to the process exit code (shared/DESIGN.md: 0 ok, 1 expectation failed, 2 invalid input, 70 internal). */
  run(argv: string[], io: CliIo): Promise<number>;
}

export const ExitCode = { ok: 0, failed: 1, invalidInput: 2, internal: 70 } as const;

/** A usage error: printed with the command's usage and exit code 2. */
export class UsageError extends Error {}
