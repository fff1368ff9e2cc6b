import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export type NextServer = { child: ChildProcess; base: string; output: () => string };

/**
 * Starts `next start -p <port>` (the production build in `.next`) in its own process group, on the
 * PGlite database in `dataDir/pglite` with its auth secret in `dataDir` (as playwright.config.ts does),
 * and waits until /sign-in answers. Rejects with the server's output if it exits or does not answer
 * within two minutes (and stops it).
 */
export async function startNextServer(port: number, dataDir: string): Promise<NextServer> {
  const base = `http://localhost:${port}`;
  const chunks: string[] = [];
  const child = spawn(process.execPath, [join("node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port)], {
    env: { ...process.env, PGLITE_DIR: join(dataDir, "pglite"), SWITCHYARD_DATA_DIR: dataDir, BETTER_AUTH_URL: base, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group: stopping it also stops anything it started
  });
  const keep = (chunk: Buffer) => {
    chunks.push(chunk.toString());
    if (chunks.length > 200) chunks.shift();
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const server: NextServer = { child, base, output: () => chunks.join("") };
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`next start exited (${child.signalCode ?? child.exitCode}):\n${server.output()}`);
    try {
      const res = await fetch(`${base}/sign-in`, { signal: AbortSignal.timeout(5_000) });
      if (res.ok) return server;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  await stopNextServer(server);
  throw new Error(`next start did not answer on ${base}/sign-in within 120 s:\n${server.output()}`);
}

/** SIGTERM to the server's process group, SIGKILL after 5 s; resolves once it exited. */
export async function stopNextServer(server: NextServer): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const pid = child.pid;
  const exited = new Promise<true>((ok) => child.once("exit", () => ok(true)));
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {
      // already gone
    }
  };
  signal("SIGTERM");
  if (await Promise.race([exited, sleep(5_000).then(() => false)])) return;
  signal("SIGKILL");
  await Promise.race([exited, sleep(2_000)]);
}
