#!/usr/bin/env node
// The `switchyard` command: loads the TypeScript CLI through tsx.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
await import("../cli/main.ts");
