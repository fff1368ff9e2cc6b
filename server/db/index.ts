// The Next.js app's entry to the data layer: `import { getDb } from "@/server/db"`.
//
// `server-only` makes a build fail if a Client Component imports this module. It is imported here and
// nowhere else in server/db: the package throws when loaded outside Next's server bundles, and tests,
// scripts and the CLI import the individual modules (create-db, get-db, create-test-db…) directly.
import "server-only";

export { getDb, closeDb } from "./get-db";
export type { Db } from "./create-db";
export * from "./generated/prisma/client";
