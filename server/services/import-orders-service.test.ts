import { Readable } from "node:stream";
import v8 from "node:v8";
import vm from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDb, createTestDb } from "../db/create-test-db";
import { IMPORT_FORMATS, type ImportError, type TImportFormat } from "../import";
import { fixtureStream } from "../testing/import-test-helpers";
import { type Tenant, createTenant } from "../testing/tenant-fixtures";
import { IMPORT_AUDIT_ACTION, MAX_KEPT_ERRORS, MAX_KEPT_NOTICES, getOrderImport, importOrderFile, isFileLevelError, listOrderImports } from "./import-orders-service";
import { generateShopifyCsv } from "../testing/import-orders-sample-csv";
import {
  FIXTURE_OPTIONS,
  FORMAT_FIXTURES,
  createCatalogSkus,
  createPairedStore,
  expectedFromParser,
  shopifyCsv,
  storePlatform,
  systemScope,
} from "../testing/import-orders-test-helpers";
import { FieldError, ForbiddenError } from "./service-errors";

const FORMATS = IMPORT_FORMATS.map((f) => f.id);

/** A source that yields `text` in chunks, then breaks off like a dropped connection. */
async function* breaksAfter(text: string, chunk = 4096): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += chunk) yield text.slice(i, i + chunk);
  throw new Error("connection reset by peer");
}

function joined(chunks: Iterable<string>): string {
  let out = "";
  for (const c of chunks) out += c;
  return out;
}

describe("isFileLevelError", () => {
  const e = (field: string, message: string, externalId?: string): ImportError => ({ ok: false, row: 1, field, message, ...(externalId ? { externalId } : {}) });
  it("stops on whole-file problems but not on one bad record", () => {
    expect(isFileLevelError("shopify-csv", e("$", "the quoted field opened in the record starting at row 9 is never closed"))).toBe(true);
    expect(isFileLevelError("shopify-json", e("$", "not valid JSON: Unexpected token"))).toBe(true);
    expect(isFileLevelError("native", e("$", "the JSON array is never closed with ]"))).toBe(true);
    expect(isFileLevelError("native", e("$", "not valid JSON: Unexpected end"))).toBe(false);
    expect(isFileLevelError("amazon-json", e("$", "expected an order object"))).toBe(false);
    expect(isFileLevelError("shopify-csv", e("Lineitem sku", "no SKU"))).toBe(false);
    expect(isFileLevelError("native", e("$", "Invalid input", "A-1"))).toBe(false);
  });
});

describe.each(["pglite", "postgres"] as const)("importOrderFile (%s)", (kind) => {
  let t: TestDb;
  let a: Tenant;
  let b: Tenant;
  const stores = {} as Record<TImportFormat, string>;
  let csvStore: string;
  let bStore: string;

  beforeAll(async () => {
    t = await createTestDb(kind);
    a = await createTenant(t.db, `imp-a-${kind}`);
    b = await createTenant(t.db, `imp-b-${kind}`);
    const skuIds = await createCatalogSkus(t.db, a.organizationId);
    for (const format of FORMATS) stores[format] = await createPairedStore(t.db, a.organizationId, skuIds, `Store ${format}`, storePlatform(format));
    csvStore = await createPairedStore(t.db, a.organizationId, skuIds, "CSV tests", "shopify");
    bStore = await createPairedStore(t.db, b.organizationId, await createCatalogSkus(t.db, b.organizationId), "B store", "shopify");
  });
  afterAll(async () => {
    await t?.drop();
  });

  const importFile = (storeId: string, format: TImportFormat, source: Parameters<typeof importOrderFile>[2]["source"], extra: object = {}) =>
    importOrderFile(t.db, systemScope(a.organizationId), { format, storeId, fileName: `file.${format}`, source, ...FIXTURE_OPTIONS, ...extra });

  it.each(FORMATS)("imports the %s fixture: every good order stored as the parser read it (paired and weighed), every bad row reported; a second import changes nothing", async (format) => {
    const fixture = FORMAT_FIXTURES[format];
    const storeId = stores[format];
    const expected = await expectedFromParser(format, fixture, storeId, storePlatform(format));
    expect(expected.orders.length).toBeGreaterThanOrEqual(3);
    expect(expected.errors.length).toBeGreaterThan(0);

    const run = await importFile(storeId, format, fixtureStream(fixture));
    expect(run).toMatchObject({
      status: "completed",
      format,
      importedRows: expected.orders.length,
      skippedRows: expected.skipped.length,
      nothingToShipRows: expected.skipped.length,
      failure: null,
      store: { id: storeId },
    });
    expect(run.errorCount).toBe(expected.errors.length);
    expect(run.errors).toEqual(expected.errors.map(({ ok: _ok, ...e }) => e));
    expect(run.noticeCount).toBe(expected.notices.length);
    expect(run.notices).toEqual(expected.notices);
    expect(run.failedRows).toBeGreaterThan(0);
    expect(run.totalRows).toBe(run.importedRows + run.skippedRows + run.failedRows);

    const rows = await t.db.order.findMany({ where: { storeId } });
    expect(new Map(rows.map((r) => [r.externalId, r.data]))).toEqual(new Map(expected.orders.map((o) => [o.externalId, o])));
    for (const r of rows) {
      const order = expected.orders.find((o) => o.externalId === r.externalId)!;
      expect(r).toMatchObject({ organizationId: a.organizationId, importId: run.id, platform: order.platform, status: order.status, country: order.shippingAddress.country, currency: order.currency });
      expect(r.placedAt.toISOString()).toBe(new Date(order.createdAt).toISOString());
      expect(Number(r.totalValue)).toBe(order.totalValue);
    }
    if (format !== "native") {
      // The store's pairings reached the lines (native orders carry their own pairing).
      expect(expected.orders.some((o) => o.lines.some((l) => l.warehouseSku !== null && l.weightGrams > 0))).toBe(true);
    }

    const again = await importFile(storeId, format, fixtureStream(fixture, 13));
    expect(again).toMatchObject({ status: "completed", importedRows: 0, skippedRows: expected.orders.length + expected.skipped.length, failedRows: run.failedRows });
    expect(await t.db.order.count({ where: { storeId } })).toBe(expected.orders.length);
    expect((await t.db.order.findMany({ where: { storeId }, select: { importId: true } })).every((o) => o.importId === run.id)).toBe(true);
  });

  it("reports broken rows with row, field and message while the rest import — a row the database cannot store included", async () => {
    const csv = shopifyCsv([
      { name: "#B1", sku: "MUG-11OZ-WHT" },
      { name: "#B2", sku: "" }, // no SKU: imported under its Lineitem name, with a notice
      { name: "#B3", sku: "TEE-BLK-M", quantity: "two" },
      { name: "#B3", sku: "MUG-11OZ-WHT", quantity: "-1" },
      { name: "#B4", sku: "TEE-BLK-M", createdAt: "yesterday" },
      { name: "#B5", sku: "TEE-BLK-M", notes: "nul \u0000 byte" }, // valid order, but PostgreSQL refuses NUL
      { name: "#B6", sku: "PWRBANK-10K", quantity: "2" },
      { name: "#B\u00007", sku: "PWRBANK-10K" }, // a NUL in the order number itself: refused, and the report stays storable
    ]);
    const run = await importFile(csvStore, "shopify-csv", [csv], { batchSize: 2 });
    expect(run.status).toBe("completed");
    expect(run).toMatchObject({ importedRows: 3, skippedRows: 0, failedRows: 4, totalRows: 7, errorCount: 5, noticeCount: 1 });
    expect(run.notices).toEqual([{ row: 3, field: "Lineitem sku", message: 'no Lineitem sku; used the Lineitem name "Item" as the platform SKU', externalId: "#B2" }]);
    expect(run.errors).toEqual([
      { row: 4, field: "Lineitem quantity", message: expect.any(String), externalId: "#B3" },
      { row: 5, field: "Lineitem quantity", message: expect.any(String), externalId: "#B3" },
      { row: 6, field: "Created at", message: expect.stringContaining("yesterday"), externalId: "#B4" },
      { row: 7, field: "buyerMessage", message: expect.stringContaining("NUL"), externalId: "#B5" },
      { row: 9, field: "id", message: expect.stringContaining("NUL"), externalId: "#B\uFFFD7" },
    ]);
    const stored = await t.db.order.findMany({ where: { storeId: csvStore, externalId: { in: ["#B1", "#B2", "#B6"] } } });
    expect(stored.map((o) => o.externalId).sort()).toEqual(["#B1", "#B2", "#B6"]);
    const line = (stored.find((o) => o.externalId === "#B6")!.data as { lines: { warehouseSku: string; weightGrams: number; hasBattery: boolean }[] }).lines[0];
    expect(line).toMatchObject({ warehouseSku: "WH-PB-10K", weightGrams: 250, hasBattery: true });

    const saved = await getOrderImport(t.db, systemScope(a.organizationId), run.id);
    expect(saved).toMatchObject({ status: "completed", importedRows: 3, failedRows: 4, totalRows: 7, noticeCount: 1 });
    expect(saved.errors).toEqual(run.errors);
    expect(saved.notices).toEqual(run.notices);
    expect(saved.finishedAt).toBeInstanceOf(Date);
  });

  it(`keeps the first ${MAX_KEPT_ERRORS} errors and counts them all`, async () => {
    const rows = Array.from({ length: MAX_KEPT_ERRORS + 150 }, (_, i) => ({ name: `#E${i}`, sku: "TEE-BLK-M", quantity: i % 2 ? "x" : "0" }));
    const run = await importFile(csvStore, "shopify-csv", [shopifyCsv(rows)]);
    expect(run).toMatchObject({ status: "completed", importedRows: 0, failedRows: MAX_KEPT_ERRORS + 150, errorCount: MAX_KEPT_ERRORS + 150 });
    expect(run.errors).toHaveLength(MAX_KEPT_ERRORS);
    expect(run.errors[0]).toMatchObject({ row: 2, externalId: "#E0" });
  });

  it(`counts orders with nothing to ship as skipped, keeps the first ${MAX_KEPT_NOTICES} notices and counts them all`, async () => {
    // Every other order is only a gift card; every order has a line without a SKU.
    const rows = Array.from({ length: MAX_KEPT_NOTICES + 40 }, (_, i) => ({ name: `#N${i}`, sku: "", giftCard: i % 2 === 1 }));
    const run = await importFile(csvStore, "shopify-csv", [shopifyCsv(rows)], { batchSize: 100 });
    const gift = Math.floor(rows.length / 2);
    // A gift-card order gives two notices (its line, and why it was skipped); the others one (the SKU fallback).
    expect(run).toMatchObject({ status: "completed", importedRows: rows.length - gift, skippedRows: gift, nothingToShipRows: gift, failedRows: 0, totalRows: rows.length });
    expect(run.noticeCount).toBe(rows.length - gift + 2 * gift);
    expect(run.notices).toHaveLength(MAX_KEPT_NOTICES);
    expect(run.notices.slice(0, 3)).toEqual([
      { row: 2, field: "Lineitem sku", message: 'no Lineitem sku; used the Lineitem name "Item" as the platform SKU', externalId: "#N0" },
      { row: 3, field: "Lineitem requires shipping", message: '"Item" needs no shipping; not routed', externalId: "#N1" },
      { row: 3, field: "Lineitem requires shipping", message: "every line is a gift card or needs no shipping (1 line): nothing to ship", externalId: "#N1" },
    ]);
    const saved = await getOrderImport(t.db, systemScope(a.organizationId), run.id);
    expect(saved).toMatchObject({ importedRows: run.importedRows, skippedRows: gift, nothingToShipRows: gift, noticeCount: run.noticeCount, totalRows: rows.length });
    expect(saved.notices).toEqual(run.notices);
    // Importing again: the imported orders are duplicates now, the gift card orders are skipped as before.
    const again = await importFile(csvStore, "shopify-csv", [shopifyCsv(rows)], { batchSize: 100 });
    expect(again).toMatchObject({ importedRows: 0, skippedRows: rows.length, nothingToShipRows: gift, totalRows: rows.length });
    const list = await listOrderImports(t.db, systemScope(a.organizationId), { page: 1, pageSize: 5 });
    expect(list.items[0]).toMatchObject({ id: again.id, nothingToShipRows: gift, noticeCount: again.noticeCount });
    expect(list.items[0]).not.toHaveProperty("notices");
  });

  it("refuses a store of another organization (an unknown one, bad options, a role that may not import) before writing anything", async () => {
    const before = await t.db.orderImport.count();
    for (const storeId of [bStore, "no-such-store"]) {
      const error = await importFile(storeId, "shopify-csv", fixtureStream(FORMAT_FIXTURES["shopify-csv"])).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FieldError);
      expect(error).toMatchObject({ field: "storeId" });
    }
    await expect(importFile(csvStore, "shopify-csv", [""], { timeZone: "Mars/Olympus" })).rejects.toMatchObject({ field: "timeZone" });
    await expect(importFile(csvStore, "shopify-csv", [""], { defaultCurrency: "dollars" })).rejects.toMatchObject({ field: "defaultCurrency" });
    await expect(importFile(csvStore, "ebay-csv" as TImportFormat, [""])).rejects.toMatchObject({ field: "format" });
    const viewer = { organizationId: a.organizationId, role: "viewer" as const, actor: { type: "user" as const, id: a.users.viewer.id } };
    await expect(importOrderFile(t.db, viewer, { format: "shopify-csv", storeId: csvStore, fileName: "x.csv", source: [""] })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await t.db.orderImport.count()).toBe(before);
    expect(await t.db.order.count({ where: { storeId: bStore } })).toBe(0);
  });

  it("ends a corrupt file as failed, keeping the orders read before the corruption (in complete batches)", async () => {
    const good = joined(generateShopifyCsv({ rows: 1_300, seed: 3, firstOrderNumber: 50_001 }));
    // An unclosed quote after the good rows swallows the rest of the file.
    const corrupt = `${good}#99999,"never closed,paid\n${"#99998,a@example.com,paid,USD\n".repeat(50)}`;
    const goodRows = good.split("\n").slice(1, -1);
    const goodOrders = new Set(goodRows.map((l) => l.slice(0, l.indexOf(","))));
    const corruptRow = goodRows.length + 2;
    const run = await importFile(csvStore, "shopify-csv", [corrupt], { batchSize: 250 });
    expect(run.status).toBe("failed");
    // Every order before the corrupt record but the last, whose end the reader never saw.
    expect(run.importedRows).toBe(goodOrders.size - 1);
    expect(run.batches).toBe(Math.ceil(run.importedRows / 250));
    expect(run.failure).toEqual({ row: corruptRow, message: expect.stringContaining("never closed") });
    expect(run.errors.at(-1)).toMatchObject({ row: corruptRow, field: "$", fatal: true });
    const saved = await getOrderImport(t.db, systemScope(a.organizationId), run.id);
    expect(saved).toMatchObject({ status: "failed", importedRows: run.importedRows, failure: run.failure });
    expect(await t.db.order.count({ where: { importId: run.id } })).toBe(run.importedRows);
  });

  it("ends as failed when the source breaks off, keeping what was read, and says so", async () => {
    const text = joined(generateShopifyCsv({ rows: 2_000, seed: 5, firstOrderNumber: 70_001 }));
    const run = await importFile(csvStore, "shopify-csv", breaksAfter(text.slice(0, 300_000)), { batchSize: 200 });
    expect(run.status).toBe("failed");
    expect(run.failure?.message).toBe("the file could not be read to the end: connection reset by peer");
    expect(run.importedRows).toBeGreaterThan(200);
    expect(await t.db.order.count({ where: { importId: run.id } })).toBe(run.importedRows);
    // What was read is consistent: importing the whole file afterwards adds only the rest.
    const rest = await importFile(csvStore, "shopify-csv", [text], { batchSize: 200 });
    expect(rest).toMatchObject({ status: "completed", skippedRows: run.importedRows });
  });

  it("fails a file that is not the announced format (missing columns) without importing", async () => {
    const run = await importFile(csvStore, "shopify-csv", ["id,amount\n1,2\n"]);
    expect(run).toMatchObject({ status: "failed", importedRows: 0, failure: { row: 1, message: expect.stringContaining("missing columns") } });
  });

  it("shows progress while running, writes an audit entry with the counts, and lists imports newest first", async () => {
    const text = joined(generateShopifyCsv({ rows: 3_000, seed: 6, firstOrderNumber: 80_001 }));
    const seen: Promise<unknown>[] = [];
    const progress: number[] = [];
    const run = await importFile(csvStore, "shopify-csv", Readable.from([text]), {
      batchSize: 500,
      onProgress: (p: { importedRows: number; batches: number; importId: string }) => {
        progress.push(p.importedRows);
        if (p.batches === 1) seen.push(getOrderImport(t.db, systemScope(a.organizationId), p.importId));
      },
    });
    expect(run.status).toBe("completed");
    expect(progress.length).toBeGreaterThanOrEqual(run.batches);
    expect(progress.at(-1)).toBe(run.importedRows);
    const during = (await seen[0]) as { status: string; importedRows: number };
    expect(during.status).toBe("running");
    expect(during.importedRows).toBeGreaterThanOrEqual(500);

    const audit = await t.db.auditLog.findFirst({ where: { entityId: run.id } });
    expect(audit).toMatchObject({ action: IMPORT_AUDIT_ACTION, actorType: "system", actorId: null, organizationId: a.organizationId, entityType: "orderImport" });
    expect(audit!.diff).toMatchObject({ storeId: csvStore, status: "completed", importedRows: run.importedRows, skippedRows: 0, failedRows: 0, batches: run.batches });

    const page = await listOrderImports(t.db, systemScope(a.organizationId), { page: 1, pageSize: 5 });
    expect(page.items[0]).toMatchObject({ id: run.id, store: { id: csvStore, name: "CSV tests" } });
    expect(page.items.map((i) => i.startedAt.getTime())).toEqual([...page.items.map((i) => i.startedAt.getTime())].sort((x, y) => y - x));
    const failed = await listOrderImports(t.db, systemScope(a.organizationId), { page: 1, pageSize: 100, status: "failed" });
    expect(failed.items.length).toBeGreaterThan(0);
    expect(failed.items.every((i) => i.status === "failed" && i.failure !== null)).toBe(true);
    expect((await listOrderImports(t.db, systemScope(b.organizationId), { page: 1, pageSize: 100 })).total).toBe(0);
  });

  it("imports a generated 100,000-row CSV in bounded memory", async () => {
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as () => void;
    const heap = () => {
      gc();
      return process.memoryUsage().heapUsed;
    };
    const samples: number[] = [];
    const base = heap();
    // Streamed from the generator: the file itself is never in memory either.
    const source = Readable.from(generateShopifyCsv({ rows: 100_000, seed: 11, firstOrderNumber: 1_000_001 }));
    const run = await importFile(csvStore, "shopify-csv", source, {
      batchSize: 500,
      onProgress: (p: { batches: number }) => {
        if (p.batches % 25 === 0) samples.push(heap() - base);
      },
    });
    expect(run.status).toBe("completed");
    expect(run.importedRows).toBeGreaterThan(70_000);
    expect(run.failedRows).toBe(0);
    // Holding the orders would grow the heap by ~3 KB per order (200+ MB); a streaming import stays
    // flat once warm. (Prisma's debug history holds the last 100 queries' parameters: ≤ 100 × ~0.5 MB.)
    const warm = samples[2]!;
    const last = samples.at(-1)!;
    expect(last - warm).toBeLessThan(40 * 2 ** 20);
    expect(Math.max(...samples)).toBeLessThan(160 * 2 ** 20);
    // 15–30 s on a quiet machine; room for a machine busy with other work (no timing is asserted).
  }, 600_000);
});
