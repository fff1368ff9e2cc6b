/** The audit screen shows entities and the ids in their changes by name, hashes shortened, and keeps every id on hover. */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient } from "@trpc/client";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { TRPCProvider } from "@/lib/trpc";
import type { TAuditEntryOut } from "@/server/schemas/audit-schemas";
import type { AppRouter } from "@/server/trpc/app-router";
import { AuditScreen, DiffView, EntityCell } from "./audit-screen";

const HASH_BEFORE = "3f9a1c" + "0".repeat(58);
const HASH_AFTER = "7be2d0" + "1".repeat(58);
const at = new Date("2026-11-20T10:00:00Z");

const entry = (over: Partial<TAuditEntryOut>): TAuditEntryOut => ({
  id: `log-${Math.random().toString(36).slice(2)}`,
  actorType: "user",
  actorId: "user-owner-000000000001",
  actorName: "Mei Chen",
  action: "warehouse.update",
  entityType: "warehouse",
  entityId: "cmwarehouse00000000000001",
  entityName: "Shenzhen central (SZ-1)",
  entityDeleted: false,
  diff: {},
  names: {},
  createdAt: at,
  ...over,
});

const ENTRIES: TAuditEntryOut[] = [
  entry({
    action: "ruleset.publish",
    entityType: "ruleset",
    entityId: "cmruleset000000000000001",
    entityName: "Fraud screen (Order review)",
    diff: { liveVersion: [null, 1], contentHash: [HASH_BEFORE, HASH_AFTER], publishRequestId: [null, "cmrequest000000000000001"] },
    names: { cmrequest000000000000001: "Publish of v1" },
  }),
  entry({
    action: "inventory.update",
    entityType: "inventory",
    entityId: "cminventory0000000000001",
    entityName: "CBL-1 in Shenzhen central (SZ-1)",
    diff: { warehouseId: ["cmwarehouse00000000000001", "cmwarehouse00000000000002"], skuId: [null, "cmskuunresolved000000001"], quantity: [4, 40] },
    names: { cmwarehouse00000000000001: "Shenzhen central (SZ-1)", cmwarehouse00000000000002: "Los Angeles (LA-9)" },
  }),
  entry({ action: "store.delete", entityType: "store", entityId: "cmstoregone0000000000001", entityName: "Closed shop", entityDeleted: true, diff: { name: ["Closed shop", null] } }),
  entry({ action: "channel.update", entityType: "channel", entityId: "cmchannelgone00000000001", entityName: null, entityDeleted: true, diff: { active: [true, false] } }),
];

function render(entries: TAuditEntryOut[]): string {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  // Never called: every query the screen needs is already in the cache.
  const trpcClient = createTRPCClient<AppRouter>({ links: [] });
  const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });
  queryClient.setQueryData(trpc.me.queryKey(), { membership: { role: "owner" } } as never);
  queryClient.setQueryData(trpc.audit.list.queryKey({ page: 1, pageSize: 25 }), { items: entries, total: entries.length, page: 1, pageSize: 25, pageCount: 1 });
  return renderToStaticMarkup(
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <AuditScreen />
      </TRPCProvider>
    </QueryClientProvider>,
  ).replaceAll("&quot;", '"');
}

describe("audit screen", () => {
  const html = render(ENTRIES);

  it("shows each entity by its name, with the id on hover and a copy-id button, not the id as the label", () => {
    expect(html).toContain("Fraud screen (Order review)");
    expect(html).toContain("CBL-1 in Shenzhen central (SZ-1)");
    expect(html).toContain('title="Only changes to Fraud screen (Order review) (id cmruleset000000000000001)"');
    expect(html).toContain('aria-label="Copy id cmruleset000000000000001"');
    expect(html).not.toContain(">cmrule…0001<");
  });

  it("says (deleted) for an entity gone since: with the recorded name when there is one, else with its id", () => {
    expect(html).toMatch(/Closed shop<\/button><span class="muted"> \(deleted\)<\/span>/);
    expect(html).toMatch(/<span class="mono">cmchan…0001<\/span><\/button><span class="muted"> \(deleted\)<\/span>/);
  });

  it("names the ids in the changes, keeps unresolved ids short, and shortens content hashes with the full hash on hover", () => {
    expect(html).toContain('<span class="val" title="id cmwarehouse00000000000001">Shenzhen central (SZ-1)</span>');
    expect(html).toContain('<span class="val" title="id cmwarehouse00000000000002">Los Angeles (LA-9)</span>');
    expect(html).toContain('<span class="val" title="id cmrequest000000000000001">Publish of v1</span>');
    expect(html).toContain('<span class="val" title="id cmskuunresolved000000001">cmskuu…0001</span>');
    expect(html).toContain(`<span class="val" title="${HASH_BEFORE}">content 3f9a1c…</span>`);
    expect(html).toContain(`<span class="val" title="${HASH_AFTER}">content 7be2d0…</span>`);
    expect(html).not.toContain(`>${HASH_AFTER}<`);
    // Field names of ids read as words; the raw field name stays on hover.
    expect(html).toContain('<span class="field-name" title="warehouseId">warehouse</span>');
    expect(html).toContain('<span class="field-name" title="contentHash">rules</span>');
  });

  it("has a search box for names, codes, actions and ids", () => {
    expect(html).toContain('id="audit-search"');
    expect(html).toContain('placeholder="Name, code, action or id"');
  });
});

describe("DiffView and EntityCell on their own", () => {
  it("shows an id array by names and an unknown id shortened", () => {
    const html = renderToStaticMarkup(<DiffView diff={{ originWarehouseIds: [["w-1", "cmwarehouse-unknown-0001"], ["w-1"]] }} names={{ "w-1": "Main (M-1)" }} />);
    expect(html).toContain('<span class="val" title="id w-1">Main (M-1)</span>');
    expect(html).toContain('<span class="val" title="id cmwarehouse-unknown-0001">cmware…0001</span>');
    expect(html).toContain(">origin warehouses<");
  });

  it("links an order import by its file name", () => {
    const html = renderToStaticMarkup(
      <EntityCell entry={{ entityType: "orderImport", entityId: "cmimport0000000000000001", entityName: "orders-nov.csv", entityDeleted: false }} onFilter={() => undefined} />,
    );
    expect(html).toContain('href="/imports/cmimport0000000000000001"');
    expect(html).toContain(">orders-nov.csv</a>");
  });
});
