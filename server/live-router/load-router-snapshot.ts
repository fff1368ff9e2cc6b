import { type PipelineStage, orderStages } from "@/rules-schema/evaluate/evaluate-pipeline";
import { canonicalJson, parseCompiledRuleset, sha256Hex, type TEvaluationContext, type TRouterMasterData, type TStage } from "@/rules-schema";
import type { Db } from "../db/create-db";
import { buyerWindowHours } from "../services/load-buyer-open-orders";
import { loadEvaluationContext } from "../services/load-evaluation-context";
import { SHADOW_RUNNER } from "../services/shadow-service";
import { ZShadowSource } from "../schemas/simulation-schemas";

/** One stage of the live pipeline: a ruleset's published version, compiled and checked once. */
export interface RouterStage extends PipelineStage {
  rulesetId: string;
  rulesetName: string;
  version: number;
  contentHash: string;
}

/** A version put in shadow: its run (a simulation row) and its compiled rules. */
export interface ShadowStage {
  simulationId: string;
  rulesetId: string;
  stage: TStage;
  version: number;
  compiled: PipelineStage["compiled"];
  sampleRate: number;
}

/**
 * Everything one routing request reads, from one load: the organization's published versions (in
 * pipeline order) and its master data. Never mutated: a refresh builds a new snapshot and swaps it.
 */
export interface RouterSnapshot {
  organizationId: string;
  stages: readonly RouterStage[];
  context: TEvaluationContext;
  /** Versions in shadow next to the live ones (evaluated after each answer, never deciding). */
  shadows: readonly ShadowStage[];
  /** The widest buyer-orders window any stage asks for (null: no stage reads the buyer's other orders). */
  buyerWindowHours: number | null;
  /** The router_contexts row holding the snapshot's warehouses and channels (stored with each decision). */
  contextHash: string;
  /** Identifies the published pointers the snapshot was built from (compared by the refresh check). */
  signature: string;
  loadedAt: Date;
}

/** The published pointers of an organization as a string: changes whenever a ruleset is published, rolled back or removed. */
export async function loadPublishSignature(db: Db, organizationId: string): Promise<string> {
  const [rows, shadows] = await Promise.all([
    db.ruleset.findMany({
      where: { organizationId, publishedVersionId: { not: null } },
      select: { id: true, publishedVersionId: true, updatedAt: true },
      orderBy: { id: "asc" },
    }),
    db.simulation.findMany({ where: { organizationId, runner: SHADOW_RUNNER, status: "running" }, select: { id: true }, orderBy: { id: "asc" } }),
  ]);
  return signatureOf(rows, shadows);
}

/** The published pointers and the running shadows as one string (changes on publish, rollback, removal, shadow start and end). */
function signatureOf(rulesets: readonly { id: string; publishedVersionId: string | null; updatedAt: Date }[], shadows: readonly { id: string }[]): string {
  const published = [...rulesets].sort((a, b) => (a.id < b.id ? -1 : 1)).map((r) => `${r.id}=${r.publishedVersionId}@${r.updatedAt.getTime()}`);
  return [...published, ...shadows.map((s) => `~${s.id}`).sort()].join(",");
}

/**
 * Loads the live pipeline of an organization: every ruleset with a published version, its compiled
 * rules parsed with `parseCompiledRuleset`, and the evaluation context. A published version whose
 * compiled rules no longer parse is left out (its stage is skipped) rather than failing the pipeline.
 */
export async function loadRouterSnapshot(db: Db, organizationId: string): Promise<RouterSnapshot> {
  const scope = { organizationId, role: "owner" as const, actor: { type: "system" as const, id: "live-router" } };
  const [rulesets, context, shadowRows] = await Promise.all([
    db.ruleset.findMany({
      where: { organizationId, publishedVersionId: { not: null } },
      select: { id: true, name: true, stage: true, updatedAt: true, publishedVersionId: true, publishedVersion: { select: { number: true, compiled: true, contentHash: true } } },
      orderBy: { name: "asc" },
    }),
    loadEvaluationContext(db, scope),
    db.simulation.findMany({
      where: { organizationId, runner: SHADOW_RUNNER, status: "running" },
      select: { id: true, rulesetId: true, stage: true, candidateNumber: true, plan: true, source: true },
      orderBy: { id: "asc" },
    }),
  ]);
  const shadows: ShadowStage[] = [];
  for (const r of shadowRows) {
    const candidate = parseCompiledRuleset((r.plan as { candidate?: unknown } | null)?.candidate);
    const source = ZShadowSource.safeParse(r.source);
    if (!candidate.ok || !source.success) {
      console.error(`live router: the shadow ${r.id} cannot be read; it is not evaluated`);
      continue;
    }
    shadows.push({ simulationId: r.id, rulesetId: r.rulesetId, stage: r.stage as TStage, version: r.candidateNumber, compiled: candidate.compiled, sampleRate: source.data.sampleRate });
  }
  const stages: RouterStage[] = [];
  let widest: number | null = null;
  for (const r of rulesets) {
    const v = r.publishedVersion;
    if (!v || v.compiled === null || v.contentHash === null) continue;
    const parsed = parseCompiledRuleset(v.compiled);
    if (!parsed.ok) {
      console.error(`live router: published version ${v.number} of ruleset ${r.id} does not parse; its stage is skipped`, parsed.errors);
      continue;
    }
    const hours = buyerWindowHours(parsed.compiled);
    if (hours !== null) widest = Math.max(widest ?? 0, hours);
    stages.push({ stage: r.stage as TStage, compiled: parsed.compiled, rulesetId: r.id, rulesetName: r.name, version: v.number, contentHash: v.contentHash });
  }
  const signature = signatureOf(rulesets, shadowRows);
  const contextHash = await storeRouterContext(db, organizationId, { warehouses: context.warehouses, channels: context.channels });
  return { organizationId, stages: orderStages(stages), context, contextHash, shadows, buyerWindowHours: widest, signature, loadedAt: new Date() };
}

/** Stores the master data a snapshot evaluates with under its content hash (once: the same data has the same hash); returns the hash. */
export async function storeRouterContext(db: Db, organizationId: string, master: TRouterMasterData): Promise<string> {
  const json = canonicalJson(master);
  const hash = sha256Hex(json);
  await db.$executeRaw`INSERT INTO "router_contexts" ("organizationId", "hash", "context") VALUES (${organizationId}, ${hash}, ${json}::jsonb) ON CONFLICT DO NOTHING`;
  return hash;
}
