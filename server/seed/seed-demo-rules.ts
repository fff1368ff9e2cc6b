/**
 * The demo merchant's rules, so the first hour shows a working product: a published pipeline for all
 * five stages built from the rule templates (address and pairing holds, nearest warehouse with stock,
 * the fastest channel that fits per warehouse, cancellation intercepts and merging a buyer's orders),
 * a draft change ready to simulate (EU orders from the Hamburg 3PL as well as US orders from Los
 * Angeles), one completed simulation of that draft against the last 30 days, and the live router's
 * decisions for the orders of the last 14 days — all written through the same services the app uses
 * (so versions, publish history, audit log and simulation results are what a user would have made).
 *
 * Idempotent: an audit row "seed.rules" marks it done; a database seeded before this step gets its
 * rules on the next start.
 */
import { randomUUID } from "node:crypto";
import { inventorySliceFor, type TEvaluationContext, type TRuleGraph, type TStage } from "@/rules-schema";
import { evaluatePipeline } from "@/rules-schema/evaluate/evaluate-pipeline";
import { assessDeadline } from "@/rules-schema/simulate/assess-deadline";
import { ZOrder } from "@/rules-schema/order/order-schema";
import { type TRuleTemplateId, buildRuleTemplate } from "@/rules-schema/templates/rule-templates";
import type { Db } from "../db/create-db";
import { DecisionBatcher, type DecisionRow } from "../live-router/decision-batcher";
import { loadRouterSnapshot } from "../live-router/load-router-snapshot";
import { loadEvaluationContext } from "../services/load-evaluation-context";
import { publishVersion } from "../services/publish-service";
import { stageDecisions, versionsOf } from "../live-router/stage-decisions";
import { createRuleset, saveDraft, saveVersion } from "../services/ruleset-service";
import type { Scope } from "../services/scope";
import { createSimulation } from "../services/simulation-service";
import { writeAuditLog } from "../services/write-audit-log";
import { EvaluatorPool } from "../simulation/evaluator-pool";
import { registerSimulationRunner } from "../simulation/get-simulation-runner";
import { EmbeddedRunner } from "../simulation/simulation-runner";

export const SEED_RULES_ACTION = "seed.rules";
/** Days of live routing decisions before the anchor. */
export const DEMO_DECISION_DAYS = 14;
/** Days of history the demo simulation replays. */
export const DEMO_SIMULATION_DAYS = 30;
const DAY_MS = 86_400_000;

/** The warehouse code the draft change adds (EU orders from the Hamburg 3PL). */
const DRAFT_ADDS_WAREHOUSE = "DE-3PL";

interface RulesetSpec {
  name: string;
  stage: TStage;
  template: TRuleTemplateId;
  note: string;
}

/** The live pipeline, in stage order; names as a merchant's team would give them. */
const PIPELINE: RulesetSpec[] = [
  { name: "Address check", stage: "orderReview", template: "hold-invalid-addresses", note: "Hold orders whose address failed validation" },
  { name: "SKU pairing", stage: "skuPairing", template: "hold-unpaired-skus", note: "Hold orders with unpaired SKUs" },
  { name: "Warehouses", stage: "warehouseMatching", template: "nearest-warehouse-with-stock", note: "US orders from Los Angeles when in stock; the rest from Shenzhen" },
  { name: "Channels", stage: "logisticsMatching", template: "channels-by-warehouse", note: "Fastest channel that fits, per warehouse" },
  { name: "Cancellations", stage: "autoProcessing", template: "intercept-cancellations", note: "Intercept orders the buyer asked to cancel" },
  { name: "Merge a buyer's orders", stage: "autoProcessing", template: "merge-buyer-orders", note: "Ship a buyer's orders of the same day together" },
];

export interface SeedDemoRulesResult {
  status: "seeded" | "already-seeded";
  rulesets: number;
  simulationId: string | null;
  decisions: number;
}

export async function seedDemoRules(db: Db, organizationId: string, anchor: Date, log: (m: string) => void = () => {}): Promise<SeedDemoRulesResult> {
  const done = await db.auditLog.findFirst({ where: { organizationId, action: SEED_RULES_ACTION }, select: { id: true } });
  if (done) return { status: "already-seeded", rulesets: 0, simulationId: null, decisions: 0 };
  const started = performance.now();
  const owner = await db.member.findFirst({ where: { organizationId, role: "owner" }, orderBy: { createdAt: "asc" }, select: { userId: true } });
  if (!owner) throw new Error("The demo organization has no owner to write its rules");
  const scope: Scope = { organizationId, role: "owner", actor: { type: "user", id: owner.userId } };
  const context = await loadEvaluationContext(db, scope);
  const added = await db.warehouse.findFirst({ where: { organizationId, code: DRAFT_ADDS_WAREHOUSE }, select: { id: true } });

  // An earlier, interrupted run may have created some rulesets: continue with the missing ones.
  const existing = new Map((await db.ruleset.findMany({ where: { organizationId }, select: { id: true, name: true } })).map((r) => [r.name, r.id]));
  const ids = new Map<string, string>();
  for (const spec of PIPELINE) {
    const found = existing.get(spec.name);
    if (found) {
      ids.set(spec.name, found);
      continue;
    }
    const graph = templateGraph(spec, spec.template === "nearest-warehouse-with-stock" ? withoutWarehouse(context, added?.id ?? null) : context);
    const created = await createRuleset(db, scope, { name: spec.name, stage: spec.stage, hitPolicy: graph.hitPolicy, description: "", graph });
    const frozen = await saveVersion(db, scope, { id: created.id, revision: created.version.revision, graph, note: spec.note });
    await publishVersion(db, scope, { rulesetId: created.id, number: frozen.versionNumber, overrideReason: "The demo merchant's starting pipeline, published at setup", note: spec.note });
    ids.set(spec.name, created.id);
  }
  log(`Rules: a published pipeline of ${PIPELINE.length} rulesets over the five stages.`);

  // The draft change: EU orders in stock at the Hamburg 3PL ship from there.
  const warehousesId = ids.get("Warehouses")!;
  const latest = await db.rulesetVersion.findFirstOrThrow({ where: { rulesetId: warehousesId }, orderBy: { number: "desc" }, select: { status: true, revision: true } });
  if (latest.status !== "draft") {
    const spec = PIPELINE.find((s) => s.name === "Warehouses")!;
    await saveDraft(db, scope, { id: warehousesId, revision: latest.revision, graph: templateGraph(spec, context) });
  }

  // One completed simulation of that draft against the live version, over the last 30 days.
  const simulationId = await simulateDraft(db, scope, warehousesId, anchor);
  log(`Simulation: the draft of "Warehouses" replayed against the last ${DEMO_SIMULATION_DAYS} days.`);

  const decisions = await routeRecentOrders(db, organizationId, anchor);
  log(`Live decisions: ${decisions} orders of the last ${DEMO_DECISION_DAYS} days routed through the published pipeline.`);

  await writeAuditLog(db, { organizationId, role: "owner", actor: { type: "system", id: "seed" } }, {
    action: SEED_RULES_ACTION,
    entityType: "organization",
    entityId: organizationId,
    after: { rulesets: PIPELINE.length, simulationId, decisions, ms: Math.round(performance.now() - started) },
  });
  return { status: "seeded", rulesets: PIPELINE.length, simulationId, decisions };
}

function templateGraph(spec: RulesetSpec, context: TEvaluationContext): TRuleGraph {
  const built = buildRuleTemplate(spec.template, context, spec.name);
  if (!built.ok) throw new Error(`The demo's "${spec.name}" cannot be built from template ${spec.template}: ${built.reason}`);
  return built.graph;
}

/** The context without one warehouse: what the first version of the warehouse rules was built for. */
function withoutWarehouse(context: TEvaluationContext, warehouseId: string | null): TEvaluationContext {
  return { ...context, warehouses: context.warehouses.filter((w) => w.id !== warehouseId) };
}

async function simulateDraft(db: Db, scope: Scope, rulesetId: string, anchor: Date): Promise<string> {
  const runner = new EmbeddedRunner(db, { pool: new EvaluatorPool(0) });
  registerSimulationRunner(db, runner);
  await runner.start();
  try {
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const to = anchor.getTime() - DAY_MS;
    const sim = await createSimulation(db, scope, {
      rulesetId,
      name: "EU orders from Hamburg",
      candidate: { kind: "draft" },
      baseline: { kind: "published" },
      includeDrafts: [],
      source: { kind: "history", from: day(to - (DEMO_SIMULATION_DAYS - 1) * DAY_MS), to: day(to), storeIds: [], platforms: [], countries: [] },
    });
    await runner.settled(sim.id);
    const row = await db.simulation.findUniqueOrThrow({ where: { id: sim.id }, select: { status: true } });
    if (row.status !== "completed") throw new Error(`The demo simulation ended ${row.status}`);
    return sim.id;
  } finally {
    await runner.stop();
  }
}

/** Routes the orders placed in the last DEMO_DECISION_DAYS through the published pipeline, as the live router would have when each arrived. */
async function routeRecentOrders(db: Db, organizationId: string, anchor: Date): Promise<number> {
  const snap = await loadRouterSnapshot(db, organizationId);
  const versions = versionsOf(snap);
  const batcher = new DecisionBatcher(db);
  const since = new Date(anchor.getTime() - DEMO_DECISION_DAYS * DAY_MS);
  let count = 0;
  let cursor: string | null = null;
  for (;;) {
    const page: { id: string; data: unknown; placedAt: Date }[] = await db.order.findMany({
      where: { organizationId, placedAt: { gte: since, lt: anchor }, ...(cursor ? { id: { gt: cursor } } : {}) },
      orderBy: { id: "asc" },
      take: 1000,
      select: { id: true, data: true, placedAt: true },
    });
    if (page.length === 0) break;
    cursor = page.at(-1)!.id;
    const rows: DecisionRow[] = [];
    for (const o of page) {
      const parsed = ZOrder.safeParse(o.data);
      if (!parsed.success) continue;
      const order = parsed.data;
      // Routed a few minutes after it was placed.
      const at = new Date(o.placedAt.getTime() + (5 + (count % 25)) * 60_000);
      const started = performance.now();
      const context = { ...snap.context, now: at.toISOString() };
      const ev = evaluatePipeline(snap.stages, order, context);
      const decideUs = Math.round((performance.now() - started) * 1000);
      const stages = stageDecisions(ev, versions);
      rows.push({
        id: randomUUID(),
        organizationId,
        orderId: order.id,
        externalId: order.externalId,
        apiKeyId: null,
        versions,
        decision: { decision: ev.decision, stages, notices: [] },
        trace: null,
        createdAt: at,
        input: { order, buyerOpenOrders: null, inventory: inventorySliceFor(order, snap.context.inventory) },
        contextHash: snap.contextHash,
        decideUs,
        deadlineRisk: assessDeadline(order, ev.decision.warehouseId, context).deadline,
      });
      count++;
    }
    await batcher.store(rows);
  }
  return count;
}
