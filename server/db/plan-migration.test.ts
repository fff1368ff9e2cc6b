import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { planMigration } from "./plan-migration";

describe("planMigration", () => {
  it("finds nothing to do: prisma/migrations already produce prisma/schema.prisma", async () => {
    // Fails when schema.prisma changed without `npm run db:migrate:dev -- <name>`.
    expect(await planMigration("check")).toBeNull();
  });

  it("plans the whole schema as one migration when there are no migrations yet", async () => {
    const empty = mkdtempSync(path.join(tmpdir(), "switchyard-migrations-"));
    try {
      const planned = await planMigration("init", { migrationsDir: empty }, new Date("2026-11-21T09:08:07Z"));
      expect(planned?.directoryName).toBe("20261121090807_init");
      expect(planned?.script).toContain('CREATE TABLE "orders"');
      expect(planned?.script).toContain('CREATE UNIQUE INDEX "orders_storeId_externalId_key"');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
