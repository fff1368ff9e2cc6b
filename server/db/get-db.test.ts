import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { closeDb, getDb } from "./get-db";

describe("getDb", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "switchyard-pglite-"));
  afterAll(async () => {
    await closeDb();
    vi.unstubAllEnvs();
    rmSync(dir, { recursive: true, force: true });
  });

  it("opens one migrated PGlite in PGLITE_DIR per process, and its data survives a reopen", async () => {
    vi.stubEnv("DATABASE_URL", "");
    vi.stubEnv("PGLITE_DIR", dir);
    const [a, b] = await Promise.all([getDb(), getDb()]);
    expect(a).toBe(b);
    await a.organization.create({ data: { name: "Persisted", slug: "persisted" } });
    expect(existsSync(`${dir}.lock`)).toBe(true);
    await closeDb(); // closes PGlite and releases the data directory
    expect(existsSync(`${dir}.lock`)).toBe(false);

    const reopened = await getDb();
    expect(reopened).not.toBe(a);
    expect(await reopened.organization.findUnique({ where: { slug: "persisted" } })).toMatchObject({ name: "Persisted" });
  });
});
