/** The API reference page renders the OpenAPI document: every endpoint with its parameters, responses and a curl example, and every schema. */
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { buildOpenApi } from "@/server/live-router/build-openapi";
import ApiReferencePage from "./page";

describe("API reference page", () => {
  const html = renderToStaticMarkup(<ApiReferencePage />).replaceAll("&quot;", '"').replaceAll("&#x27;", "'");
  const doc = buildOpenApi() as { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };

  it.each(Object.keys(doc.paths))("documents %s with a curl example", (path) => {
    expect(html).toContain(path);
    expect(html).toContain(`$SWITCHYARD_URL${path.replace("{id}", "<id>").replace("{orderId}", "<orderId>")}`.replaceAll("<", "&lt;").replaceAll(">", "&gt;"));
  });

  it("shows the parameters, the error statuses and every schema, linked from the types", () => {
    for (const text of ["Idempotency-Key", "storeId", "429", "413", "Authorization: Bearer $SWITCHYARD_KEY", '"warehouseSku":"W-1"']) expect(html).toContain(text);
    for (const name of Object.keys(doc.components.schemas)) expect(html).toContain(`id="schema-${name}"`);
    expect(html).toContain('href="#schema-RoutingResponse"');
  });

  /** The text a reader sees: tags dropped, entities decoded. */
  const visible = html
    .replace(/<[^>]+>/g, " ")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
  /** One schema's section of the page. */
  const section = (name: string) => {
    const start = html.indexOf(`<section id="schema-${name}"`);
    expect(start, name).toBeGreaterThan(-1);
    const end = html.indexOf("<section", start + 1);
    return html.slice(start, end === -1 ? undefined : end);
  };

  it("renders the descriptions' markdown: no raw backticks, bold markers or link syntax in the text", () => {
    const raw = JSON.stringify(doc);
    // The document does use markdown, so this checks the rendering rather than an absence of markup.
    expect(raw).toContain("`");
    expect(raw).toContain("**");
    expect(visible).not.toContain("`");
    expect(visible).not.toContain("**");
    expect(visible).not.toMatch(/\]\((https?:|\/|#)/);
    expect(html).toContain("<code>Authorization: Bearer sy_live_…</code>");
    expect(html).toContain("<strong>shopify</strong>");
    expect(html).toContain("<code>notices</code>");
  });

  it("shows an order's lines and shipping address field by field, nested in the Order", () => {
    const order = section("Order");
    for (const field of ["platformSku", "warehouseSku", "quantity", "unitPrice", "weightGrams", "hasBattery", "country", "postalCode", "addressValid", "length"])
      expect(order).toContain(`<code>${field}</code>`);
    expect(order).toContain("Each item (OrderLine)");
    expect(order).toContain("Fields (ShippingAddress)");
    expect(order).toContain("Weight of one unit in grams");
    expect(section("OrderLine")).toContain("<code>integer</code>");
  });

  it("shows the platform bodies: each format's alternatives and the platform fields, nested objects as tables", () => {
    const platform = section("PlatformOrder");
    for (const name of ["ShopifyOrderBody", "TikTokOrderBody", "AmazonOrderBody"]) expect(platform).toContain(`href="#schema-${name}"`);
    const shopify = section("ShopifyOrder");
    for (const field of ["line_items", "current_total_price", "shipping_address", "country_code", "province_code", "zip", "sku", "current_quantity"]) expect(shopify).toContain(`<code>${field}</code>`);
    const amazon = section("AmazonOrderBody");
    expect(amazon).toContain("One of:");
    expect(amazon).toContain("A getOrderItems response");
    expect(amazon).toContain('href="#schema-AmazonOrder2026"');
    expect(section("TikTokOrder")).toContain("<code>district_info</code>");
  });

  it("shows the warehouse and channel names next to the ids in the routing answer", () => {
    const response = section("RoutingResponse");
    expect(response).toContain("<code>warehouse</code>");
    expect(response).toContain("<code>channel</code>");
    expect(response).toContain('href="#schema-MasterDataRef"');
    expect(section("MasterDataRef")).toContain("<code>name</code>");
  });
});
