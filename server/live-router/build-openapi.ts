/**
 * The OpenAPI 3.1 document of the public API (v1), generated from the zod schemas in
 * server/schemas/api-v1-schemas.ts with `z.toJSONSchema`.
 *
 * The component schemas are generated with zod's draft-07 target (like rules-schema/compile/json-schemas.ts):
 * the keywords used (type, properties, required, enum, const, anyOf, items, nullable as type arrays,
 * additionalProperties, $ref) mean the same in JSON Schema 2020-12, the dialect of OpenAPI 3.1, and
 * draft-07 validators (ajv 6 here) check responses against them as they are.
 */
import { z } from "zod";
import { ZDecision, ZDimensionsCm, ZOrder, ZOrderLine, ZShippingAddress, ZTrace } from "@/rules-schema";
import {
  API_ORDER_FORMATS,
  EXAMPLE_ORDER,
  MAX_BATCH_ORDERS,
  ZAmazonOrder,
  ZAmazonOrder2026,
  ZAmazonOrderBody,
  ZAmazonOrderItem,
  ZAmazonOrderItem2026,
  ZDecisionList,
  ZEvaluateBody,
  ZEvaluateResponse,
  ZTestRulesetBody,
  ZTestRulesetResponse,
  ZMasterDataRef,
  ZPlatformOrder,
  ZProblem,
  ZRouteBatchResponse,
  ZRoutingResponse,
  ZShopifyLineItem,
  ZShopifyOrder,
  ZShopifyOrderBody,
  ZStageDecision,
  ZTikTokLineItem,
  ZTikTokOrder,
  ZTikTokOrderBody,
  ZTikTokOrderDetailResponse,
} from "../schemas/api-v1-schemas";

type Json = { [key: string]: unknown };
type Meta = { id: string; description?: string };

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

/**
 * `additionalProperties: {}` (what zod writes for a loose object) as `true`, which says the same and reads
 * plainly in the document; everything else as it is.
 */
function plainAdditionalProperties(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plainAdditionalProperties);
  if (value === null || typeof value !== "object") return value;
  const out: Json = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = key === "additionalProperties" && v !== null && typeof v === "object" && Object.keys(v).length === 0 ? true : plainAdditionalProperties(v);
  }
  return out;
}

/**
 * Component schemas of `entries`, each under its id; a schema used inside another becomes a `$ref` to its
 * component. Field descriptions come from the zod schemas' `.meta({ description })`; a description given
 * here is the component's when its schema has none of its own.
 */
function components(io: "input" | "output", entries: [z.ZodType, Meta][]): Record<string, Json> {
  const registry = z.registry<Meta>();
  for (const [schema, meta] of entries) registry.add(schema, meta);
  const out = z.toJSONSchema(registry, { target: "draft-7", io, unrepresentable: "any", uri: (id) => `#/components/schemas/${id}` }) as { schemas: Record<string, Json> };
  const schemas: Record<string, Json> = {};
  for (const [id, schema] of Object.entries(out.schemas)) {
    const { $schema: _schema, $id: _id, ...rest } = schema;
    const description = entries.find(([, meta]) => meta.id === id)?.[1].description;
    schemas[id] = plainAdditionalProperties(description && rest.description === undefined ? { description, ...rest } : rest) as Json;
  }
  return schemas;
}

const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: ref("Problem") } } });
const ok = (id: string, description: string) => ({ description, content: { "application/json": { schema: ref(id) } } });

const COMMON_ERRORS = {
  "401": problem("Missing, unknown, revoked or expired API key"),
  "403": problem("The API key lacks the scope"),
  "429": { ...problem("Rate limit exceeded"), headers: { "Retry-After": { description: "Seconds to wait", schema: { type: "integer" } } } },
  "500": problem("Unexpected error"),
};

/** What the ruleset endpoints that read a JSON body and compile a version answer besides 200. */
const RULESET_BODY_ERRORS = {
  "400": problem("The body is not JSON"),
  "404": problem("No such ruleset in the key's organization, or no such version"),
  "409": problem("The version or draft does not compile"),
  "413": problem("The body is larger than 10 MB"),
  "422": problem("The request does not match the schema"),
  ...COMMON_ERRORS,
};

const routeParams = [
  {
    name: "format",
    in: "query",
    required: false,
    description:
      "Body shape: our order model (`native`, the default) or one platform order as its API returns it (see PlatformOrder: envelopes such as `{\"order\": …}` or TikTok's `{\"code\": 0, \"data\": {\"orders\": […]}}` are unwrapped; for `amazon` send `[getOrder response, getOrderItems response]` as one JSON array, or an Orders API 2026-01-01 order)",
    schema: { type: "string", enum: [...API_ORDER_FORMATS], default: "native" },
  },
  {
    name: "storeId",
    in: "query",
    required: false,
    description: `The store the order belongs to; required with ${API_ORDER_FORMATS.slice(1).map((f) => `\`${f}\``).join(", ")}. An id that is not a store of the key's organization is a 422 naming it (the native order's own \`storeId\` is checked the same way)`,
    schema: { type: "string" },
  },
  { name: "trace", in: "query", required: false, description: "`true`: include each stage's trace (every rule and condition with actual vs expected)", schema: { type: "string", enum: ["true", "false"], default: "false" } },
  { name: "Idempotency-Key", in: "header", required: false, description: "Same key and same request (method, path, query options and body): the stored response; same key and another request: 422", schema: { type: "string", maxLength: 255 } },
];

let cached: Json | null = null;

/** The document (built once per process). */
export function buildOpenApi(): Json {
  if (cached) return cached;
  const schemas = {
    ...components("input", [
      [ZOrder, { id: "Order", description: "An order in Switchyard's model" }],
      [ZOrderLine, { id: "OrderLine" }],
      [ZShippingAddress, { id: "ShippingAddress" }],
      [ZDimensionsCm, { id: "DimensionsCm" }],
      [ZPlatformOrder, { id: "PlatformOrder" }],
      [ZShopifyOrderBody, { id: "ShopifyOrderBody" }],
      [ZShopifyOrder, { id: "ShopifyOrder" }],
      [ZShopifyLineItem, { id: "ShopifyLineItem" }],
      [ZTikTokOrderBody, { id: "TikTokOrderBody" }],
      [ZTikTokOrderDetailResponse, { id: "TikTokOrderDetailResponse" }],
      [ZTikTokOrder, { id: "TikTokOrder" }],
      [ZTikTokLineItem, { id: "TikTokLineItem" }],
      [ZAmazonOrderBody, { id: "AmazonOrderBody" }],
      [ZAmazonOrder, { id: "AmazonOrder" }],
      [ZAmazonOrderItem, { id: "AmazonOrderItem" }],
      [ZAmazonOrder2026, { id: "AmazonOrder2026" }],
      [ZAmazonOrderItem2026, { id: "AmazonOrderItem2026" }],
      [ZEvaluateBody, { id: "EvaluateRequest" }],
      [ZTestRulesetBody, { id: "TestRequest" }],
    ]),
    ...components("output", [
      [ZDecision, { id: "Decision", description: "What the rules decided for the order" }],
      [ZTrace, { id: "Trace" }],
      [ZMasterDataRef, { id: "MasterDataRef" }],
      [ZStageDecision, { id: "StageDecision" }],
      [ZRoutingResponse, { id: "RoutingResponse" }],
      [ZRouteBatchResponse, { id: "RouteBatchResponse" }],
      [ZDecisionList, { id: "DecisionList" }],
      [ZEvaluateResponse, { id: "EvaluateResponse" }],
      [ZTestRulesetResponse, { id: "TestResponse" }],
      [ZProblem, { id: "Problem", description: "RFC 9457 problem details; `errors` lists the field paths of a bad request" }],
    ]),
    RouteBatchRequest: {
      type: "object",
      required: ["orders"],
      properties: { orders: { type: "array", minItems: 1, maxItems: MAX_BATCH_ORDERS, items: { anyOf: [ref("Order"), ref("PlatformOrder")] } } },
    },
  };
  cached = {
    openapi: "3.1.0",
    info: {
      title: "Switchyard API",
      version: "1.0.0",
      description:
        "Route orders through the organization's published rules, look up stored decisions, evaluate orders against any version of a ruleset, and run its test suite. Authenticate with an API key: `Authorization: Bearer sy_live_…`. Errors are RFC 9457 problem details.",
    },
    servers: [{ url: "/" }],
    security: [{ apiKey: [] }],
    tags: [{ name: "Routing" }, { name: "Decisions" }, { name: "Evaluate" }],
    paths: {
      "/api/v1/orders/route": {
        post: {
          tags: ["Routing"],
          operationId: "routeOrder",
          summary: "Route one order",
          description:
            "Runs the published pipeline (order review → SKU pairing → warehouse matching → logistics matching → auto-processing; stages without a published ruleset are skipped) and stores the decision before answering. " +
            "Lines without a warehouse SKU are paired from the store's SKU catalog; a platform SKU the store has not paired routes unpaired (as a real order would) and `notices` says so, as it says when a line without a SKU was identified by its variant id or title, or a refunded or gift-card line was left out. The answer names the decided warehouse and logistics channel — `warehouse` and `channel`, each `{ id, code, name }` from the organization's master data — next to the ids in `decision`, for the whole decision and for each stage. Scope: route.",
          parameters: routeParams,
          requestBody: { required: true, description: "At most 1 MB", content: { "application/json": { schema: { anyOf: [ref("Order"), ref("PlatformOrder")] }, example: EXAMPLE_ORDER } } },
          responses: {
            "200": ok("RoutingResponse", "The decision, each stage's version, and the stored decision's id"),
            "400": problem("The body is not JSON"),
            "413": problem("The body is larger than 1 MB"),
            "422": problem(
              "The order does not match the model or cannot be read (each field named; an API error response or an unknown wrapper in one message), the store is unknown, the order has nothing to ship (type …/nothing-to-route: gift cards only, every line refunded or cancelled), or the Idempotency-Key was used with another request",
            ),
            "503": problem("The rules could not be loaded or the decision could not be stored"),
            ...COMMON_ERRORS,
          },
        },
      },
      "/api/v1/orders/route:batch": {
        post: {
          tags: ["Routing"],
          operationId: "routeOrders",
          summary: "Route up to 1,000 orders",
          description:
            "Every order goes through the same snapshot of the published pipeline; all decisions are stored before answering. Each element of `orders` is one order in the `format` (for amazon, an array of an order's responses counts as one element). Orders with nothing to ship are listed in `skipped` instead of routed. Scope: route.",
          parameters: routeParams,
          requestBody: { required: true, description: "At most 10 MB", content: { "application/json": { schema: ref("RouteBatchRequest"), example: { orders: [EXAMPLE_ORDER] } } } },
          responses: {
            "200": ok("RouteBatchResponse", "One result per routed order, in request order; orders with nothing to ship in `skipped`"),
            "400": problem("The body is not JSON"),
            "413": problem("More than 1,000 orders, or a body larger than 10 MB"),
            "422": problem("An order does not match the model, or the Idempotency-Key was used with another request"),
            "503": problem("The rules could not be loaded or the decisions could not be stored"),
            ...COMMON_ERRORS,
          },
        },
      },
      "/api/v1/decisions/{id}": {
        get: {
          tags: ["Decisions"],
          operationId: "getDecision",
          summary: "A stored decision",
          description: "Scope: route or read.",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          responses: { "200": ok("RoutingResponse", "The decision as it was answered"), "404": problem("No such decision in the key's organization"), ...COMMON_ERRORS },
        },
      },
      "/api/v1/orders/{orderId}/decisions": {
        get: {
          tags: ["Decisions"],
          operationId: "listOrderDecisions",
          summary: "An order's decisions",
          description: "Newest first, at most 100. Scope: route or read.",
          parameters: [{ name: "orderId", in: "path", required: true, schema: { type: "string" } }],
          responses: { "200": ok("DecisionList", "The order's stored decisions"), ...COMMON_ERRORS },
        },
      },
      "/api/v1/rulesets/{id}/evaluate": {
        post: {
          tags: ["Evaluate"],
          operationId: "evaluateRuleset",
          summary: "Evaluate orders against a ruleset",
          description: "One or many orders against a version number, the draft (compiled on the fly) or the published version (default). Nothing is stored. Scope: evaluate.",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          requestBody: { required: true, description: "At most 10 MB and 1,000 orders", content: { "application/json": { schema: ref("EvaluateRequest"), example: { orders: [EXAMPLE_ORDER], version: "draft", trace: true } } } },
          responses: {
            "200": ok("EvaluateResponse", "One evaluation per order"),
            ...RULESET_BODY_ERRORS,
          },
        },
      },
      "/api/v1/rulesets/{id}/test": {
        post: {
          tags: ["Evaluate"],
          operationId: "testRuleset",
          summary: "Run a ruleset's test suite",
          description:
            "The ruleset's stored test suite (or the `cases` sent, as in a suite file) against a version number, the draft (default, compiled on the fly) or the published version: pass or fail per case with each field that differs (expected vs actual), and the rules no case fired. A failing suite answers 200; `failed` says how many cases failed. Nothing is stored. Scope: evaluate.",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          requestBody: { required: false, description: "At most 10 MB", content: { "application/json": { schema: ref("TestRequest"), example: { version: "draft" } } } },
          responses: {
            "200": ok("TestResponse", "The suite's result"),
            ...RULESET_BODY_ERRORS,
          },
        },
      },
    },
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "An API key created on the API keys page" } },
      schemas,
    },
  };
  return cached;
}
