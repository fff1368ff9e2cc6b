import { describe, expect, it } from "vitest";
import { ZOrder } from "../../rules-schema/order/order-schema";
import { buildOpenApi } from "../live-router/build-openapi";
import { API_ORDER_FORMATS } from "../schemas/api-v1-schemas";
import { API_IMPORT_FORMATS, IMPORT_FORMATS, importOrders, ZImportFormat, type TImportFormat } from "./import-formats";
import { collect, fixtureStream, OPTIONS } from "../testing/import-test-helpers";
import { parseAmazonJson } from "./parse-amazon-json";
import { parseNative } from "./parse-native";
import { parseShopifyCsv } from "./parse-shopify-csv";
import { parseShopifyJson } from "./parse-shopify-json";
import { parseTiktokCsv } from "./parse-tiktok-csv";
import { parseTiktokJson } from "./parse-tiktok-json";

describe("IMPORT_FORMATS", () => {
  it.each([
    ["native", parseNative, null, true],
    ["shopify-csv", parseShopifyCsv, "shopify", true],
    ["tiktok-csv", parseTiktokCsv, "tiktok", true],
    ["shopify-json", parseShopifyJson, "shopify", false],
    ["tiktok-json", parseTiktokJson, "tiktok", false],
    ["amazon-json", parseAmazonJson, "amazon", false],
  ] as const)("registers %s", (id, parse, platform, streaming) => {
    const spec = IMPORT_FORMATS.find((f) => f.id === id);
    expect(spec).toMatchObject({ id, platform, streaming });
    expect(spec?.parse).toBe(parse);
    expect(spec?.label.length).toBeGreaterThan(0);
    expect(spec?.extensions.length).toBeGreaterThan(0);
  });

  it("derives ZImportFormat from the registry", () => {
    expect(ZImportFormat.options).toEqual(IMPORT_FORMATS.map((f) => f.id));
    expect(ZImportFormat.safeParse("shopify-csv").success).toBe(true);
    expect(ZImportFormat.safeParse("ebay-csv").success).toBe(false);
  });

  it("gives the v1 API its platform formats (and OpenAPI its enum) from the registry", () => {
    expect(API_IMPORT_FORMATS.map((f) => [f.api, f.id])).toEqual([
      ["shopify", "shopify-json"],
      ["tiktok", "tiktok-json"],
      ["amazon", "amazon-json"],
    ]);
    expect(API_ORDER_FORMATS).toEqual(["native", "shopify", "tiktok", "amazon"]);
    const doc = buildOpenApi() as { paths: Record<string, { post?: { parameters?: { name: string; schema?: { enum?: string[] } }[] } }> };
    expect(doc.paths["/api/v1/orders/route"]?.post?.parameters?.find((p) => p.name === "format")?.schema?.enum).toEqual([...API_ORDER_FORMATS]);
  });

  it.each([
    ["native", "native-orders.ndjson"],
    ["shopify-csv", "shopify-orders-export.csv"],
    ["tiktok-csv", "tiktok-seller-center-orders.csv"],
    ["shopify-json", "shopify-admin-orders.json"],
    ["tiktok-json", "tiktok-order-detail.json"],
    ["amazon-json", "amazon-sp-api-orders.json"],
  ] as const)("importOrders(%s) yields ZOrder-valid orders with store-scoped ids, and row-level errors", async (format: TImportFormat, fixture) => {
    const results = await collect(importOrders(format, fixtureStream(fixture), { ...OPTIONS, defaultCurrency: "USD" }));
    const orders = results.flatMap((r) => (r.ok === true ? [r.order] : []));
    expect(orders.length).toBeGreaterThanOrEqual(3);
    expect(results.some((r) => !r.ok)).toBe(true);
    for (const order of orders) {
      expect(ZOrder.parse(order)).toEqual(order);
      expect(order.id).toBe(`store-7:${order.externalId}`);
      expect(order.createdAt).toMatch(/Z$/);
    }
    for (const r of results) expect(r.row).toBeGreaterThanOrEqual(1);
  });

  it("is idempotent: importing the same file twice gives the same orders", async () => {
    const once = await collect(importOrders("shopify-csv", fixtureStream("shopify-orders-export.csv"), OPTIONS));
    const twice = await collect(importOrders("shopify-csv", fixtureStream("shopify-orders-export.csv", 13), OPTIONS));
    expect(twice).toEqual(once);
  });
});
