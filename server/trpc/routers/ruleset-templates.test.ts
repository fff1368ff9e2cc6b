import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TRuleGraph } from "@/rules-schema";
import { RULE_TEMPLATES, RULE_TEMPLATE_IDS } from "@/rules-schema/templates/rule-templates";
import { type TestDb, createTestDb } from "../../db/create-test-db";
import { DEMO_USERS } from "../../seed/demo-merchant";
import { seedDemoMerchant } from "../../seed/seed-demo-merchant";
import { type Tenant, callerFor, createTenant } from "../../testing/tenant-fixtures";
import { type Caller, DB_KINDS, type ProcedureCase, callersOf, errorOf, expectedOutcome, fieldsOf, matrix, runCase } from "./router-test-kit";

const calendar = { timeZone: "America/New_York", workingDays: [1, 2, 3, 4, 5], holidays: [], workdayStart: "08:00", cutoffTime: "15:00" };
const fromTemplate = (id: (typeof RULE_TEMPLATE_IDS)[number], name: string) => ({ name, stage: RULE_TEMPLATES[id].stage, hitPolicy: RULE_TEMPLATES[id].hitPolicy, template: id });

/** Every warehouse and channel id a graph refers to, in conditions' params and in actions. */
function referencedIds(graph: TRuleGraph): string[] {
  return graph.nodes.flatMap((n) => {
    const d = n.data as { warehouseId?: string; channelId?: string | null; params?: { warehouseId?: string; channelId?: string } };
    return [d.warehouseId, d.channelId, d.params?.warehouseId, d.params?.channelId].filter((x): x is string => typeof x === "string");
  });
}

describe.each(DB_KINDS)("ruleset templates (%s)", (kind) => {
  let t: TestDb;
  let demoOrgId: string;
  let demo: { designer: Caller; viewer: Caller };
  /** An organization with one own US warehouse and no channels. */
  let bare: Tenant;
  let as: Record<string, Caller>;
  let other: Tenant;

  beforeAll(async () => {
    t = await createTestDb(kind);
    demoOrgId = (await seedDemoMerchant(t.db, { anchor: new Date("2026-11-20T00:00:00Z"), orderCount: 10 })).organizationId;
    const userOf = async (role: string) => {
      const u = await t.db.user.findUniqueOrThrow({ where: { email: DEMO_USERS.find((x) => x.role === role)!.email } });
      return callerFor(t.db, { id: u.id, email: u.email, name: u.name });
    };
    demo = { designer: await userOf("designer"), viewer: await userOf("viewer") };
    bare = await createTenant(t.db, "bare");
    other = await createTenant(t.db, "other");
    as = await callersOf(t.db, bare);
    await as.owner!.warehouses.create({ code: "NYC", name: "New York", kind: "own", country: "US", address: null, calendar });
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("lists every template for the demo merchant in stage order, each available, with the master data it would use", async () => {
    const list = await demo.viewer.rulesets.templates();
    expect(list.map((x) => [x.stage, x.id])).toEqual([
      ["orderReview", "hold-invalid-addresses"],
      ["skuPairing", "hold-unpaired-skus"],
      ["warehouseMatching", "us-orders-from-los-angeles"],
      ["warehouseMatching", "nearest-warehouse-with-stock"],
      ["logisticsMatching", "battery-approved-channels"],
      ["logisticsMatching", "channels-by-warehouse"],
      ["logisticsMatching", "channel-matrix"],
      ["logisticsMatching", "heavy-parcels"],
      ["autoProcessing", "intercept-cancellations"],
      ["autoProcessing", "merge-buyer-orders"],
      ["autoProcessing", "deadline-priority"],
    ]);
    expect(list.every((x) => x.available && x.unavailableReason === null)).toBe(true);
    expect(Object.fromEntries(list.map((x) => [x.id, x.uses]))).toMatchObject({
      "us-orders-from-los-angeles": ["Los Angeles 3PL (Ontario, CA)"],
      "heavy-parcels": ["YunExpress Global Direct"],
      "deadline-priority": ["Shenzhen Longhua warehouse"],
    });
    expect(list.find((x) => x.id === "heavy-parcels")).toMatchObject({ title: RULE_TEMPLATES["heavy-parcels"].title, description: RULE_TEMPLATES["heavy-parcels"].description, hitPolicy: "first" });
  });

  it.each(RULE_TEMPLATE_IDS)("creating from %s gives a draft with no problems that uses the demo merchant's own warehouses and channels", async (id) => {
    const template = RULE_TEMPLATES[id];
    const r = await demo.designer.rulesets.create(fromTemplate(id, `Demo ${id}`));
    expect(r.problems).toEqual([]);
    expect([r.stage, r.description, r.version.number, r.version.status]).toEqual([template.stage, template.description, 1, "draft"]);
    expect(r.version.graph).toMatchObject({ name: `Demo ${id}`, stage: template.stage, hitPolicy: template.hitPolicy });
    // The channel matrix is one table node after Start; the others are several nodes.
    expect(r.version.graph.nodes.length).toBeGreaterThan(id === "channel-matrix" ? 1 : 2);
    const row = await t.db.rulesetVersion.findFirstOrThrow({ where: { rulesetId: r.id } });
    const compiled = row.compiled as { rules: unknown[]; manifest: { contentHash: string } } | null;
    expect(compiled).not.toBeNull();
    expect([r.version.contentHash, r.version.ruleCount]).toEqual([compiled!.manifest.contentHash, compiled!.rules.length]);
    const own = new Set([
      ...(await t.db.warehouse.findMany({ where: { organizationId: demoOrgId }, select: { id: true } })).map((w) => w.id),
      ...(await t.db.logisticsChannel.findMany({ where: { organizationId: demoOrgId }, select: { id: true } })).map((c) => c.id),
    ]);
    for (const ref of referencedIds(r.version.graph)) expect(own).toContain(ref);
    // Stored as built: reading it back gives the same graph.
    expect((await demo.viewer.rulesets.get({ id: r.id })).version.graph).toEqual(r.version.graph);
  });

  it("records which template a ruleset started from in the audit log", async () => {
    const r = await demo.designer.rulesets.create(fromTemplate("hold-invalid-addresses", "Audited template"));
    const log = await t.db.auditLog.findFirstOrThrow({ where: { entityId: r.id, action: "ruleset.create" } });
    expect(log.diff).toMatchObject({ template: [null, "hold-invalid-addresses"], nodes: [null, 3], edges: [null, 2] });
  });

  it("tells an organization without a US overseas warehouse why, and refuses that template with an error on the template field", async () => {
    const list = await as.viewer!.rulesets.templates();
    const byId = Object.fromEntries(list.map((x) => [x.id, x]));
    expect(byId["us-orders-from-los-angeles"]).toMatchObject({ available: false, uses: [] });
    expect(byId["us-orders-from-los-angeles"]!.unavailableReason).toContain("no overseas warehouse in the US");
    expect(byId["battery-approved-channels"]!.unavailableReason).toContain("no logistics channel accepts batteries");
    expect(byId["heavy-parcels"]!.unavailableReason).toContain("no logistics channel takes parcels over 2 kg");
    expect(byId["deadline-priority"]).toMatchObject({ available: true, uses: ["New York"] });

    const err = await errorOf(as.designer!.rulesets.create(fromTemplate("us-orders-from-los-angeles", "Ship from LA")));
    expect([err.code, fieldsOf(err)]).toEqual(["BAD_REQUEST", ["template"]]);
    expect(err.message).toContain("no overseas warehouse in the US");
    expect((await as.viewer!.rulesets.list({ search: "Ship from LA" })).items).toEqual([]);
    // Once it has one, the same request works.
    const lax = await as.owner!.warehouses.create({ code: "LAX", name: "LA West 3PL", kind: "overseas_3pl", country: "US", address: null, calendar });
    const r = await as.designer!.rulesets.create(fromTemplate("us-orders-from-los-angeles", "Ship from LA"));
    expect(r.problems).toEqual([]);
    expect(r.version.graph.nodes.find((n) => n.kind === "assignWarehouse")?.data).toMatchObject({ warehouseId: lax.id });
  });

  it.each([
    ["a template together with a graph", { ...fromTemplate("hold-invalid-addresses", "Both"), graph: { stage: "orderReview", hitPolicy: "all", nodes: [], edges: [] } }, ["template"]],
    ["a template in another stage", { ...fromTemplate("hold-invalid-addresses", "Elsewhere"), stage: "autoProcessing" }, ["stage"]],
    ["an unknown template", { ...fromTemplate("hold-invalid-addresses", "Unknown"), template: "teleport-orders" }, ["template"]],
  ])("refuses %s with an error on that field", async (_what, input, fields) => {
    const err = await errorOf(as.designer!.rulesets.create(input as never));
    expect([err.code, fieldsOf(err)]).toEqual(["BAD_REQUEST", fields]);
  });

  it("keeps the hit policy chosen at creation", async () => {
    const r = await demo.designer.rulesets.create({ ...fromTemplate("heavy-parcels", "Heavy, every match"), hitPolicy: "all" });
    const row = await t.db.rulesetVersion.findFirstOrThrow({ where: { rulesetId: r.id } });
    expect([r.version.graph.hitPolicy, (row.compiled as { hitPolicy: string }).hitPolicy, r.problems]).toEqual(["all", "all", []]);
  });

  const cases: ProcedureCase[] = [
    {
      name: "rulesets.templates",
      permission: "read",
      own: async (c) => expect(await c.rulesets.templates()).toHaveLength(RULE_TEMPLATE_IDS.length),
      // There is nothing to aim at another organization: the list is always the caller's own.
      foreign: async (c) => expect((await c.rulesets.templates()).find((x) => x.id === "deadline-priority")?.uses).toEqual(["New York"]),
      foreignCode: "OK",
    },
    {
      name: "rulesets.create from a template",
      permission: "editRules",
      own: (c, role) => c.rulesets.create(fromTemplate("hold-unpaired-skus", `Pairing ${role}`)),
      foreign: (c, role) => c.rulesets.create({ ...fromTemplate("hold-unpaired-skus", `Other ${role}`), organizationId: other.organizationId } as never),
      foreignCode: "BAD_REQUEST",
    },
  ];

  it.each(matrix(cases))("%s as %s: allowed only with its permission", async (_name, role, c) => {
    expect(await runCase(as[role]!, role, c)).toEqual(expectedOutcome(role, c));
  });

  it("left the other organization without rulesets", async () => {
    expect(await t.db.ruleset.count({ where: { organizationId: other.organizationId } })).toBe(0);
  });
});
