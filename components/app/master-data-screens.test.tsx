/** The master-data screens on the shared list and dialog scaffolding: what owners and viewers see, and the warehouse form. */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient } from "@trpc/client";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { TRPCProvider } from "@/lib/trpc";
import { ZWarehouseFields } from "@/server/schemas/warehouse-schemas";
import type { AppRouter } from "@/server/trpc/app-router";
import { InventoryScreen } from "./inventory-screen";
import type { StockRow, StoreRow, WarehouseRow } from "./master-data-rows";
import { StoresScreen } from "./stores-screen";
import { WarehousesScreen, fieldsOf, formOf } from "./warehouses-screen";

const at = new Date("2026-11-20T10:00:00Z");
const pageOf = <T,>(items: T[]) => ({ items, total: items.length, page: 1, pageSize: 25, pageCount: 1 });
const STORES: StoreRow[] = [
  { id: "s1", platform: "temu", name: "Temu US", site: "US", externalId: null, orderCount: 3, pairingCount: 0, revision: 2, updatedAt: at },
  { id: "s2", platform: "shopify", name: "Shopify", site: "", externalId: "shop-1", orderCount: 0, pairingCount: 4, revision: 1, updatedAt: at },
];
const WAREHOUSE: WarehouseRow = {
  id: "w1",
  code: "SZ-01",
  name: "Shenzhen Longhua warehouse",
  kind: "own",
  country: "CN",
  address: { line1: "1 Longhua Rd", city: "Shenzhen", postalCode: "518000" },
  calendar: { timeZone: "Asia/Shanghai", workingDays: [1, 2, 3, 4, 5, 6], holidays: ["2026-10-01", "2026-10-02"], workdayStart: "09:00", cutoffTime: "17:00" },
  revision: 3,
  updatedAt: at,
};
const STOCK: StockRow[] = [
  { id: "i1", warehouseId: "w1", skuId: "k1", warehouse: { id: "w1", code: "SZ-01", name: "Shenzhen Longhua warehouse" }, sku: { id: "k1", code: "LL-BAG-BLK", name: "Black bag" }, quantity: 4, lowStockThreshold: 10, shortfall: 6, revision: 5, updatedAt: at },
];

function render(node: React.ReactNode, role: string, empty = false): string {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  // Never called: every query the screens need is already in the cache.
  const trpcClient = createTRPCClient<AppRouter>({ links: [] });
  const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });
  queryClient.setQueryData(trpc.me.queryKey(), { user: { id: "u1", email: "demo@switchyard.dev", name: "Mei Chen" }, membership: { organizationId: "o1", organizationName: "Lumen & Loop", role }, memberships: [] });
  queryClient.setQueryData(trpc.stores.list.queryKey({ search: "", page: 1, pageSize: 25 }), pageOf(empty ? [] : STORES));
  queryClient.setQueryData(trpc.warehouses.list.queryKey({ search: "", page: 1, pageSize: 25 }), pageOf(empty ? [] : [WAREHOUSE]));
  queryClient.setQueryData(trpc.warehouses.list.queryKey({ page: 1, pageSize: 100 }), pageOf([WAREHOUSE]));
  queryClient.setQueryData(trpc.inventory.list.queryKey({ search: "", page: 1, pageSize: 25 }), pageOf(empty ? [] : STOCK));
  queryClient.setQueryData(trpc.inventory.lowStock.queryKey({ search: "", page: 1, pageSize: 25 }), pageOf(empty ? [] : STOCK));
  queryClient.setQueryData(trpc.inventory.lowStock.queryKey({ page: 1, pageSize: 5 }), pageOf(empty ? [] : STOCK));
  return renderToStaticMarkup(
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {node}
      </TRPCProvider>
    </QueryClientProvider>,
  );
}

describe("stores screen", () => {
  it("shows an owner the stores with New store, rows to click and the pager", () => {
    const html = render(<StoresScreen />, "owner");
    expect(html).toContain('<div class="page-head" data-role="owner"><div><h1>Stores</h1><p>The marketplace shops orders come from. Platform SKUs are paired to warehouse SKUs per store.</p></div><button class="btn primary">New store</button></div>');
    expect(html).toContain('aria-label="Search stores"');
    expect(html).toContain(
      '<tr class="clickable"><td><span class="badge platform platform-temu">Temu</span></td><td><strong>Temu US</strong></td><td>US</td><td class="mono"><span class="muted">—</span></td><td class="num">3</td><td class="num"><span class="badge amber">None</span></td></tr>',
    );
    expect(html).toContain("<span>2 items</span>");
  });

  it("gives a viewer no edit control", () => {
    const html = render(<StoresScreen />, "viewer");
    expect(html).toContain('data-role="viewer"');
    expect(html).not.toContain("New store");
    expect(html).not.toContain('class="clickable"');
  });

  it("invites an owner to add the first store, and tells a viewer who adds them", () => {
    expect(render(<StoresScreen />, "owner", true)).toContain("<strong>No stores yet</strong>Add the shops you sell on; imported orders are attached to a store.");
    expect(render(<StoresScreen />, "owner", true)).toContain(">Add your first store</button>");
    expect(render(<StoresScreen />, "viewer", true)).toContain("<strong>No stores yet</strong>An admin adds stores.");
  });
});

describe("warehouses screen", () => {
  it("lists the warehouses with their calendar", () => {
    const html = render(<WarehousesScreen />, "admin");
    expect(html).toContain('<button class="btn primary">New warehouse</button>');
    expect(html).toContain("<td>Mon Tue Wed Thu Fri Sat</td><td>17:00</td>");
    expect(render(<WarehousesScreen />, "viewer", true)).toContain("<strong>No warehouses yet</strong>An admin adds warehouses.");
  });
});

describe("inventory screen", () => {
  it("offers Set stock and an Edit button per row to an owner, and counts the low rows", () => {
    const html = render(<InventoryScreen initialTab="all" />, "owner");
    expect(html).toContain('<button class="btn primary">Set stock</button>');
    expect(html).toContain('<button class="btn small">Edit</button>');
    expect(html).toContain('<span class="count warn">1</span>');
    expect(html).toContain('<span class="badge amber">Low</span>');
    const viewer = render(<InventoryScreen initialTab="all" />, "viewer");
    expect(viewer).not.toContain("Set stock");
    expect(viewer).not.toContain(">Edit<");
  });

  it("shows the shortfall on the low-stock tab, and a clear empty state when nothing is low", () => {
    expect(render(<InventoryScreen initialTab="low" />, "owner")).toContain('<td class="num shortfall">−6</td>');
    expect(render(<InventoryScreen initialTab="low" />, "owner", true)).toContain("<strong>Nothing is low on stock</strong>");
  });
});

describe("warehouse form", () => {
  it("turns a warehouse into the flat form and back into the fields it was saved with", () => {
    const form = formOf(WAREHOUSE);
    expect(form).toMatchObject({ line1: "1 Longhua Rd", timeZone: "Asia/Shanghai", holidays: "2026-10-01\n2026-10-02" });
    const fields = fieldsOf(form);
    expect(fields).toEqual({ code: "SZ-01", name: "Shenzhen Longhua warehouse", kind: "own", country: "CN", address: WAREHOUSE.address, calendar: WAREHOUSE.calendar });
    expect(ZWarehouseFields.safeParse(fields).success).toBe(true);
  });

  it("sends no address when every part is blank, reads holidays by line, comma or space, and upper-cases the country", () => {
    const fields = fieldsOf({ ...formOf({ ...WAREHOUSE, address: null }), country: " de ", holidays: "2026-12-24, 2026-12-25\n2026-12-26" });
    expect(fields.address).toBeNull();
    expect(fields.country).toBe("DE");
    expect(fields.calendar.holidays).toEqual(["2026-12-24", "2026-12-25", "2026-12-26"]);
  });
});
