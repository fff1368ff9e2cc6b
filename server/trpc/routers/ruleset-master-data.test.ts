import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZRuleGraph } from "@/rules-schema";
import { CALENDAR_LA, GraphBuilder, cond } from "@/rules-schema/testing/factories";
import { type TestDb, createTestDb } from "../../db/create-test-db";
import { type Tenant, callerFor, createTenant } from "../../testing/tenant-fixtures";
import { DB_KINDS } from "./router-test-kit";

describe.each(DB_KINDS)("rulesets.masterData: what the designer's pickers and validator load (%s)", (kind) => {
  let t: TestDb;
  let a: Tenant;
  let b: Tenant;

  beforeAll(async () => {
    t = await createTestDb(kind);
    a = await createTenant(t.db, `md-a-${kind}`);
    b = await createTenant(t.db, `md-b-${kind}`);
    await t.db.warehouse.create({ data: { organizationId: a.organizationId, code: "LA", name: "Los Angeles", kind: "overseas_3pl", country: "US", calendar: CALENDAR_LA } });
    await t.db.warehouse.create({ data: { organizationId: b.organizationId, code: "NJ", name: "New Jersey", kind: "own", country: "US", calendar: CALENDAR_LA } });
    // More channels than a list page holds: the designer must know every one of them.
    await t.db.logisticsChannel.createMany({
      data: Array.from({ length: 130 }, (_, i) => ({ organizationId: a.organizationId, code: `CH${String(i).padStart(3, "0")}`, name: `Channel ${i}`, carrier: "Post", maxWeightGrams: 2000, active: i !== 7 })),
    });
    await t.db.store.create({ data: { organizationId: a.organizationId, platform: "shopify", name: "A Shopify" } });
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("returns all of the organization's warehouses, channels and stores in one answer, inactive channels flagged", async () => {
    const md = await (await callerFor(t.db, a.users.viewer)).rulesets.masterData();
    expect([md.warehouses.map((w) => w.code), md.channels.length, md.stores.map((s) => s.name), md.truncated]).toEqual([["LA"], 130, ["A Shopify"], false]);
    expect(md.warehouses[0]!.calendar.timeZone).toBe("America/Los_Angeles");
    expect(md.channels.filter((c) => !c.active).map((c) => c.code)).toEqual(["CH007"]);
  });

  it("gives each channel the warehouses it collects from, so the designer flags a channel no warehouse on the path can use", async () => {
    const la = await t.db.warehouse.findFirstOrThrow({ where: { organizationId: a.organizationId, code: "LA" } });
    await t.db.logisticsChannel.update({ where: { organizationId_code: { organizationId: a.organizationId, code: "CH001" } }, data: { originWarehouseIds: [la.id] } });
    const md = await (await callerFor(t.db, a.users.viewer)).rulesets.masterData();
    expect(md.channels.find((c) => c.code === "CH001")!.originWarehouseIds).toEqual([la.id]);
    expect(md.channels.find((c) => c.code === "CH002")!.originWarehouseIds).toEqual([]);
  });

  it("gives the stock on hand by warehouse and SKU (what the analysis builds example orders from)", async () => {
    const la = await t.db.warehouse.findFirstOrThrow({ where: { organizationId: a.organizationId, code: "LA" } });
    const sku = await t.db.sku.create({ data: { organizationId: a.organizationId, code: "W-CASE", name: "Case", weightGrams: 100 } });
    await t.db.inventory.create({ data: { organizationId: a.organizationId, warehouseId: la.id, skuId: sku.id, quantity: 7 } });
    const md = await (await callerFor(t.db, a.users.viewer)).rulesets.masterData();
    expect(md.inventory).toEqual({ [la.id]: { "W-CASE": 7 } });
  });

  it("says which warehouses the published warehouse rules can assign (what later stages' analysis may assume), null before any are published", async () => {
    const owner = await callerFor(t.db, a.users.owner);
    expect((await owner.rulesets.masterData()).arrivingWarehouseIds).toBeNull();
    const la = await t.db.warehouse.findFirstOrThrow({ where: { organizationId: a.organizationId, code: "LA" } });
    const g = new GraphBuilder("warehouseMatching", "first");
    const c = g.add("condition", cond("country", "equal", "US"));
    g.link("start", c, "next").link(c, g.add("assignWarehouse", { warehouseId: la.id }), "true").link(c, g.add("hold", { reason: "not US" }), "false");
    const graph = ZRuleGraph.parse(g.build());
    const r = await owner.rulesets.create({ name: "Warehouses", stage: "warehouseMatching", hitPolicy: "first", graph });
    await owner.rulesets.saveVersion({ id: r.id, revision: r.version.revision, graph, note: "v1" });
    await owner.publishing.publish({ rulesetId: r.id, number: 1, overrideReason: "test" });
    expect((await owner.rulesets.masterData()).arrivingWarehouseIds).toEqual([la.id]);
    expect((await (await callerFor(t.db, b.users.owner)).rulesets.masterData()).arrivingWarehouseIds).toBeNull();
  });

  it("never shows another organization's master data", async () => {
    const md = await (await callerFor(t.db, b.users.owner)).rulesets.masterData();
    expect([md.warehouses.map((w) => w.code), md.channels, md.stores, md.inventory]).toEqual([["NJ"], [], [], {}]);
  });
});
