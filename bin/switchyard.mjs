#!/usr/bin/env node
// The `switchyard` command: runs the prebuilt bundle (dist/cli, made by `npm run build:cli`, which
// `npm install` runs) while it is current, otherwise the TypeScript sources through tsx (slower to start).
// SWITCHYARD_CLI_FROM_SOURCES=1 always runs the sources.
import { fileURLToPath } from "node:url";
import { prebuiltIsCurrent } from "./prebuilt.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = fileURLToPath(new URL("../dist/cli/", import.meta.url));

if (process.env.SWITCHYARD_CLI_FROM_SOURCES !== "1" && prebuiltIsCurrent(dist, root)) {
  await import(new URL("../dist/cli/main.js", import.meta.url).href);
} else {
  const { register } = await import("tsx/esm/api");
  register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
  await import("../cli/main.ts");
}
