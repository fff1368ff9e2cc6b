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
});
