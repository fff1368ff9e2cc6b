import { copyFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Db, createDb } from "../server/db/create-db";
import { type TestDb, createTestDb } from "../server/db/create-test-db";
import { fixturePath } from "../server/testing/import-test-helpers";
import { generateShopifyCsv } from "../server/testing/import-orders-sample-csv";
import { createCatalogSkus, createPairedStore } from "../server/testing/import-orders-test-helpers";
import { importCommand } from "./import-command";
import { type TempDir, makeTempDir, memoryStream, run } from "./test-fixtures";

let tmp: TempDir;
let csv: string;
let corrupt: string;

beforeAll(async () => {
  tmp = await makeTempDir();
  csv = tmp.path("orders_export.csv");
  await copyFile(fixturePath("shopify-orders-export.csv"), csv);
  let text = "";
  for (const chunk of generateShopifyCsv({ rows: 600, seed: 9, firstOrderNumber: 5_001 })) text += chunk;
  corrupt = await tmp.write("corrupt.csv", `${text}#9999,"never closed\n#9998,x\n`);
});
afterAll(() => tmp.remove());

describe.each(["pglite", "postgres"] as const)("switchyard import (%s)", (kind) => {
  let t: TestDb;
  let orgId: string;
  let storeId: string;
  const slug = `cli-${kind}`;

  beforeAll(async () => {
    t = await createTestDb(kind);
    const org = await t.db.organization.create({ data: { name: "CLI merchant", slug } });
    orgId = org.id;
    storeId = await createPairedStore(t.db, org.id, await createCatalogSkus(t.db, org.id), "Main Shopify", "shopify");
    await t.db.store.create({ data: { organizationId: org.id, name: "Amazon US", platform: "amazon" } });
  });
  afterAll(async () => {
    await t?.drop();
  });

  async function cli(...argv: string[]) {
    const out = memoryStream();
    const err = memoryStream();
    const code = await importCommand(argv, { stdout: out.stream, stderr: err.stream }, { openDb: async () => t.db, closeDb: false });
    return { code, stdout: out.text(), stderr: err.text() };
  }

  it("imports a file and prints the report with the first errors (row, field, message); exit 0 despite bad rows", async () => {
    const r = await cli(csv, "--org", slug, "--store", "Main Shopify", "--format", "shopify-csv");
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`Importing ${csv} (shopify-csv) into ${slug} / Main Shopify`);
    expect(r.stdout).toMatch(/: completed in /);
    expect(r.stdout).toMatch(/imported\s+[1-9]/);
    expect(r.stdout).toMatch(/already present\s+0/);
    expect(r.stdout).toMatch(/nothing to ship\s+0/);
    expect(r.stdout).toMatch(/\n {2}row \d+ {2}Lineitem quantity {2}quantity must be at least 1, got -1 {2}\[order #1006\]/);
    // The line without a SKU no longer rejects its order: a notice says how it was identified.
    expect(r.stdout).toMatch(/notices\s+2\n/);
    expect(r.stdout).toContain("\nNotices (imported anyway; row  field  message):\n");
    expect(r.stdout).toContain('  row 9  Lineitem sku  no Lineitem sku; used the Lineitem name "Custom engraving" as the platform SKU  [order #1005]');
    const imported = await t.db.order.count({ where: { storeId } });
    expect(imported).toBeGreaterThan(0);
    const audit = await t.db.auditLog.findFirst({ where: { organizationId: orgId, action: "orders.import" } });
    expect(audit).toMatchObject({ actorType: "system", actorId: null });
  });

  it("reports re-imported orders as already present (by store id, as JSON)", async () => {
    const r = await cli(csv, "--org", orgId, "--store", storeId, "--format", "shopify-csv", "--json");
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { status: string; importedRows: number; skippedRows: number; errors: unknown[] };
    expect(report).toMatchObject({ status: "completed", importedRows: 0 });
    expect(report.skippedRows).toBe(await t.db.order.count({ where: { storeId } }));
    expect(report.errors.length).toBeGreaterThan(0);
  });

  it("exits 1 on a corrupt file, saying where it stopped and what was kept", async () => {
    const r = await cli(corrupt, "--org", slug, "--store", "main shopify", "--format", "shopify-csv");
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/: failed in /);
    expect(r.stdout).toMatch(/FAILED at row \d+: .*never closed/);
    expect(r.stdout).toMatch(/orders read before it are kept/);
  });

  it.each([
    { argv: ["--org", "nope", "--store", "Main Shopify", "--format", "shopify-csv"], message: 'unknown organization "nope"' },
    { argv: ["--org", slug, "--store", "Nope", "--format", "shopify-csv"], message: 'unknown store "Nope" in cli-' },
    { argv: ["--org", slug, "--store", "Main Shopify", "--format", "ebay-csv"], message: "--format must be one of native, shopify-csv" },
    { argv: ["--org", slug, "--store", "Main Shopify"], message: "missing --format" },
    { argv: ["--store", "Main Shopify", "--format", "shopify-csv"], message: "missing --org" },
    { argv: ["--org", slug, "--store", "Main Shopify", "--format", "tiktok-csv", "--time-zone", "Mars/Olympus"], message: "--time-zone: " },
  ])("exits 2 on bad arguments: $message", async ({ argv, message }) => {
    await expect(cli(csv, ...argv)).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining(message) });
  });

  it("lists the organization's stores when the store is unknown", async () => {
    await expect(cli(csv, "--org", slug, "--store", "Nope", "--format", "shopify-csv")).rejects.toMatchObject({ message: expect.stringContaining('"Amazon US" (amazon), "Main Shopify" (shopify)') });
  });
});

describe("switchyard import through runCli with the embedded database", () => {
  let dataDir: string;
  const saved = { DATABASE_URL: process.env.DATABASE_URL, PGLITE_DIR: process.env.PGLITE_DIR };

  beforeAll(async () => {
    dataDir = join(tmp.dir, "pglite");
    const db = await createDb({ kind: "pglite", dataDir });
    const org = await db.organization.create({ data: { name: "Embedded", slug: "embedded" } });
    await db.store.create({ data: { organizationId: org.id, name: "Shop", platform: "shopify" } });
    await db.$disconnect();
    delete process.env.DATABASE_URL;
    process.env.PGLITE_DIR = dataDir;
  });
  afterAll(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it("opens PGLITE_DIR, imports, and releases it", async () => {
    const r = await run("import", csv, "--org", "embedded", "--store", "Shop", "--format", "shopify-csv");
    expect(r.stderr).not.toContain("internal error");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/completed/);
    const db = await createDb({ kind: "pglite", dataDir }); // the lock was released
    expect(await db.order.count()).toBeGreaterThan(0);
    await db.$disconnect();
  });

  it("exits 1 with the lock's message while another holder has the data directory open", async () => {
    const holder: Db = await createDb({ kind: "pglite", dataDir });
    try {
      const r = await run("import", csv, "--org", "embedded", "--store", "Shop", "--format", "shopify-csv");
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/cannot open the database: PGlite data directory .* is already open/);
    } finally {
      await holder.$disconnect();
    }
  });

  it("exits 2 for a file that does not exist, before opening the database", async () => {
    const r = await run("import", tmp.path("missing.csv"), "--org", "embedded", "--store", "Shop", "--format", "shopify-csv");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("missing.csv: cannot read: no such file");
  });
});
