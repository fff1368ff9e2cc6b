import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/app-router";

/** The master-data rows as the router sends them (lists, and the `current` of a conflict). */
type Outputs = inferRouterOutputs<AppRouter>;
type ListItem<T extends { items: unknown[] }> = T["items"][number];

export type StoreRow = ListItem<Outputs["stores"]["list"]>;
export type WarehouseRow = ListItem<Outputs["warehouses"]["list"]>;
export type ChannelRow = ListItem<Outputs["channels"]["list"]>;
export type SkuRow = ListItem<Outputs["skus"]["list"]>;
export type PairingRow = ListItem<Outputs["pairings"]["list"]>;
export type StockRow = ListItem<Outputs["inventory"]["list"]>;
