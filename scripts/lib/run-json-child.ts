import { spawn } from "node:child_process";

/**
 * Runs this same script again in a child process (so that its peak memory is its own) with `args`,
 * and resolves with the JSON object on the last line it prints. stderr passes through.
 */
export function runJsonChild<T>(script: string, args: readonly string[], label: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...process.execArgv, script, ...args], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    p.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    p.on("error", reject);
    p.on("close", (code) => {
      const last = out.trim().split("\n").pop() ?? "";
      if (code !== 0) return reject(new Error(`${label} exited with ${code}\n${out}`));
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${label}: no result line in\n${out}`));
      }
    });
  });
}
