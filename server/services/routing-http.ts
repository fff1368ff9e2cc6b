/**
 * The public HTTP API (v1): API-key authentication, scopes, rate limit, body limits, RFC 9457
 * problems, and the endpoints of the live router and the evaluate API. The Next.js route handlers in
 * app/api/v1 call these functions with the process-wide `ApiDeps`; tests call them with their own.
 */
import { createHash, randomUUID } from "node:crypto";
import { z } from "zod";
import { compileGraph, parseCompiledRuleset, type TCompiledRuleset, type TEvaluationContext, type TOrder, type TStage, ZOrder, ZRuleGraph } from "@/rules-schema";
import { evaluatePipeline } from "@/rules-schema/evaluate/evaluate-pipeline";
import type { Prisma } from "../db/generated/prisma/client";
import { importOrders, type TImportFormat } from "../import";
import type { ApiDeps } from "../live-router/api-deps";
import type { DecisionRow } from "../live-router/decision-batcher";
import { RouterUnavailableError } from "../live-router/live-router";
import type { RouterSnapshot } from "../live-router/load-router-snapshot";
import type { TApiKeyScope } from "../schemas/api-key-schemas";
import {
  MAX_BATCH_BODY_BYTES,
  MAX_BATCH_ORDERS,
  MAX_SINGLE_BODY_BYTES,
  type TApiOrderFormat,
  type TEvaluateResponse,
  type TProblem,
  type TRoutingResponse,
  type TStageVersion,
  ZEvaluateBody,
  ZRouteQuery,
} from "../schemas/api-v1-schemas";
import { type VerifiedApiKey, hashApiKey, verifyApiKey } from "./api-key-service";
import { loadSkuCatalog } from "./import-orders-sku-catalog";
import { loadBuyerOpenOrders } from "./load-buyer-open-orders";
import type { Scope } from "./scope";

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

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" };

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
}

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
      key = await verifyApiKey(deps.db, presented, new Date(now));
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
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ApiProblem(400, "malformed", "Malformed JSON", `The request body is not JSON: ${(error as Error).message}`);
  }
}

const scopeOf = (key: VerifiedApiKey): Scope => ({ organizationId: key.organizationId, role: "viewer", actor: { type: "apiKey", id: key.keyId } });

// ---------------------------------------------------------------------------------------------------
// Orders in

const IMPORT_FORMAT: Record<Exclude<TApiOrderFormat, "native">, TImportFormat> = { shopify: "shopify-json", tiktok: "tiktok-json", amazon: "amazon-json" };

/** Orders from the request: our model checked with ZOrder, or platform JSON read by the platform's importer. */
async function readOrders(deps: ApiDeps, key: VerifiedApiKey, format: TApiOrderFormat, storeId: string | undefined, items: unknown[], pathOf: (i: number) => string): Promise<TOrder[]> {
  if (format === "native") {
    const orders: TOrder[] = [];
    const errors: { path: string; message: string }[] = [];
    items.forEach((item, i) => {
      const parsed = ZOrder.safeParse(item);
      if (parsed.success) orders.push(parsed.data);
      else errors.push(...issuesOf(parsed.error, pathOf(i)));
    });
    if (errors.length) throw invalid(errors.slice(0, 50), "The order does not match the order model");
    return orders;
  }
  const store = await deps.db.store.findFirst({ where: { id: storeId!, organizationId: key.organizationId }, select: { id: true, platform: true } });
  if (!store) throw invalid([{ path: "storeId", message: "Unknown store" }]);
  const notObject = items.findIndex((x) => x === null || typeof x !== "object" || Array.isArray(x));
  if (notObject >= 0) throw invalid([{ path: pathOf(notObject), message: `Expected one ${format} order object` }]);
  const { catalog } = await loadSkuCatalog(deps.db, key.organizationId, store.id);
  // Each importer reads an API page; a page of the request's orders in the platform's own wrapping.
  const page = format === "shopify" ? { orders: items } : format === "tiktok" ? { data: { orders: items } } : { orders: items };
  const orders: TOrder[] = [];
  const errors: { path: string; message: string }[] = [];
  for await (const r of importOrders(IMPORT_FORMAT[format], [JSON.stringify(page)], { storeId: store.id, platform: store.platform, skuCatalog: catalog })) {
    if (r.ok) orders.push(r.order);
    else errors.push({ path: [pathOf(r.row - 1), r.field === "$" ? "" : r.field].filter((s) => s !== "").join("."), message: r.message });
  }
  if (errors.length) throw invalid(errors.slice(0, 50), `The ${format} order could not be read`);
  return orders;
}

// ---------------------------------------------------------------------------------------------------
// Routing

const versionsOf = (snap: RouterSnapshot): TStageVersion[] =>
  snap.stages.map((s) => ({ stage: s.stage, rulesetId: s.rulesetId, rulesetName: s.rulesetName, version: s.version, contentHash: s.contentHash }));

/**
 * Routes orders through one snapshot of the published pipeline and stores every decision (one
 * micro-batched INSERT) before returning.
 */
export async function routeOrders(deps: ApiDeps, key: VerifiedApiKey, orders: readonly TOrder[], trace: boolean): Promise<TRoutingResponse[]> {
  const snap = await deps.router.snapshot(key.organizationId);
  const versions = versionsOf(snap);
  const now = new Date();
  const base: TEvaluationContext = { ...snap.context, now: now.toISOString() };
  const results: TRoutingResponse[] = [];
  const rows: DecisionRow[] = [];
  for (const order of orders) {
    let context = base;
    if (snap.buyerWindowHours !== null && order.buyerId !== "") {
      const open = await loadBuyerOpenOrders(deps.db, scopeOf(key), order, snap.buyerWindowHours).catch(() => []);
      context = { ...base, buyerOpenOrders: { [order.buyerId]: open } };
    }
    const ev = evaluatePipeline(snap.stages, order, context, { trace });
    const stages = ev.stages.map((s, i) => ({ ...versions[i]!, decision: s.evaluation.decision }));
    const traces = trace ? ev.stages.map((s, i) => ({ stage: s.stage, rulesetId: versions[i]!.rulesetId, trace: s.evaluation.trace })) : undefined;
    const response: TRoutingResponse = {
      decisionId: randomUUID(),
      orderId: order.id,
      externalId: order.externalId,
      createdAt: now.toISOString(),
      decision: ev.decision,
      stages,
      ...(traces ? { trace: traces } : {}),
    };
    results.push(response);
    rows.push({
      id: response.decisionId,
      organizationId: key.organizationId,
      orderId: order.id,
      externalId: order.externalId,
      apiKeyId: key.keyId,
      versions,
      decision: { decision: ev.decision, stages },
      trace: traces ?? null,
      createdAt: now,
    });
  }
  try {
    await deps.batcher.store(rows);
  } catch (error) {
    console.error("storing routing decisions failed:", error);
    throw new ApiProblem(503, "not-stored", "Decision not stored", "The decision could not be stored; nothing was routed. Retry with the same Idempotency-Key", undefined, { "retry-after": "1" });
  }
  return results;
}

const ZIdempotencyKey = z.string().min(1).max(255);

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
  const url = new URL(request.url);
  const requestHash = createHash("sha256").update(`${request.method} ${url.pathname}${url.search}\n`).update(body).digest("hex");
  const where = { organizationId_key: { organizationId: key.organizationId, key: parsedKey.data } };
  const replay = (rec: { requestHash: string; status: number; response: Prisma.JsonValue }) => {
    if (rec.requestHash !== requestHash)
      throw new ApiProblem(422, "idempotency-mismatch", "Idempotency key reused", "This Idempotency-Key was already used with a different request", [{ path: "Idempotency-Key", message: "Already used with another body" }]);
    return jsonResponse(rec.status, rec.response, { "idempotent-replayed": "true" });
  };
  const existing = await deps.db.idempotencyRecord.findUnique({ where });
  if (existing) return replay(existing);
  const out = await produce();
  try {
    await deps.db.idempotencyRecord.create({ data: { organizationId: key.organizationId, key: parsedKey.data, requestHash, status: out.status, response: out.body as Prisma.InputJsonValue } });
  } catch (error) {
    // A concurrent request with the same key stored its response first: answer with that one.
    const other = await deps.db.idempotencyRecord.findUnique({ where });
    if (other) return replay(other);
    throw error;
  }
  return jsonResponse(out.status, out.body);
}

function routeQuery(request: Request) {
  const url = new URL(request.url);
  const parsed = ZRouteQuery.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) throw invalid(issuesOf(parsed.error), "The query parameters are invalid");
  return { ...parsed.data, trace: parsed.data.trace === "true" };
}

/** POST /api/v1/orders/route — one order through the live pipeline. */
export function handleRouteOrder(deps: ApiDeps, request: Request): Promise<Response> {
  return answer("POST /api/v1/orders/route", async () => {
    const key = await authenticate(deps, request, ["route"]);
    const query = routeQuery(request);
    const body = await readBody(request, MAX_SINGLE_BODY_BYTES);
    const json = parseJson(body);
    return idempotent(deps, key, request, body, async () => {
      const orders = await readOrders(deps, key, query.format, query.storeId, [json], () => "");
      if (orders.length !== 1) throw invalid([{ path: "", message: "Send exactly one order" }]);
      const [result] = await routeOrders(deps, key, orders, query.trace);
      return { status: 200, body: result };
    });
  });
}

/** POST /api/v1/orders/route:batch — `{ orders: [...] }`, up to 1,000, all through one snapshot. */
export function handleRouteBatch(deps: ApiDeps, request: Request): Promise<Response> {
  return answer("POST /api/v1/orders/route:batch", async () => {
    const key = await authenticate(deps, request, ["route"]);
    const query = routeQuery(request);
    const body = await readBody(request, MAX_BATCH_BODY_BYTES);
    const json = parseJson(body);
    const shape = z.object({ orders: z.array(z.unknown()).min(1) }).safeParse(json);
    if (!shape.success) throw invalid(issuesOf(shape.error));
    if (shape.data.orders.length > MAX_BATCH_ORDERS)
      throw new ApiProblem(413, "too-many-orders", "Too many orders", `A batch holds at most ${MAX_BATCH_ORDERS} orders; this one has ${shape.data.orders.length}`);
    return idempotent(deps, key, request, body, async () => {
      const orders = await readOrders(deps, key, query.format, query.storeId, shape.data.orders, (i) => `orders.${i}`);
      return { status: 200, body: { results: await routeOrders(deps, key, orders, query.trace) } };
    });
  });
}

type DecisionRecord = { id: string; orderId: string; externalId: string; decision: Prisma.JsonValue; trace: Prisma.JsonValue; createdAt: Date };
const selectDecision = { id: true, orderId: true, externalId: true, decision: true, trace: true, createdAt: true } as const;

function responseOf(row: DecisionRecord): TRoutingResponse {
  const stored = row.decision as unknown as { decision: TRoutingResponse["decision"]; stages: TRoutingResponse["stages"] };
  return {
    decisionId: row.id,
    orderId: row.orderId,
    externalId: row.externalId,
    createdAt: row.createdAt.toISOString(),
    decision: stored.decision,
    stages: stored.stages,
    ...(row.trace !== null ? { trace: row.trace as unknown as NonNullable<TRoutingResponse["trace"]> } : {}),
  };
}

/** GET /api/v1/decisions/{id} — a stored decision of the key's organization. */
export function handleGetDecision(deps: ApiDeps, request: Request, id: string): Promise<Response> {
  return answer("GET /api/v1/decisions/{id}", async () => {
    const key = await authenticate(deps, request, ["route", "read"]);
    const row = await deps.db.routingDecision.findFirst({ where: { id, organizationId: key.organizationId }, select: selectDecision });
    if (!row) throw new ApiProblem(404, "not-found", "Not found", `No decision ${id}`);
    return jsonResponse(200, responseOf(row));
  });
}

/** GET /api/v1/orders/{orderId}/decisions — the order's decisions, newest first (at most 100). */
export function handleOrderDecisions(deps: ApiDeps, request: Request, orderId: string): Promise<Response> {
  return answer("GET /api/v1/orders/{orderId}/decisions", async () => {
    const key = await authenticate(deps, request, ["route", "read"]);
    const rows = await deps.db.routingDecision.findMany({
      where: { organizationId: key.organizationId, orderId },
      select: selectDecision,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 100,
    });
    return jsonResponse(200, { orderId, decisions: rows.map(responseOf) });
  });
}

// ---------------------------------------------------------------------------------------------------
// Evaluate

/** POST /api/v1/rulesets/{id}/evaluate — orders against a version, the draft or the published version. */
export function handleEvaluateRuleset(deps: ApiDeps, request: Request, rulesetId: string): Promise<Response> {
  return answer("POST /api/v1/rulesets/{id}/evaluate", async () => {
    const key = await authenticate(deps, request, ["evaluate"]);
    const body = ZEvaluateBody.safeParse(parseJson(await readBody(request, MAX_BATCH_BODY_BYTES)));
    if (!body.success) throw invalid(issuesOf(body.error));
    const ruleset = await deps.db.ruleset.findFirst({ where: { id: rulesetId, organizationId: key.organizationId }, select: { id: true, name: true, stage: true, publishedVersionId: true } });
    if (!ruleset) throw new ApiProblem(404, "not-found", "Not found", `No ruleset ${rulesetId}`);
    const snap = await deps.router.snapshot(key.organizationId);
    const want = body.data.version;
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
      const result = graph.success ? compileGraph(graph.data, { context: snap.context }) : null;
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
    const orders = Array.isArray(body.data.orders) ? body.data.orders : [body.data.orders];
    const stage = ruleset.stage as TStage;
    const context: TEvaluationContext = { ...snap.context, now: new Date().toISOString() };
    const out: TEvaluateResponse = {
      rulesetId: ruleset.id,
      rulesetName: ruleset.name,
      stage,
      version: { number: version.number, status: version.status, contentHash },
      evaluations: orders.map((order) => {
        const ev = evaluatePipeline([{ stage, compiled }], order, context, { trace: body.data.trace }).stages[0]!.evaluation;
        return { orderId: order.id, decision: ev.decision, matchedRules: ev.matchedRules, trace: ev.trace };
      }),
    };
    return jsonResponse(200, out);
  });
}
