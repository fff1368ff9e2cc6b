// Entry of the shadow's worker thread: lowers the thread's scheduling priority first (nice 19; on Linux
// a thread's own), so that even loading and compiling its sources takes only CPU the router leaves;
// then loads the TypeScript worker through tsx (a dependency of the app), so the same sources run in
// development, in the production server and in tests. `SHADOW_THREAD_NICE=0` keeps the process's priority.
import fs from "node:fs";
import os from "node:os";
import { register } from "tsx/esm/api";

if (process.env.SHADOW_THREAD_NICE !== "0") {
  try {
    const tid = Number(fs.readlinkSync("/proc/thread-self").split("/").pop());
    if (Number.isInteger(tid) && tid > 0) os.setPriority(tid, 19);
  } catch {
    // Not Linux, or not allowed: the thread runs at the process's priority.
  }
}

register();
await import("./shadow-worker.ts");
