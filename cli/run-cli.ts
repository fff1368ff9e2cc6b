import { type CliIo, CliError, EXIT } from "./cli-io";
import { compileCommand } from "./compile-command";
import { decompileCommand } from "./decompile-command";
import { evaluateCommand } from "./evaluate-command";
import { testCommand } from "./test-command";
import { USAGE } from "./usage";
import { validateCommand } from "./validate-command";

const COMMANDS: Record<string, (argv: readonly string[], io: CliIo) => Promise<number>> = {
  validate: validateCommand,
  compile: compileCommand,
  decompile: decompileCommand,
  evaluate: evaluateCommand,
  test: testCommand,
  // Loaded on demand: it brings the database layer (Prisma, PGlite), which the other commands do not need.
  import: async (argv, io) => (await import("./import-command")).importCommand(argv, io),
};

const isHelp = (arg: string) => arg === "--help" || arg === "-h" || arg === "help";

/**
 * Runs `switchyard <argv…>` (argv without node and script) and returns the exit code. Writes only
 * to `io`; never exits the process, never throws.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || isHelp(command) || rest.includes("--help") || rest.includes("-h")) {
    io.stdout.write(USAGE);
    return EXIT.OK;
  }
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!run) {
    io.stderr.write(`switchyard: unknown command "${command}"\n\n${USAGE}`);
    return EXIT.BAD_INPUT;
  }
  try {
    return await run(rest, io);
  } catch (err) {
    if (err instanceof CliError) {
      io.stderr.write(`${err.message}\n${err.showUsage ? `\n${USAGE}` : ""}`);
      return err.exitCode;
    }
    io.stderr.write(`switchyard: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
    return EXIT.INTERNAL;
  }
}
