// Entry of a graph worker thread: loads the TypeScript worker through tsx (a dependency of the app),
// so the same sources run in development, in the production server and in tests.
import { register } from "tsx/esm/api";

register();
await import("./graph-worker.ts");
