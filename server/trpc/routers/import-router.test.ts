import { readFile } from "node:fs/promises";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES, type TRole, can } from "../../auth/roles";
import { type TestDb, createTestDb } from "../../db/create-test-db";
import { fixturePath } from "../../testing/import-test-helpers";
import { importOrderFile } from "../../services/import-orders-service";
import { FORMAT_FIXTURES, createCatalogSkus, createPairedStore, systemScope } from "../../testing/import-orders-test-helpers";
import { handleImportUpload } from "../../http/import-orders-upload";
import { type Tenant, callerFor, createTenant } from "../../testing/tenant-fixtures";
import { createContextForUser } from "../context";

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "OK";
  } catch (e) {
    return e instanceof TRPCError ? e.code : String(e);
  }
}

const CSV = FORMAT_FIXTURES["shopify-csv"];

describe.each(["pglite", "postgres"] as const)("imports: upload route and router (%s)", (kind) => {
  let t: TestDb;
  let a: Tenant;
  let b: Tenant;
  let aStore: string;
  let bStore: string;
  let bImportId: string;
  let csv: Uint8Array<ArrayBuffer>;

  /** POST /api/imports as `user`, through the function the route handler calls. */
  async function upload(user: Tenant["users"][TRole] | null, query: Record<string, string>, body: BodyInit, headers: Record<string, string> = {}) {
    const ctx = await createContextForUser(t.db, user);
    const request = new Request(`http://localhost/api/imports?${new URLSearchParams(query)}`, { method: "POST", body, headers });
    const response = await handleImportUpload(ctx, request);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> & { report?: Record<string, unknown> } };
  }

  beforeAll(async () => {
    t = await createTestDb(kind);
    a = await createTenant(t.db, `route-a-${kind}`);
    b = await createTenant(t.db, `route-b-${kind}`);
    aStore = await createPairedStore(t.db, a.organizationId, await createCatalogSkus(t.db, a.organizationId), "A Shopify", "shopify");
    bStore = await createPairedStore(t.db, b.organizationId, await createCatalogSkus(t.db, b.organizationId), "B Shopify", "shopify");
    csv = new Uint8Array(await readFile(fixturePath(CSV)));
    bImportId = (await importOrderFile(t.db, systemScope(b.organizationId), { format: "shopify-csv", storeId: bStore, fileName: "b.csv", source: [csv] })).id;
  });
  afterAll(async () => {
    await t?.drop();
  });

  it.each(ROLES)("%s may upload only with the importOrders permission", async (role) => {
    const before = await t.db.orderImport.count({ where: { organizationId: a.organizationId } });
    const r = await upload(a.users[role], { format: "shopify-csv", storeId: aStore, fileName: `${role}.csv` }, csv, { "content-type": "text/csv" });
    if (can(role, "importOrders")) {
      expect(r.status).toBe(200);
      expect(r.body.report).toMatchObject({ status: "completed", fileName: `${role}.csv`, createdById: a.users[role].id });
      expect(r.body.id).toBe(r.body.report!.id);
    } else {
      expect(r.status).toBe(403);
      expect(r.body.error).toMatch(/may not importOrders/);
      expect(await t.db.orderImport.count({ where: { organizationId: a.organizationId } })).toBe(before);
    }
  });

  it("refuses anonymous uploads", async () => {
    expect((await upload(null, { format: "shopify-csv", storeId: aStore }, csv)).status).toBe(401);
  });

  it("streams a multipart upload (file name from the part) and records the user in the audit log", async () => {
    const form = new FormData();
    form.append("note", "a field before the file");
    form.append("file", new Blob([csv], { type: "text/csv" }), "orders_export_1.csv");
    const r = await upload(a.users.admin, { format: "shopify-csv", storeId: aStore }, form);
    expect(r.status).toBe(200);
    expect(r.body.report).toMatchObject({ status: "completed", fileName: "orders_export_1.csv", importedRows: 0 });
    expect((r.body.report!.skippedRows as number) > 0).toBe(true);
    const audit = await t.db.auditLog.findFirst({ where: { entityId: r.body.id as string } });
    expect(audit).toMatchObject({ action: "orders.import", actorType: "user", actorId: a.users.admin.id });
  });

  it("answers 400 with the field for bad parameters and another organization's store, 422 for a corrupt file", async () => {
    const bad = async (query: Record<string, string>) => (await upload(a.users.owner, query, csv)).body;
    expect(await bad({ format: "ebay-csv", storeId: aStore })).toMatchObject({ field: "format" });
    expect(await bad({ format: "shopify-csv" })).toMatchObject({ field: "storeId" });
    expect(await bad({ format: "shopify-csv", storeId: bStore })).toMatchObject({ field: "storeId", error: "Unknown store" });
    expect(await bad({ format: "shopify-csv", storeId: aStore, organizationId: b.organizationId })).toMatchObject({ field: "organizationId" });
    expect(await bad({ format: "tiktok-csv", storeId: aStore, timeZone: "Mars/Olympus" })).toMatchObject({ field: "timeZone" });
    expect(await t.db.order.count({ where: { storeId: bStore, organizationId: a.organizationId } })).toBe(0);

    const corrupt = await upload(a.users.owner, { format: "shopify-csv", storeId: aStore }, `${new TextDecoder().decode(csv)}#9,"unclosed\n`);
    expect(corrupt.status).toBe(422);
    expect(corrupt.body.report).toMatchObject({ status: "failed", failure: { message: expect.stringContaining("never closed") } });
  });

  it.each(ROLES)("%s lists and reads its own organization's imports, never another's", async (role) => {
    const caller = await callerFor(t.db, a.users[role]);
    const page = await caller.imports.list({});
    expect(page.total).toBeGreaterThan(0);
    expect(page.items.map((i) => i.id)).not.toContain(bImportId);
    const one = await caller.imports.get({ id: page.items[0]!.id });
    expect(one.id).toBe(page.items[0]!.id);
    expect(await codeOf(caller.imports.get({ id: bImportId }))).toBe("NOT_FOUND");
  });

  it("lists newest first with pagination, and get returns the errors with row, field and message", async () => {
    const owner = await callerFor(t.db, a.users.owner);
    const all = await owner.imports.list({ pageSize: 100 });
    const times = all.items.map((i) => i.startedAt.getTime());
    expect(times).toEqual([...times].sort((x, y) => y - x));
    const p2 = await owner.imports.list({ page: 2, pageSize: 5 });
    expect(p2.items.map((i) => i.id)).toEqual(all.items.slice(5, 10).map((i) => i.id));
    const completed = all.items.find((i) => i.status === "completed")!;
    expect(completed.store).toEqual({ id: aStore, name: "A Shopify" });
    const report = await owner.imports.get({ id: completed.id });
    expect(report.errors.length).toBeGreaterThan(0);
    for (const e of report.errors) expect(e).toEqual({ row: expect.any(Number), field: expect.any(String), message: expect.any(String), ...(e.externalId ? { externalId: e.externalId } : {}) });
    const failed = await owner.imports.list({ status: "failed" });
    expect(failed.items[0]?.failure?.message).toMatch(/never closed/);
  });

  it("refuses anonymous readers", async () => {
    expect(await codeOf((await callerFor(t.db, null)).imports.list({}))).toBe("UNAUTHORIZED");
  });
});
