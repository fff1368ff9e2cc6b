import type { Writable } from "node:stream";

/** The streams a command writes to; injected so the CLI can run in-process in tests. */
export interface CliIo {
  stdout: Writable;
  stderr: Writable;
}

/** Exit codes of every command. */
export const EXIT = {
  /** Success (validate: no errors; warnings allowed). */
  OK: 0,
  /** The input was read but has errors (validate: graph errors; decompile: some rules were dropped). */
  FAILED: 1,
  /** Bad input or bad usage: missing file, not JSON, invalid data, unknown command, missing argument. */
  BAD_INPUT: 2,
  /** A bug: an unexpected exception. */
  INTERNAL: 70,
} as const;

/** An expected failure: its message is printed as is on stderr and the CLI exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.BAD_INPUT,
    /** Print the usage text after the message. */
    readonly showUsage = false,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** A usage mistake (unknown option, missing argument): message plus usage on stderr, exit 2. */
export const usageError = (message: string) => new CliError(message, EXIT.BAD_INPUT, true);
