/**
 * The OpenAPI document publishes full schemas: an order's lines and shipping address field by field (as
 * the zod order model defines them), the platform bodies per format with the fields their importers read,
 * and the names next to ids in routing answers. ajv checks bodies against the document itself, so a
 * schema that went back to a bare `object` (accepting anything) fails here.
 */
import { readFileSync } from "node:fs";
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { ZDimensionsCm, ZOrder, ZOrderLine, ZShippingAddress } from "@/rules-schema";
import { EXAMPLE_ORDER } from "../schemas/api-v1-schemas";
import { buildOpenApi } from "./build-openapi";

type Schema = { [key: string]: unknown };
const doc = buildOpenApi() as { components: { schemas: Record<string, Schema> } };
const schemas = doc.components.schemas;
const component = (name: string) => {
  const s = schemas[name];
  if (!s) throw new Error(`no component ${name}`);
  return s;
};
const props = (name: string) => component(name).properties as Record<string, Schema>;

const ajv = new Ajv({ allErrors: true });
ajv.addSchema({ $id: "openapi.json", components: doc.components });
/** ajv's errors for `body` against a component, or [] when it is valid. */
function errorsOf(name: string, body: unknown): string[] {
  const check = ajv.getSchema(`openapi.json#/components/schemas/${name}`) ?? ajv.compile({ $ref: `openapi.json#/components/schemas/${name}` });
  return check(body) ? [] : (check.errors ?? []).map((e) => `${e.dataPath} ${e.message}`);
}

/** The JSON Schema types a property allows, through `anyOf` (nullable) and `$ref`. */
function typesOf(s: Schema): string[] {
  if (typeof s.$ref === "string") return [s.$ref.split("/").pop()!];
  if (Array.isArray(s.anyOf)) return (s.anyOf as Schema[]).flatMap(typesOf);
  return Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
}

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../import/fixtures/${name}`, import.meta.url), "utf8")) as Record<string, unknown>;
const ndjson = (name: string) =>
  readFileSync(new URL(`../import/fixtures/${name}`, import.meta.url), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe("OpenAPI document: the order model", () => {
  it("references named components for the lines, the shipping address and a line's dimensions", () => {
    const order = props("Order");
    expect(order.lines).toMatchObject({ type: "array", minItems: 1, maxItems: 1000, items: { $ref: "#/components/schemas/OrderLine" } });
    expect(order.shippingAddress).toEqual({ $ref: "#/components/schemas/ShippingAddress" });
    expect(typesOf(props("OrderLine").dimensionsCm!)).toEqual(["DimensionsCm", "null"]);
  });

  it("publishes every field of a line, the address and the dimensions with its type, required or not, and a description", () => {
    expect(Object.keys(props("OrderLine"))).toEqual(Object.keys(ZOrderLine.shape));
    expect(Object.keys(props("ShippingAddress"))).toEqual(Object.keys(ZShippingAddress.shape));
    expect(Object.keys(props("DimensionsCm"))).toEqual(Object.keys(ZDimensionsCm.shape));
    expect(Object.fromEntries(Object.entries(props("OrderLine")).map(([name, s]) => [name, typesOf(s)]))).toEqual({
      platformSku: ["string"],
      warehouseSku: ["string", "null"],
      quantity: ["integer"],
      unitPrice: ["number"],
      weightGrams: ["number"],
      dimensionsCm: ["DimensionsCm", "null"],
      hasBattery: ["boolean"],
      hasLiquid: ["boolean"],
      isHazmat: ["boolean"],
      category: ["string"],
      hsCode: ["string", "null"],
    });
    expect(component("OrderLine").required).toEqual(["platformSku", "quantity", "unitPrice", "weightGrams"]);
    expect(props("OrderLine").quantity).toMatchObject({ minimum: 1, maximum: 100000 });
    expect(Object.fromEntries(Object.entries(props("ShippingAddress")).map(([name, s]) => [name, typesOf(s)]))).toEqual({
      country: ["string"],
      region: ["string"],
      city: ["string"],
      postalCode: ["string"],
      addressValid: ["boolean"],
    });
    expect(component("ShippingAddress").required).toEqual(["country"]);
    expect(props("ShippingAddress").country).toMatchObject({ pattern: "^[A-Z]{2}$" });
    for (const name of ["Order", "OrderLine", "ShippingAddress", "DimensionsCm"]) {
      expect(component(name).description, name).toEqual(expect.any(String));
      for (const [field, s] of Object.entries(props(name))) if (!s.$ref) expect(s.description, `${name}.${field}`).toEqual(expect.any(String));
    }
    expect(Object.keys(props("Order"))).toEqual(Object.keys(ZOrder.shape));
  });

  it("accepts the documentation's example order and refuses malformed lines and addresses (ajv against the document)", () => {
    expect(errorsOf("Order", EXAMPLE_ORDER)).toEqual([]);
    const withLine = (line: unknown) => ({ ...EXAMPLE_ORDER, lines: [line] });
    const line = EXAMPLE_ORDER.lines[0];
    expect(errorsOf("Order", withLine("SKU-1 x 1"))).toContainEqual(expect.stringMatching(/^\.lines\[0\] should be object/));
    expect(errorsOf("Order", withLine({ ...line, quantity: "1" }))).toContainEqual(expect.stringMatching(/^\.lines\[0\]\.quantity should be integer/));
    expect(errorsOf("Order", withLine({ ...line, quantity: 1.5 }))).toContainEqual(expect.stringMatching(/^\.lines\[0\]\.quantity should be integer/));
    expect(errorsOf("Order", withLine({ ...line, hasBattery: "yes" }))).toContainEqual(expect.stringMatching(/^\.lines\[0\]\.hasBattery should be boolean/));
    const { platformSku: _sku, ...withoutSku } = line;
    expect(errorsOf("Order", withLine(withoutSku))).toContainEqual(expect.stringMatching(/should have required property 'platformSku'/));
    expect(errorsOf("Order", { ...EXAMPLE_ORDER, lines: [] })).toContainEqual(expect.stringMatching(/^\.lines should NOT have fewer than 1 items/));
    expect(errorsOf("Order", { ...EXAMPLE_ORDER, shippingAddress: { city: "Los Angeles" } })).toContainEqual(expect.stringMatching(/should have required property 'country'/));
    expect(errorsOf("Order", { ...EXAMPLE_ORDER, shippingAddress: { country: "usa" } })).toContainEqual(expect.stringMatching(/^\.shippingAddress\.country should match pattern/));
    expect(errorsOf("Order", { ...EXAMPLE_ORDER, shippingAddress: "Los Angeles" })).toContainEqual(expect.stringMatching(/^\.shippingAddress should be object/));
  });
});

describe("OpenAPI document: platform bodies", () => {
  it("names each platform's order and line shapes with the fields the importer reads, open to more fields", () => {
    const expected: Record<string, string[]> = {
      ShopifyOrder: ["name", "created_at", "currency", "current_total_price", "financial_status", "shipping_address", "line_items", "refunds"],
      ShopifyLineItem: ["sku", "variant_id", "quantity", "current_quantity", "price", "grams", "requires_shipping", "gift_card"],
      TikTokOrder: ["id", "status", "create_time", "paid_time", "rts_sla_time", "payment", "recipient_address", "line_items"],
      TikTokLineItem: ["seller_sku", "sku_id", "sale_price", "display_status"],
      TikTokOrderDetailResponse: ["code", "message", "request_id", "data"],
      AmazonOrder: ["AmazonOrderId", "PurchaseDate", "OrderStatus", "LatestShipDate", "OrderTotal", "ShippingAddress", "OrderItems"],
      AmazonOrderItem: ["ASIN", "SellerSKU", "QuantityOrdered", "ItemPrice", "PromotionDiscount"],
      AmazonOrder2026: ["orderId", "createdTime", "recipient", "proceeds", "fulfillment", "orderItems"],
      AmazonOrderItem2026: ["quantityOrdered", "product"],
    };
    for (const [name, fields] of Object.entries(expected)) {
      const s = component(name);
      expect(s, name).toMatchObject({ type: "object", additionalProperties: true, description: expect.any(String) });
      expect(Object.keys(props(name)), name).toEqual(expect.arrayContaining(fields));
      for (const [field, p] of Object.entries(props(name))) expect(p.description, `${name}.${field}`).toEqual(expect.any(String));
    }
    expect(props("ShopifyOrder").line_items).toMatchObject({ type: "array", items: { $ref: "#/components/schemas/ShopifyLineItem" } });
    expect(typesOf(props("ShopifyLineItem").quantity!)).toEqual(["integer"]);
    expect(typesOf(props("TikTokOrder").create_time!)).toEqual(["integer"]);
    expect(component("AmazonOrderItem").required).toEqual(["QuantityOrdered"]);
    expect(component("PlatformOrder").anyOf).toEqual(["ShopifyOrderBody", "TikTokOrderBody", "AmazonOrderBody"].map((n) => ({ $ref: `#/components/schemas/${n}` })));
  });

  const shopifyDocs = () => fixture("platform-docs/shopify-rest-orders.json").orders as unknown[];
  /** Orders of an older fixture; one has the bad create_time "2024-11-06", which the importer refuses too. */
  const oldTiktokOrders = () => (fixture("tiktok-order-detail.json").data as { orders: Record<string, unknown>[] }).orders;
  const tiktokDocs = () => fixture("platform-docs/tiktok-get-order-detail-202309.json") as { data: { orders: unknown[] } };
  it.each([
    ["ShopifyOrderBody", "Shopify's documented orders, bare", () => shopifyDocs()],
    ["ShopifyOrderBody", "Shopify's documented orders in {\"order\": …}", () => shopifyDocs().map((order) => ({ order }))],
    ["ShopifyOrderBody", "an Admin API page of one order", () => [{ orders: [(fixture("shopify-admin-orders.json").orders as unknown[])[0]] }]],
    ["TikTokOrderBody", "the whole Get Order Detail response, one order each", () => tiktokDocs().data.orders.map((o) => ({ ...tiktokDocs(), data: { orders: [o] } }))],
    ["TikTokOrderBody", "bare TikTok orders", () => [...tiktokDocs().data.orders, ...oldTiktokOrders().filter((o) => o.create_time !== "2024-11-06")]],
    ["AmazonOrderBody", "[getOrder response, getOrderItems response] (v0)", () => [fixture("platform-docs/amazon-v0-get-order-with-items.json")]],
    ["AmazonOrderBody", "v0 orders with OrderItems embedded", () => fixture("amazon-orders-with-items.json").orders as unknown[]],
    ["AmazonOrderBody", "a getOrder response (2026-01-01)", () => [fixture("platform-docs/amazon-2026-get-order.json")]],
    ["AmazonOrderBody", "searchOrders pages of one order (2026-01-01)", () => ndjson("platform-docs/amazon-2026-search-orders.ndjson")],
  ] as const)("%s accepts %s as the platform returns them", (name, _what, bodies) => {
    for (const body of bodies()) {
      expect(errorsOf(name, body)).toEqual([]);
      expect(errorsOf("PlatformOrder", body)).toEqual([]);
    }
  });

  it("refuses another platform's order, and a line item with the wrong types", () => {
    const tiktok = tiktokDocs().data.orders[0] as Record<string, unknown>;
    const shopify = shopifyDocs()[0] as Record<string, unknown>;
    expect(errorsOf("ShopifyOrderBody", tiktok)).not.toEqual([]);
    expect(errorsOf("TikTokOrderBody", shopify)).not.toEqual([]);
    expect(errorsOf("AmazonOrderBody", shopify)).not.toEqual([]);
    const items = shopify.line_items as Record<string, unknown>[];
    expect(errorsOf("ShopifyOrder", { ...shopify, line_items: [{ ...items[0], quantity: "two" }] })).toContainEqual(expect.stringMatching(/^\.line_items\[0\]\.quantity should be integer/));
    expect(errorsOf("ShopifyOrder", { ...shopify, line_items: [] })).not.toEqual([]);
    expect(errorsOf("PlatformOrder", "an order")).not.toEqual([]);
    const badTime = oldTiktokOrders().find((o) => o.create_time === "2024-11-06");
    expect(errorsOf("TikTokOrder", badTime)).toContainEqual(".create_time should be integer");
  });
});

describe("OpenAPI document: request schemas", () => {
  /** Paths of object schemas that list no properties at all (a bare `object`), under `s`. */
  function bareObjects(s: unknown, path: string): string[] {
    if (Array.isArray(s)) return s.flatMap((x, i) => bareObjects(x, `${path}[${i}]`));
    if (s === null || typeof s !== "object") return [];
    const here = s as Schema;
    const types = Array.isArray(here.type) ? here.type : [here.type];
    const bare = types.includes("object") && here.properties === undefined ? [path] : [];
    return [...bare, ...Object.entries(here).flatMap(([k, v]) => bareObjects(v, `${path}.${k}`))];
  }

  it("describes every object a request can hold field by field: no bare object left", () => {
    const requestSchemas = ["Order", "OrderLine", "ShippingAddress", "DimensionsCm", "EvaluateRequest", "RouteBatchRequest", "PlatformOrder"].concat(
      Object.keys(schemas).filter((n) => /^(Shopify|TikTok|Amazon)/.test(n)),
    );
    for (const name of requestSchemas) expect(bareObjects(component(name), name)).toEqual([]);
  });
});

describe("OpenAPI document: names next to ids", () => {
  it("answers each decision's warehouse and channel as { id, code, name } or null, in the answer, each stage and each evaluation", () => {
    expect(component("MasterDataRef")).toMatchObject({ type: "object", required: ["id", "code", "name"] });
    expect(Object.fromEntries(Object.entries(props("MasterDataRef")).map(([k, s]) => [k, typesOf(s)]))).toEqual({ id: ["string"], code: ["string", "null"], name: ["string", "null"] });
    const evaluation = (props("EvaluateResponse").evaluations!.items as Schema).properties as Record<string, Schema>;
    for (const [where, p] of [
      ["RoutingResponse", props("RoutingResponse")],
      ["StageDecision", props("StageDecision")],
      ["EvaluateResponse.evaluations[]", evaluation],
    ] as const) {
      expect(typesOf(p.warehouse!), where).toEqual(["MasterDataRef", "null"]);
      expect(typesOf(p.channel!), where).toEqual(["MasterDataRef", "null"]);
    }
    expect(component("RoutingResponse").required).toEqual(expect.arrayContaining(["decision", "warehouse", "channel"]));
    const ref = { id: "wh-1", code: "LA", name: "Los Angeles" };
    expect(errorsOf("MasterDataRef", ref)).toEqual([]);
    expect(errorsOf("MasterDataRef", { id: "wh-gone", code: null, name: null })).toEqual([]);
    expect(errorsOf("MasterDataRef", { id: "wh-1" })).not.toEqual([]);
  });
});
