import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveDbConfig } from "./resolve-db-config";

describe("resolveDbConfig", () => {
  it("uses PostgreSQL when DATABASE_URL is set", () => {
    expect(resolveDbConfig({ DATABASE_URL: "postgresql://u@h/db", PGLITE_DIR: "/x" })).toEqual({
      kind: "postgres",
      url: "postgresql://u@h/db",
      timeouts: { connectMs: 5_000, queryMs: 60_000, transactionMs: 30_000 },
    });
  });

  it("uses PGlite in .data/pglite by default, PGLITE_DIR when set, memory on request", () => {
    expect(resolveDbConfig({})).toEqual({ kind: "pglite", dataDir: path.resolve(".data/pglite") });
    expect(resolveDbConfig({ DATABASE_URL: " ", PGLITE_DIR: "tmp/db" })).toEqual({
      kind: "pglite",
      dataDir: path.resolve("tmp/db"),
    });
    expect(resolveDbConfig({ PGLITE_DIR: "memory" })).toEqual({ kind: "pglite", dataDir: undefined });
  });
});
