import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { createDb } from "../../server/db/create-db";
import { ZRulesetCreate } from "../../server/schemas/ruleset-schemas";
import { createRuleset } from "../../server/services/ruleset-service";
import type { Scope } from "../../server/services/scope";
import { DEMO_ORG } from "../../server/seed/demo-merchant";
import { seedDemoMerchant } from "../../server/seed/seed-demo-merchant";
import { generateBenchGraph } from "./generate-bench-graph";

export type BenchDatabase = { rulesetId: string; name: string; nodes: number; edges: number; warnings: number; compiledRules: number | null; createMs: number };

/**
 * Wipes `dataDir` and makes a PGlite database in `dataDir/pglite`: migrations, the demo merchant (with
 * `orderCount` orders), and a warehouse-matching ruleset whose draft is a generated valid graph of
 * `nodeCount` nodes pointing at the demo warehouses, created through the ruleset service as the system.
 * Closes the database before returning (PGlite: one process per data directory, the server is next).
 */
export async function prepareBenchDatabase(dataDir: string, nodeCount: number, orderCount: number): Promise<BenchDatabase> {
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const db = await createDb({ kind: "pglite", dataDir: join(dataDir, "pglite") });
  try {
    const seeded = await seedDemoMerchant(db, { orderCount });
    const org = await db.organization.findUniqueOrThrow({ where: { slug: DEMO_ORG.slug }, select: { id: true } });
    if (seeded.organizationId !== org.id) throw new Error("the demo organization was not seeded");
    const warehouses = await db.warehouse.findMany({ where: { organizationId: org.id }, orderBy: { code: "asc" }, select: { id: true } });
    const graph = generateBenchGraph(
      nodeCount,
      warehouses.map((w) => w.id),
    );
    const scope: Scope = { organizationId: org.id, role: "owner", actor: { type: "system", id: "bench-editor" } };
    const name = `Editor benchmark (${nodeCount.toLocaleString("en-US")} nodes)`;
    const input = ZRulesetCreate.parse({ name, stage: graph.stage, hitPolicy: graph.hitPolicy, graph });
    const t0 = performance.now();
    const out = await createRuleset(db, scope, input);
    const createMs = performance.now() - t0;
    const errors = out.problems.filter((p) => p.severity === "error");
    if (errors.length > 0) throw new Error(`the generated graph is not valid: ${errors.slice(0, 3).map((p) => p.message).join("; ")}`);
    return {
      rulesetId: out.id,
      name: out.name,
      nodes: out.version.graph.nodes.length,
      edges: out.version.graph.edges.length,
      warnings: out.problems.length,
      compiledRules: out.version.ruleCount,
      createMs,
    };
  } finally {
    await db.$disconnect(); // releases the PGlite data directory for the server
  }
}
