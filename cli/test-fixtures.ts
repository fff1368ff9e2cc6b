/** Fixtures for the CLI tests: small graphs, orders, contexts, temp files and an in-process runner. */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { runCli } from "./run-cli";

type Json = Record<string, unknown>;

export const start = (id = "start"): Json => ({ id, kind: "start", position: { x: 0, y: 0 }, data: {} });

export const condition = (id: string, fact: string, operator: string, value: unknown, y = 0): Json => ({
  id,
  kind: "condition",
  position: { x: 300, y },
  data: { fact, operator, operand: { type: "value", value } },
});

export const action = (id: string, kind: string, data: Json, y = 0): Json => ({ id, kind, position: { x: 600, y }, data: { priority: 100, ...data } });

export const edge = (id: string, sourceId: string, targetId: string, sourceHandle: "next" | "true" | "false" | "member"): Json => ({
  id,
  sourceId,
  targetId,
  sourceHandle,
});

export const graph = (nodes: Json[], edges: Json[], stage = "warehouseMatching", hitPolicy = "first"): Json => ({ name: "test", stage, hitPolicy, nodes, edges });

/** Country US → wh-la; otherwise → wh-sz. Valid, no problems. */
export function usGraph(): Json {
  return graph(
    [
      start(),
      condition("c1", "country", "equal", "US"),
      action("a1", "assignWarehouse", { warehouseId: "wh-la", priority: 100 }),
      action("a2", "assignWarehouse", { warehouseId: "wh-sz", priority: 50 }, 120),
    ],
    [edge("e1", "start", "c1", "next"), edge("e2", "c1", "a1", "true"), edge("e3", "c1", "a2", "false")],
  );
}

/** Heavy orders are flagged; `hitPolicy: all` so both rules may fire. Valid, no problems. */
export function heavyGraph(): Json {
  return graph(
    [
      start(),
      condition("c1", "country", "equal", "US"),
      condition("c2", "totalWeightGrams", "greaterThan", 1000, 120),
      action("a1", "assignWarehouse", { warehouseId: "wh-la", priority: 200 }),
      action("a2", "flag", { code: "heavy", priority: 100 }, 120),
    ],
    [edge("e1", "start", "c1", "next"), edge("e2", "c1", "a1", "true"), edge("e3", "start", "c2", "next"), edge("e4", "c2", "a2", "true")],
    "warehouseMatching",
    "all",
  );
}

/** Valid but with a warning: assigning a warehouse is not part of order review. */
export function warningGraph(): Json {
  return { ...usGraph(), stage: "orderReview" };
}

/** Errors: an unknown fact on c1, and an action nothing leads to (a9). */
export function errorGraph(): Json {
  const g = usGraph();
  return {
    ...g,
    nodes: [...(g.nodes as Json[]).map((n) => (n.id === "c1" ? condition("c1", "colour", "equal", "red") : n)), action("a9", "assignWarehouse", { warehouseId: "wh-la" }, 240)],
  };
}

const CALENDAR = { timeZone: "America/Los_Angeles", workingDays: [1, 2, 3, 4, 5], holidays: [], workdayStart: "08:00", cutoffTime: "16:00" };

export function context(warehouseIds = ["wh-la", "wh-sz"]): Json {
  return { warehouses: warehouseIds.map((id) => ({ id, country: "US", calendar: CALENDAR })), channels: [] };
}

export function order(id: string, country = "US", overrides: Json = {}): Json {
  return {
    id,
    platform: "shopify",
    storeId: "store-1",
    createdAt: "2026-11-20T08:00:00Z",
    currency: "USD",
    totalValue: 25,
    shippingAddress: { country },
    lines: [{ platformSku: "SKU-1", quantity: 1, unitPrice: 25, weightGrams: 300 }],
    ...overrides,
  };
}

export const ndjson = (values: unknown[]) => values.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join("\n") + "\n";

/** A temp directory with helpers to write files into it. */
export async function makeTempDir() {
  const dir = await mkdtemp(join(tmpdir(), "switchyard-cli-"));
  return {
    dir,
    path: (name: string) => join(dir, name),
    async write(name: string, content: unknown): Promise<string> {
      const p = join(dir, name);
      await writeFile(p, typeof content === "string" ? content : JSON.stringify(content, null, 2));
      return p;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
export type TempDir = Awaited<ReturnType<typeof makeTempDir>>;

/** A writable stream that keeps what is written. */
export function memoryStream(options: { highWaterMark?: number; delayMs?: number } = {}) {
  const chunks: string[] = [];
  const stream = new Writable({
    highWaterMark: options.highWaterMark,
    write(chunk: Buffer | string, _enc, cb) {
      chunks.push(chunk.toString());
      if (options.delayMs) setTimeout(cb, options.delayMs);
      else cb();
    },
  });
  return { stream, text: () => chunks.join(""), chunks };
}

/** Runs the CLI in-process. */
export async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = memoryStream();
  const err = memoryStream();
  const code = await runCli(argv, { stdout: out.stream, stderr: err.stream });
  return { code, stdout: out.text(), stderr: err.text() };
}

export const parseNdjson = (text: string) =>
  text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as { orderId: string; decision: Record<string, unknown>; trace?: unknown });
