/** Entry point of the `switchyard` bin (see bin/switchyard.mjs). */
import { runCli } from "./run-cli";

// A closed pipe (`switchyard evaluate … | head`) is not an error: stop quietly.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw err;
});

process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
