/**
 * The public HTTP API (v1): API-key authentication, scopes, rate limit, body limits, RFC 9457
 * problems, and the endpoints of the live router and the evaluate API. The Next.js route handlers in
 * app/api/v1 call these functions with the process-wide `ApiDeps`; tests call them with their own.
 */
import { createHash, randomUUID } from "node:crypto";
import { z } from "zod";
import { inventorySliceFor, parseCompiledRuleset, type TCompiledRuleset, type TEvaluationContext, type TOrder, type TStage, ZOrder, ZRuleGraph } from "@/rules-schema";
import { evaluatePipeline, warehouseAssignedBefore } from "@/rules-schema/evaluate/evaluate-pipeline";
import { assessDeadline } from "@/rules-schema/simulate/assess-deadline";
import { Prisma } from "../db/generated/prisma/client";
import { compileForServer } from "../graph-work/compile-off-thread";
import { API_IMPORT_FORMATS, importOrders, type ImportResult, type SkuCatalog, type TImportFormat } from "../import";
import { pairLine } from "../import/build-order";
import type { ApiDeps } from "../live-router/api-deps";
import type { DecisionRow } from "../live-router/decision-batcher";
import type { DecisionInput } from "../live-router/decision-row";
import type { ShadowItem } from "../live-router/shadow-evaluator";
import { RouterUnavailableError } from "../live-router/live-router";
import { DatabaseDownError } from "../live-router/db-health";
import { findUnsafeInput } from "../schemas/input-guard";
import { stageDecisions, versionsOf } from "../live-router/stage-decisions";
import { jsonResponse } from "./http-responses";
import type { TApiKeyScope } from "../schemas/api-key-schemas";
import {
  MAX_BATCH_BODY_BYTES,
  MAX_BATCH_ORDERS,
  MAX_SINGLE_BODY_BYTES,
  type TApiOrderFormat,
  type TEvaluateResponse,
  type TMasterDataRef,
  type TProblem,
  type TRoutingNotice,
  type TRoutingResponse,
  type TSkippedOrder,
  type TStoredStageDecision,
  ZEvaluateBody,
  ZRouteQuery,
  ZTestRulesetBody,
  type TTestRulesetResponse,
} from "../schemas/api-v1-schemas";
import { runSuite } from "@/rules-schema/suites/run-suite";
import { caseOfRow } from "../services/test-suite-service";
import { type VerifiedApiKey, hashApiKey, verifyApiKey } from "../services/api-key-service";
import { loadHsCodes, loadSkuCatalog } from "../services/import-orders-sku-catalog";
import { loadBuyerOpenOrders } from "../services/load-buyer-open-orders";
import { markReplayed } from "../services/decision-upkeep-service";
import type { Scope } from "../services/scope";

const PROBLEM_BASE = "https://switchyard.dev/problems/";

/** An error answered as an RFC 9457 problem. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail: string,
    readonly errors?: { path: string; message: string }[],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = "ApiProblem";
  }
}

export { jsonResponse };

export function problemResponse(p: ApiProblem): Response {
  const body: TProblem = { type: PROBLEM_BASE + p.slug, title: p.title, status: p.status, detail: p.detail, ...(p.errors ? { errors: p.errors } : {}) };
  return new Response(JSON.stringify(body), { status: p.status, headers: { "content-type": "application/problem+json; charset=utf-8", "cache-control": "no-store", ...p.headers } });
}

/** zod issues as `{ path, message }` with dotted paths (`orders.3.lines.0.quantity`), at most 50. */
export function issuesOf(error: z.ZodError, prefix = ""): { path: string; message: string }[] {
  return error.issues.slice(0, 50).map((i) => ({ path: [prefix, ...i.path.map(String)].filter((s) => s !== "").join("."), message: i.message }));
}

const invalid = (errors: { path: string; message: string }[], detail = "The request does not match the schema") =>
  new ApiProblem(422, "validation", "Invalid request", detail, errors);

/** Runs a handler, turning ApiProblem and unexpected errors into problem responses. */
async function answer(what: string, run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ApiProblem) return problemResponse(error);
    if (error instanceof DatabaseDownError)
      return problemResponse(new ApiProblem(503, "unavailable", "Service unavailable", "The database is unreachable and this request needs it; try again shortly", undefined, { "retry-after": "1" }));
    if (error instanceof RouterUnavailableError)
      return problemResponse(new ApiProblem(503, "unavailable", "Service unavailable", "The routing rules could not be loaded; try again shortly", undefined, { "retry-after": "1" }));
    console.error(`${what} failed:`, error);
    return problemResponse(new ApiProblem(500, "internal", "Internal error", `${what} failed unexpectedly`));
  }
}

// ---------------------------------------------------------------------------------------------------
// Authentication, scopes, rate limit, body

/**
 * The key of `Authorization: Bearer <key>`: 401 when missing, unknown, revoked or expired; 403 when it
 * has none of `scopes`; 429 with Retry-After when its bucket is empty. A verification is reused for
 * `deps.keyCacheMs` so that routing is not a key lookup per request.
 */
export async function authenticate(deps: ApiDeps, request: Request, scopes: readonly TApiKeyScope[]): Promise<VerifiedApiKey> {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const unauthorized = (detail: string) => new ApiProblem(401, "unauthorized", "Unauthorized", detail, undefined, { "www-authenticate": 'Bearer realm="switchyard"' });
  if (!match) throw unauthorized("Send an API key as Authorization: Bearer <key>");
  const presented = match[1]!;
  // Cached by the key's hash, so the process keeps no presented key in memory.
  const cacheKey = hashApiKey(presented);
  const now = Date.now();
  const cached = deps.keyCache.get(cacheKey);
  let key: VerifiedApiKey | null;
  if (cached && now - cached.at < deps.keyCacheMs) key = cached.value;
  else {
    try {
      key = await deps.health.run("verifying the API key", () => verifyApiKey(deps.db, presented, new Date(now)));
    } catch (error) {
      // The database is unreachable: a key verified recently still works, so routing goes on.
      if (cached?.value) key = cached.value;
      else throw error;
    }
    if (deps.keyCacheMs > 0) {
      if (deps.keyCache.size > 10_000) deps.keyCache.clear();
      deps.keyCache.set(cacheKey, { at: now, value: key });
    }
  }
  if (!key) throw unauthorized("The API key is unknown, revoked or expired");
  if (!scopes.some((s) => key.scopes.includes(s)))
    throw new ApiProblem(403, "forbidden", "Forbidden", `This API key lacks the scope ${scopes.map((s) => `"${s}"`).join(" or ")}`);
  const wait = deps.limiter.take(key.keyId);
  if (wait !== null) throw new ApiProblem(429, "rate-limited", "Too many requests", `Rate limit of ${deps.limiter.perSecond} requests per second exceeded; retry after ${wait} s`, undefined, { "retry-after": String(wait) });
  return key;
}

/** The body as text, refusing more than `maxBytes` (413) whether or not Content-Length says so. */
export async function readBody(request: Request, maxBytes: number): Promise<string> {
  const tooLarge = () => new ApiProblem(413, "too-large", "Payload too large", `The request body is larger than ${maxBytes / 1024 / 1024} MB`);
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw tooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function parseJson(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ApiProblem(400, "malformed", "Malformed JSON", `The request body is not JSON: ${(error as Error).message}`);
  }
  // Text the database cannot store (NUL, lone surrogates), absurd nesting and prototype keys never get further.
  const problem = findUnsafeInput(value);
  if (problem) throw invalid([{ path: problem.path, message: problem.message }], `${problem.path || "The body"} ${problem.message}`);
  return value;
}

/** A path parameter (an id) that a query can use: not empty, not absurdly long, storable text. */
function pathParam(name: string, value: string): void {
  const problem = value === "" || value.length > 200 ? { path: name, message: "is not an id" } : findUnsafeInput(value);
  if (problem) throw invalid([{ path: name, message: problem.message }], `The path parameter ${name} ${problem.message}`);
}

const scopeOf = (key: VerifiedApiKey): Scope => ({ organizationId: key.organizationId, role: "viewer", actor: { type: "apiKey", id: key.keyId } });

// ---------------------------------------------------------------------------------------------------
// Orders in

/** The importer behind each platform format of the API (from the import registry). */
const IMPORT_FORMAT = Object.fromEntries(API_IMPORT_FORMATS.map((f) => [f.api, f.id])) as Record<Exclude<TApiOrderFormat, "native">, TImportFormat>;

type StoreRef = ApiDeps["storeCache"] extends Map<string, { value: infer V }> ? V : never;

/** One order of the request, ready to route, with what the caller should know about it. */
export interface ReadOrder {
  order: TOrder;
  notices: TRoutingNotice[];
}

interface ReadResult {
  orders: ReadOrder[];
  /** Orders with nothing to ship (batch only; a single order like that is refused). */
  skipped: TSkippedOrder[];
}

const joinPath = (...parts: string[]) => parts.filter((s) => s !== "" && s !== "$").join(".");
const unknownStore = (path: string, id: string) => ({ path, message: `Unknown store "${id}": this organization has no store with that id` });

/**
 * The stores of the key's organization with these ids: found ones, unknown ones (422), and those that
 * could not be checked because the database is unreachable and no earlier lookup is cached (routed on).
 */
async function lookUpStores(deps: ApiDeps, organizationId: string, ids: readonly string[]): Promise<{ found: Map<string, StoreRef>; unknown: string[]; unverified: string[] }> {
  const found = new Map<string, StoreRef>();
  const now = Date.now();
  const missing: string[] = [];
  for (const id of new Set(ids)) {
    const cached = deps.storeCache.get(`${organizationId}\u0000${id}`);
    if (cached && now - cached.at < deps.keyCacheMs) found.set(id, cached.value);
    else missing.push(id);
  }
  if (missing.length === 0) return { found, unknown: [], unverified: [] };
  let rows: StoreRef[];
  try {
    rows = await deps.health.run("looking up stores", () => deps.db.store.findMany({ where: { organizationId, id: { in: missing } }, select: { id: true, name: true, platform: true } }));
  } catch (error) {
    // The database is unreachable: a store found before still counts, so routing goes on.
    const unverified: string[] = [];
    for (const id of missing) {
      const stale = deps.storeCache.get(`${organizationId}\u0000${id}`);
      if (stale) found.set(id, stale.value);
      else unverified.push(id);
    }
    console.error("looking up stores failed:", (error as Error)?.message ?? error);
    return { found, unknown: [], unverified };
  }
  if (deps.storeCache.size > 10_000) deps.storeCache.clear();
  for (const row of rows) {
    found.set(row.id, row);
    deps.storeCache.set(`${organizationId}\u0000${row.id}`, { at: now, value: row });
  }
  return { found, unknown: missing.filter((id) => !found.has(id)), unverified: [] };
}

/**
 * Pairs the lines without a warehouse SKU from their store's SKU catalog (only those SKUs are looked
 * up), and says which platform SKUs the store has not paired: those lines route unpaired, as a real
 * order would, and the pairing stage's rules decide.
 */
async function pairUnpairedLines(deps: ApiDeps, organizationId: string, read: readonly ReadOrder[], paths: readonly string[], stores: Map<string, StoreRef>): Promise<void> {
  const byStore = new Map<string, Set<string>>();
  for (const { order } of read) {
    for (const line of order.lines) if (line.warehouseSku === null) (byStore.get(order.storeId) ?? byStore.set(order.storeId, new Set()).get(order.storeId)!).add(line.platformSku);
  }
  const catalogs = new Map<string, SkuCatalog | null>();
  for (const [storeId, skus] of byStore) {
    try {
      catalogs.set(storeId, (await deps.health.run("looking up SKU pairings", () => loadSkuCatalog(deps.db, organizationId, storeId, [...skus]))).catalog);
    } catch (error) {
      console.error("looking up SKU pairings failed:", (error as Error)?.message ?? error);
      catalogs.set(storeId, null);
    }
  }
  await fillHsCodes(deps, organizationId, read.map((r) => r.order));
  read.forEach(({ order, notices }, i) => {
    const catalog = catalogs.get(order.storeId);
    const storeName = stores.get(order.storeId)?.name ?? order.storeId;
    order.lines = order.lines.map((line, j) => {
      if (line.warehouseSku !== null) return line;
      const entry = catalog?.(line.platformSku, order.platform);
      if (entry?.warehouseSku) return pairLine(line, entry);
      notices.push({
        path: joinPath(paths[i]!, `lines.${j}.platformSku`),
        message:
          catalog === null
            ? `SKU ${JSON.stringify(line.platformSku)} could not be looked up in the SKU catalog of store "${storeName}" (the database is unreachable); routed as unpaired`
            : `SKU ${JSON.stringify(line.platformSku)} is not paired with a warehouse SKU in store "${storeName}"; routed as unpaired`,
      });
      return line;
    });
  });
}

/**
 * Lines paired to a warehouse SKU but sent without a customs code take that SKU's HS code from master
 * data (in place). A database that cannot answer leaves them without one (the customs declaration then
 * lists them as missing), never fails the request.
 */
async function fillHsCodes(deps: ApiDeps, organizationId: string, orders: readonly TOrder[]): Promise<void> {
  const withoutHs = new Set<string>();
  for (const order of orders) for (const line of order.lines) if (line.warehouseSku !== null && line.hsCode === null) withoutHs.add(line.warehouseSku);
  if (withoutHs.size === 0) return;
  try {
    const codes = await deps.health.run("looking up HS codes", () => loadHsCodes(deps.db, organizationId, [...withoutHs]));
    for (const order of orders)
      order.lines = order.lines.map((line) => (line.warehouseSku !== null && line.hsCode === null && codes.has(line.warehouseSku) ? { ...line, hsCode: codes.get(line.warehouseSku)! } : line));
  } catch (error) {
    console.error("looking up HS codes failed:", (error as Error)?.message ?? error);
  }
}

/**
 * Orders from the request: our model checked with ZOrder, or each item read by the platform's importer
 * (which unwraps the platform's API envelopes). Stores are checked against the key's organization (422
 * naming an unknown one); lines without a warehouse SKU are paired from the store's SKU catalog.
 */
export async function readOrders(deps: ApiDeps, key: VerifiedApiKey, format: TApiOrderFormat, storeId: string | undefined, items: unknown[], pathOf: (i: number) => string): Promise<ReadResult> {
  const read: ReadOrder[] = [];
  const paths: string[] = [];
  const skipped: TSkippedOrder[] = [];
  const errors: { path: string; message: string }[] = [];
  let stores: Map<string, StoreRef>;
  if (format === "native") {
    items.forEach((item, i) => {
      const parsed = ZOrder.safeParse(item);
      if (parsed.success) {
        read.push({ order: parsed.data, notices: [] });
        paths.push(pathOf(i));
      } else errors.push(...issuesOf(parsed.error, pathOf(i)));
    });
    if (errors.length) throw invalid(errors.slice(0, 50), "The order does not match the order model");
    const looked = await lookUpStores(deps, key.organizationId, [...read.map((r) => r.order.storeId), ...(storeId ? [storeId] : [])]);
    if (storeId && looked.unknown.includes(storeId)) throw invalid([unknownStore("storeId", storeId)], "Unknown store");
    read.forEach(({ order, notices }, i) => {
      if (looked.unknown.includes(order.storeId)) errors.push(unknownStore(joinPath(paths[i]!, "storeId"), order.storeId));
      else if (storeId && order.storeId !== storeId) errors.push({ path: joinPath(paths[i]!, "storeId"), message: `The order names store "${order.storeId}" but the query's storeId is "${storeId}"` });
      else if (looked.unverified.includes(order.storeId)) notices.push({ path: joinPath(paths[i]!, "storeId"), message: `Store "${order.storeId}" could not be checked (the database is unreachable); routed as given` });
    });
    if (errors.length) throw invalid(errors.slice(0, 50), "Unknown store");
    stores = looked.found;
  } else {
    const looked = await lookUpStores(deps, key.organizationId, [storeId!]);
    if (looked.unknown.length) throw invalid([unknownStore("storeId", storeId!)], "Unknown store");
    const store = looked.found.get(storeId!);
    stores = looked.found;
    for (let i = 0; i < items.length; i++) {
      const results: ImportResult[] = [];
      for await (const r of importOrders(IMPORT_FORMAT[format], [JSON.stringify(items[i])], { storeId: storeId!, platform: store?.platform })) results.push(r);
      const rows = new Set(results.map((r) => r.row));
      if (rows.size > 1) {
        errors.push({
          path: pathOf(i),
          message: pathOf(i) === "" ? `The body holds ${rows.size} orders; send one order (route:batch takes up to 1,000)` : `This element holds ${rows.size} orders; send one order per element`,
        });
        continue;
      }
      for (const r of results) {
        if (r.ok === false) {
          errors.push({ path: joinPath(pathOf(i), r.field), message: r.message });
          continue;
        }
        const notices = (r.notices ?? []).map((n) => ({ path: joinPath(pathOf(i), n.field), message: n.message }));
        if (!store) notices.unshift({ path: "storeId", message: `Store "${storeId}" could not be checked (the database is unreachable); routed as given` });
        if (r.ok === "skipped") {
          const last = notices.pop()!;
          skipped.push({ path: pathOf(i), externalId: r.externalId, message: last.message, notices });
        } else {
          read.push({ order: r.order, notices });
          paths.push(pathOf(i));
        }
      }
    }
    if (errors.length) throw invalid(errors.slice(0, 50), `The ${format} order could not be read`);
  }
  await pairUnpairedLines(deps, key.organizationId, read, paths, stores);
  return { orders: read, skipped };
}

// ---------------------------------------------------------------------------------------------------
// Names next to ids

type Named = { code: string; name: string };
/** The ids a decision names (the merged one, a stage's, an evaluation's). */
type DecisionIds = { warehouseId: string | null; channelId: string | null };

/** Warehouses and logistics channels of one organization by id, as found in master data. */
export interface MasterDataNames {
  warehouses: Map<string, Named>;
  channels: Map<string, Named>;
}

/**
 * Per `ApiDeps`: `${organizationId}\u0000${kind}\u0000${id}` → code and name, when last found. Trusted for
 * `keyCacheMs` (as stores are); older entries still serve while the database cannot be read. Ids not in
 * master data are never cached.
 */
const nameCaches = new WeakMap<ApiDeps, Map<string, { at: number; value: Named }>>();

const nameKey = (organizationId: string, kind: "warehouse" | "channel", id: string) => `${organizationId}\u0000${kind}\u0000${id}`;

/**
 * Codes and names of these warehouses and channels of the key's organization, in one query for the whole
 * request (none when every one was looked up within `keyCacheMs`). Never fails: an id the organization
 * does not have, or one that cannot be looked up because the database is unreachable (and was not found
 * before), is simply missing from the maps.
 */
export async function lookUpMasterDataNames(deps: ApiDeps, organizationId: string, warehouseIds: Iterable<string>, channelIds: Iterable<string>): Promise<MasterDataNames> {
  const names: MasterDataNames = { warehouses: new Map(), channels: new Map() };
  const cache = nameCaches.get(deps) ?? nameCaches.set(deps, new Map()).get(deps)!;
  const now = Date.now();
  const missing = { warehouse: [] as string[], channel: [] as string[] };
  for (const [kind, ids, into] of [
    ["warehouse", warehouseIds, names.warehouses],
    ["channel", channelIds, names.channels],
  ] as const) {
    for (const id of new Set(ids)) {
      const cached = cache.get(nameKey(organizationId, kind, id));
      if (cached && now - cached.at < deps.keyCacheMs) into.set(id, cached.value);
      else missing[kind].push(id);
    }
  }
  const parts: Prisma.Sql[] = [];
  if (missing.warehouse.length > 0)
    parts.push(Prisma.sql`SELECT 'warehouse' AS kind, id, code, name FROM warehouses WHERE "organizationId" = ${organizationId} AND id IN (${Prisma.join(missing.warehouse)})`);
  if (missing.channel.length > 0)
    parts.push(Prisma.sql`SELECT 'channel' AS kind, id, code, name FROM logistics_channels WHERE "organizationId" = ${organizationId} AND id IN (${Prisma.join(missing.channel)})`);
  if (parts.length === 0) return names;
  let rows: { kind: string; id: string; code: string; name: string }[];
  try {
    rows = await deps.health.run("looking up warehouse and channel names", () => deps.db.$queryRaw<{ kind: string; id: string; code: string; name: string }[]>(Prisma.join(parts, " UNION ALL ")));
  } catch (error) {
    // The database is unreachable: names found before still count, the others stay unnamed.
    for (const [kind, into] of [
      ["warehouse", names.warehouses],
      ["channel", names.channels],
    ] as const) {
      for (const id of missing[kind]) {
        const stale = cache.get(nameKey(organizationId, kind, id));
        if (stale) into.set(id, stale.value);
      }
    }
    console.error("looking up warehouse and channel names failed:", (error as Error)?.message ?? error);
    return names;
  }
  if (cache.size > 10_000) cache.clear();
  for (const row of rows) {
    const kind = row.kind === "warehouse" ? "warehouse" : "channel";
    const value = { code: row.code, name: row.name };
    (kind === "warehouse" ? names.warehouses : names.channels).set(row.id, value);
    if (deps.keyCacheMs > 0) cache.set(nameKey(organizationId, kind, row.id), { at: now, value });
  }
  return names;
}

/** The ids of a decision's warehouse and channel with their code and name (null ones when master data has no such id). */
function namedRefs(decision: DecisionIds, names: MasterDataNames): { warehouse: TMasterDataRef | null; channel: TMasterDataRef | null } {
  const ref = (id: string | null, found: Map<string, Named>): TMasterDataRef | null => (id === null ? null : { id, code: found.get(id)?.code ?? null, name: found.get(id)?.name ?? null });
  return { warehouse: ref(decision.warehouseId, names.warehouses), channel: ref(decision.channelId, names.channels) };
}

/** Codes and names of the warehouses and channels these decisions name (one lookup for all). */
const lookUpDecisionNames = (deps: ApiDeps, organizationId: string, decisions: readonly DecisionIds[]) =>
  lookUpMasterDataNames(
    deps,
    organizationId,
    decisions.flatMap((d) => (d.warehouseId === null ? [] : [d.warehouseId])),
    decisions.flatMap((d) => (d.channelId === null ? [] : [d.channelId])),
  );

/** A routing answer before its warehouse and channel are named (as a decision is stored). */
type UnnamedResponse = Omit<TRoutingResponse, "warehouse" | "channel" | "stages"> & { stages: TStoredStageDecision[] };

/** Answers with the warehouse and channel of the decision and of each stage named: one lookup for all of them. */
async function nameResponses(deps: ApiDeps, organizationId: string, responses: readonly UnnamedResponse[]): Promise<TRoutingResponse[]> {
  const names = await lookUpDecisionNames(deps, organizationId, responses.flatMap((r) => [r.decision, ...r.stages.map((s) => s.decision)]));
  return responses.map(({ decisionId, orderId, externalId, createdAt, decision, stages, trace, notices }) => ({
    decisionId,
    orderId,
    externalId,
    createdAt,
    decision,
    ...namedRefs(decision, names),
    stages: stages.map((s) => ({ ...s, ...namedRefs(s.decision, names) })),
    ...(trace ? { trace } : {}),
    notices,
  }));
}

// ---------------------------------------------------------------------------------------------------
// Routing


/**
 * Routes orders through one snapshot of the published pipeline and stores every decision (one
 * micro-batched INSERT) before returning. The answers name the decided warehouses and channels (one
 * lookup for all the orders, made while the decisions are stored); the stored decisions keep the ids.
 */
export async function routeOrders(deps: ApiDeps, key: VerifiedApiKey, orders: readonly ReadOrder[], trace: boolean): Promise<TRoutingResponse[]> {
  const snap = await deps.router.snapshot(key.organizationId);
  const versions = versionsOf(snap);
  const now = new Date();
  const base: TEvaluationContext = { ...snap.context, now: now.toISOString() };
  const results: UnnamedResponse[] = [];
  const rows: DecisionRow[] = [];
  const shadowItems: ShadowItem[] | null = snap.shadows.length > 0 ? [] : null;
  for (const { order, notices } of orders) {
    let context = base;
    let buyerOpenOrders: DecisionInput["buyerOpenOrders"] = null;
    if (snap.buyerWindowHours !== null && order.buyerId !== "") {
      const hours = snap.buyerWindowHours;
      const open = await deps.health.run("looking up the buyer's open orders", () => loadBuyerOpenOrders(deps.db, scopeOf(key), order, hours)).catch(() => []);
      context = { ...base, buyerOpenOrders: { [order.buyerId]: open } };
      buyerOpenOrders = open;
    }
    const started = performance.now();
    const ev = evaluatePipeline(snap.stages, order, context, { trace });
    const decideUs = Math.round((performance.now() - started) * 1000);
    const stages = stageDecisions(ev, versions);
    const traces = trace ? ev.stages.map((s, i) => ({ stage: s.stage, rulesetId: versions[i]!.rulesetId, trace: s.evaluation.trace })) : undefined;
    const response: UnnamedResponse = {
      decisionId: randomUUID(),
      orderId: order.id,
      externalId: order.externalId,
      createdAt: now.toISOString(),
      decision: ev.decision,
      stages,
      ...(traces ? { trace: traces } : {}),
      notices,
    };
    results.push(response);
    rows.push({
      id: response.decisionId,
      organizationId: key.organizationId,
      orderId: order.id,
      externalId: order.externalId,
      apiKeyId: key.keyId,
      versions,
      decision: { decision: ev.decision, stages, notices },
      trace: traces ?? null,
      createdAt: now,
      input: { order, buyerOpenOrders, inventory: inventorySliceFor(order, snap.context.inventory) },
      contextHash: snap.contextHash,
      decideUs,
      deadlineRisk: assessDeadline(order, ev.decision.warehouseId, context).deadline,
    });
    shadowItems?.push({ decisionId: response.decisionId, order, context, decision: ev.decision, routedAt: now });
  }
  // Never rejects: a name that cannot be looked up is answered as null.
  const named = nameResponses(deps, key.organizationId, results);
  try {
    await deps.batcher.store(rows);
    // The shadows see what was answered, after it was stored; they queue and run after this request.
    if (shadowItems) deps.shadow.offer(snap, shadowItems);
  } catch (error) {
    console.error("storing routing decisions failed:", error);
    throw new ApiProblem(503, "not-stored", "Decision not stored", "The decision could not be stored; nothing was routed. Retry with the same Idempotency-Key", undefined, { "retry-after": "1" });
  }
  return named;
}

const ZIdempotencyKey = z.string().min(1).max(255);

/**
 * What an Idempotency-Key binds: the method, path and query options (sorted, so their order does not
 * matter), and the body byte for byte — as "<request hash>.<body hash>", so a mismatch can say which differs.
 */
function idempotencyHash(request: Request, body: string): string {
  const url = new URL(request.url);
  const query = [...url.searchParams].sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  const route = createHash("sha256").update(`${request.method} ${url.pathname}?${new URLSearchParams(query).toString()}`).digest("hex");
  return `${route}.${createHash("sha256").update(body).digest("hex")}`;
}

/**
 * Runs `produce` once per `Idempotency-Key`: the same key with the same request (method, path, query
 * and body) gets the stored response; with another request, 422. Without the header it just runs.
 */
async function idempotent(deps: ApiDeps, key: VerifiedApiKey, request: Request, body: string, produce: () => Promise<{ status: number; body: unknown }>): Promise<Response> {
  const header = request.headers.get("idempotency-key");
  if (header === null) {
    const out = await produce();
    return jsonResponse(out.status, out.body);
  }
  const parsedKey = ZIdempotencyKey.safeParse(header);
  if (!parsedKey.success) throw invalid([{ path: "Idempotency-Key", message: "Between 1 and 255 characters" }]);
  const requestHash = idempotencyHash(request, body);
  const where = { organizationId_key: { organizationId: key.organizationId, key: parsedKey.data } };
  const replay = (rec: { requestHash: string; status: number; response: Prisma.JsonValue }) => {
    if (rec.requestHash !== requestHash) {
      const [route, content] = requestHash.split(".");
      const [usedRoute, usedContent] = rec.requestHash.split(".");
      const what =
        usedContent === undefined ? "another request" : usedRoute !== route && usedContent === content ? "another endpoint or query (e.g. ?trace=true)" : usedRoute === route ? "another body" : "another request";
      throw new ApiProblem(422, "idempotency-mismatch", "Idempotency key reused", `This Idempotency-Key was already used with ${what}; use a new key for a different request`, [
        { path: "Idempotency-Key", message: `Already used with ${what}` },
      ]);
    }
    // Counted on the decisions it answers with (fire and forget: the answer never waits on it).
    const ids = decisionIdsOf(rec.response);
    if (ids.length > 0) void markReplayed(deps.db, key.organizationId, ids).catch((error: unknown) => console.error("counting an idempotent replay failed:", (error as Error)?.message ?? error));
    return jsonResponse(rec.status, rec.response, { "idempotent-replayed": "true" });
  };
  const existing = await deps.health.run("reading the idempotency record", () => deps.db.idempotencyRecord.findUnique({ where }));
  if (existing) return replay(existing);
  const out = await produce();
  try {
    await deps.health.run("storing the idempotency record", () =>
      deps.db.idempotencyRecord.create({ data: { organizationId: key.organizationId, key: parsedKey.data, requestHash, status: out.status, response: out.body as Prisma.InputJsonValue } }),
    );
  } catch (error) {
    // A concurrent request with the same key stored its response first: answer with that one.
    if (error instanceof DatabaseDownError) throw error;
    const other = await deps.health.run("reading the idempotency record", () => deps.db.idempotencyRecord.findUnique({ where }));
    if (other) return replay(other);
    throw error;
  }
  return jsonResponse(out.status, out.body);
}

/** The decision ids a stored routing response holds (one answer, or a batch's results). */
function decisionIdsOf(response: unknown): string[] {
  const body = response as { decisionId?: unknown; results?: { decisionId?: unknown }[] } | null;
  if (typeof body?.decisionId === "string") return [body.decisionId];
  return Array.isArray(body?.results) ? body.results.flatMap((r) => (typeof r?.decisionId === "string" ? [r.decisionId] : [])) : [];
}

function routeQuery(request: Request) {
  const url = new URL(request.url);
  const parsed = ZRouteQuery.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) throw invalid(issuesOf(parsed.error), "The query parameters are invalid");
  return { ...parsed.data, trace: parsed.data.trace === "true" };
}

/** Counts a routing request's time and status for the organization its key belongs to (none when the key was refused). */
function measured(deps: ApiDeps, run: (know: (organizationId: string) => void) => Promise<Response>): Promise<Response> {
  const started = performance.now();
  let organizationId: string | null = null;
  return run((id) => (organizationId = id)).then((res) => {
    if (organizationId !== null) deps.metrics.record(organizationId, performance.now() - started, res.status);
    return res;
  });
}

/** POST /api/v1/orders/route — one order through the live pipeline. */
export function handleRouteOrder(deps: ApiDeps, request: Request): Promise<Response> {
  return measured(deps, (know) => answer("POST /api/v1/orders/route", async () => {
    const key = await authenticate(deps, request, ["route"]);
    know(key.organizationId);
    const query = routeQuery(request);
    const body = await readBody(request, MAX_SINGLE_BODY_BYTES);
    const json = parseJson(body);
    return idempotent(deps, key, request, body, async () => {
      const { orders, skipped } = await readOrders(deps, key, query.format, query.storeId, [json], () => "");
      if (skipped.length === 1 && orders.length === 0) {
        const [s] = skipped;
        throw new ApiProblem(422, "nothing-to-route", "Nothing to route", `Order ${s!.externalId} has nothing to ship: ${s!.message}; nothing was routed`, [...s!.notices, { path: "", message: s!.message }]);
      }
      if (orders.length !== 1) throw invalid([{ path: "", message: "Send exactly one order" }]);
      const [result] = await routeOrders(deps, key, orders, query.trace);
      return { status: 200, body: result };
    });
  }));
}

/** POST /api/v1/orders/route:batch — `{ orders: [...] }`, up to 1,000, all through one snapshot. */
export function handleRouteBatch(deps: ApiDeps, request: Request): Promise<Response> {
  return measured(deps, (know) => answer("POST /api/v1/orders/route:batch", async () => {
    const key = await authenticate(deps, request, ["route"]);
    know(key.organizationId);
    const query = routeQuery(request);
    const body = await readBody(request, MAX_BATCH_BODY_BYTES);
    const json = parseJson(body);
    const shape = z.object({ orders: z.array(z.unknown()).min(1) }).safeParse(json);
    if (!shape.success) throw invalid(issuesOf(shape.error));
    if (shape.data.orders.length > MAX_BATCH_ORDERS)
      throw new ApiProblem(413, "too-many-orders", "Too many orders", `A batch holds at most ${MAX_BATCH_ORDERS} orders; this one has ${shape.data.orders.length}`);
    return idempotent(deps, key, request, body, async () => {
      const { orders, skipped } = await readOrders(deps, key, query.format, query.storeId, shape.data.orders, (i) => `orders.${i}`);
      const results = orders.length > 0 ? await routeOrders(deps, key, orders, query.trace) : [];
      return { status: 200, body: { results, skipped } };
    });
  }));
}

type DecisionRecord = { id: string; orderId: string; externalId: string; decision: Prisma.JsonValue; trace: Prisma.JsonValue; createdAt: Date };
const selectDecision = { id: true, orderId: true, externalId: true, decision: true, trace: true, createdAt: true } as const;

function responseOf(row: DecisionRecord): UnnamedResponse {
  const stored = row.decision as unknown as { decision: TRoutingResponse["decision"]; stages: TStoredStageDecision[]; notices?: TRoutingResponse["notices"] };
  return {
    decisionId: row.id,
    orderId: row.orderId,
    externalId: row.externalId,
    createdAt: row.createdAt.toISOString(),
    decision: stored.decision,
    stages: stored.stages,
    ...(row.trace !== null ? { trace: row.trace as unknown as NonNullable<TRoutingResponse["trace"]> } : {}),
    // Decisions stored before notices existed have none.
    notices: stored.notices ?? [],
  };
}

/** GET /api/v1/decisions/{id} — a stored decision of the key's organization. */
export function handleGetDecision(deps: ApiDeps, request: Request, id: string): Promise<Response> {
  return answer("GET /api/v1/decisions/{id}", async () => {
    const key = await authenticate(deps, request, ["route", "read"]);
    pathParam("id", id);
    const row = await deps.db.routingDecision.findFirst({ where: { id, organizationId: key.organizationId }, select: selectDecision });
    if (!row) throw new ApiProblem(404, "not-found", "Not found", `No decision ${id}`);
    const [named] = await nameResponses(deps, key.organizationId, [responseOf(row)]);
    return jsonResponse(200, named);
  });
}

/** GET /api/v1/orders/{orderId}/decisions — the order's decisions, newest first (at most 100). */
export function handleOrderDecisions(deps: ApiDeps, request: Request, orderId: string): Promise<Response> {
  return answer("GET /api/v1/orders/{orderId}/decisions", async () => {
    const key = await authenticate(deps, request, ["route", "read"]);
    pathParam("orderId", orderId);
    const rows = await deps.db.routingDecision.findMany({
      where: { organizationId: key.organizationId, orderId },
      select: selectDecision,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 100,
    });
    return jsonResponse(200, { orderId, decisions: await nameResponses(deps, key.organizationId, rows.map(responseOf)) });
  });
}

// ---------------------------------------------------------------------------------------------------
// Evaluate

/**
 * A ruleset's version as the API names it — a number, "draft" (the newest version, compiled on the
 * fly) or "published" — with its compiled rules; 404 / 409 problems otherwise.
 */
async function compiledVersion(deps: ApiDeps, organizationId: string, rulesetId: string, want: number | "draft" | "published", context: TEvaluationContext) {
  const ruleset = await deps.db.ruleset.findFirst({ where: { id: rulesetId, organizationId }, select: { id: true, name: true, stage: true, publishedVersionId: true } });
  if (!ruleset) throw new ApiProblem(404, "not-found", "Not found", `No ruleset ${rulesetId}`);
  const version =
    want === "published"
      ? ruleset.publishedVersionId
        ? await deps.db.rulesetVersion.findUnique({ where: { id: ruleset.publishedVersionId } })
        : null
      : want === "draft"
        ? await deps.db.rulesetVersion.findFirst({ where: { rulesetId: ruleset.id }, orderBy: { number: "desc" } })
        : await deps.db.rulesetVersion.findUnique({ where: { rulesetId_number: { rulesetId: ruleset.id, number: want } } });
  if (!version) throw new ApiProblem(404, "not-found", "Not found", want === "published" ? "The ruleset has no published version" : `The ruleset has no version ${String(want)}`);
  let compiled: TCompiledRuleset;
  let contentHash: string;
  if (want === "draft") {
    const graph = ZRuleGraph.safeParse(version.graph);
    const result = graph.success ? await compileForServer(graph.data, context) : null;
    if (!result?.ok) {
      const problems = result ? result.problems.filter((p) => p.severity === "error") : [{ message: "The draft's graph does not parse" }];
      throw new ApiProblem(409, "draft-invalid", "Draft does not compile", `The draft (version ${version.number}) has ${problems.length} error(s)`, problems.slice(0, 50).map((p) => ({ path: "version", message: p.message })));
    }
    compiled = result.compiled;
    contentHash = result.compiled.manifest.contentHash;
  } else {
    const parsed = version.compiled === null ? null : parseCompiledRuleset(version.compiled);
    if (!parsed?.ok || version.contentHash === null) throw new ApiProblem(409, "version-invalid", "Version does not compile", `Version ${version.number} has no compiled rules`);
    compiled = parsed.compiled;
    contentHash = version.contentHash;
  }
  return { ruleset, version, compiled, contentHash };
}

/**
 * POST /api/v1/rulesets/{id}/test — the ruleset's test suite (or the cases sent) against a version, the
 * draft (default) or the published version: pass/fail per case with the fields that differ, and the
 * rules no case fired. A failing suite is still a 200: the body says what failed.
 */
export function handleTestRuleset(deps: ApiDeps, request: Request, rulesetId: string): Promise<Response> {
  return answer("POST /api/v1/rulesets/{id}/test", async () => {
    const key = await authenticate(deps, request, ["evaluate"]);
    pathParam("id", rulesetId);
    const raw = await readBody(request, MAX_BATCH_BODY_BYTES);
    const body = ZTestRulesetBody.safeParse(raw.trim() === "" ? {} : parseJson(raw));
    if (!body.success) throw invalid(issuesOf(body.error));
    const snap = await deps.router.snapshot(key.organizationId);
    const { ruleset, version, compiled, contentHash } = await compiledVersion(deps, key.organizationId, rulesetId, body.data.version, snap.context);
    const cases =
      body.data.cases ??
      (await deps.db.rulesetTestCase.findMany({ where: { rulesetId: ruleset.id, organizationId: key.organizationId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] })).map(caseOfRow);
    const stage = ruleset.stage as TStage;
    const later = stage === "logisticsMatching" || stage === "autoProcessing";
    const earlier = snap.stages.filter((s) => s.rulesetId !== ruleset.id);
    const run = runSuite(compiled, { cases }, snap.context, later ? { assignedWarehouseOf: (order, ctx) => warehouseAssignedBefore(earlier, stage, order, ctx) } : {});
    const out: TTestRulesetResponse = {
      rulesetId: ruleset.id,
      rulesetName: ruleset.name,
      stage,
      version: { number: version.number, status: version.status, contentHash },
      total: run.total,
      passed: run.passed,
      failed: run.failed,
      cases: run.cases.map((c) => ({ id: c.id, name: c.name, passed: c.passed, diffs: c.diffs, firedRules: c.firedRules, ...(c.error ? { error: c.error } : {}) })),
      notExercised: run.notExercised,
    };
    return jsonResponse(200, out);
  });
}

/** POST /api/v1/rulesets/{id}/evaluate — orders against a version, the draft or the published version. */
export function handleEvaluateRuleset(deps: ApiDeps, request: Request, rulesetId: string): Promise<Response> {
  return answer("POST /api/v1/rulesets/{id}/evaluate", async () => {
    const key = await authenticate(deps, request, ["evaluate"]);
    pathParam("id", rulesetId);
    const body = ZEvaluateBody.safeParse(parseJson(await readBody(request, MAX_BATCH_BODY_BYTES)));
    if (!body.success) throw invalid(issuesOf(body.error));
    const snap = await deps.router.snapshot(key.organizationId);
    const { ruleset, version, compiled, contentHash } = await compiledVersion(deps, key.organizationId, rulesetId, body.data.version, snap.context);
    const orders = Array.isArray(body.data.orders) ? body.data.orders : [body.data.orders];
    // Orders are evaluated as sent, except that paired lines without an HS code take their SKU's (as routing does).
    await fillHsCodes(deps, key.organizationId, orders);
    const stage = ruleset.stage as TStage;
    const context: TEvaluationContext = { ...snap.context, now: new Date().toISOString() };
    const evaluations = orders.map((order) => ({ orderId: order.id, evaluation: evaluatePipeline([{ stage, compiled }], order, context, { trace: body.data.trace }).stages[0]!.evaluation }));
    const names = await lookUpDecisionNames(deps, key.organizationId, evaluations.map((e) => e.evaluation.decision));
    const out: TEvaluateResponse = {
      rulesetId: ruleset.id,
      rulesetName: ruleset.name,
      stage,
      version: { number: version.number, status: version.status, contentHash },
      evaluations: evaluations.map(({ orderId, evaluation: ev }) => ({ orderId, decision: ev.decision, ...namedRefs(ev.decision, names), matchedRules: ev.matchedRules, trace: ev.trace })),
    };
    return jsonResponse(200, out);
  });
}
