"use client";
import { useQuery } from "@tanstack/react-query";
import { createContext, useContext, useMemo } from "react";
import { useTRPC } from "@/lib/trpc";
import { type TEvaluationContext, ZEvaluationContext } from "@/rules-schema/context/context-schema";

export interface MasterWarehouse {
  id: string;
  code: string;
  name: string;
  kind: string;
  country: string;
}
export interface MasterChannel {
  id: string;
  code: string;
  name: string;
  carrier: string;
  maxWeightGrams: number;
  batteryAllowed: boolean;
}
export interface MasterStore {
  id: string;
  name: string;
  platform: string;
}

/** The organization's warehouses, channels and stores, for pickers and for naming ids on nodes. */
export interface DesignerMasterData {
  loaded: boolean;
  warehouses: MasterWarehouse[];
  channels: MasterChannel[];
  stores: MasterStore[];
  /** A human name for an id of any of the three (the id itself when unknown). */
  nameOf: (id: string) => string;
  known: (id: string) => boolean;
  /** Warehouses and channels as the validator's context, so unknown references show while editing. */
  validationContext: TEvaluationContext | undefined;
  /**
   * Warehouses the published warehouse rules can assign (what "Assigned warehouse" can be in later
   * stages, for the rule analysis); null when no warehouse rules are published.
   */
  arrivingWarehouseIds: string[] | null;
}

const EMPTY: DesignerMasterData = { loaded: false, warehouses: [], channels: [], stores: [], nameOf: (id) => id, known: () => false, validationContext: undefined, arrivingWarehouseIds: null };

export const DesignerMasterDataContext = createContext<DesignerMasterData>(EMPTY);
export const useDesignerMasterData = () => useContext(DesignerMasterDataContext);

/** Loads the master data once per designer, in one request, all of it (rulesets.masterData). */
export function useLoadDesignerMasterData(): DesignerMasterData {
  const trpc = useTRPC();
  const md = useQuery(trpc.rulesets.masterData.queryOptions(undefined, { staleTime: 60_000, refetchOnWindowFocus: false }));
  return useMemo(() => {
    if (!md.data) return EMPTY;
    const warehouses = md.data.warehouses.map((w) => ({ id: w.id, code: w.code, name: w.name, kind: w.kind, country: w.country }));
    const channels = md.data.channels.map((c) => ({
      id: c.id,
      code: c.code,
      name: c.active ? c.name : `${c.name} (inactive)`,
      carrier: c.carrier,
      maxWeightGrams: c.maxWeightGrams,
      batteryAllowed: c.batteryAllowed,
    }));
    const stores = md.data.stores;
    const names = new Map<string, string>([
      ...warehouses.map((w) => [w.id, `${w.name} (${w.code})`] as const),
      ...channels.map((c) => [c.id, `${c.name} (${c.code})`] as const),
      ...stores.map((s) => [s.id, s.name] as const),
    ]);
    // Stock too: the rule analysis builds example orders from it ("in stock at …" conditions).
    const context = ZEvaluationContext.safeParse({ warehouses: md.data.warehouses, channels: md.data.channels, inventory: md.data.inventory });
    return {
      loaded: true,
      warehouses,
      channels,
      stores,
      nameOf: (id: string) => names.get(id) ?? id,
      known: (id: string) => names.has(id),
      validationContext: context.success ? context.data : undefined,
      arrivingWarehouseIds: md.data.arrivingWarehouseIds ?? null,
    };
  }, [md.data]);
}

/** Names ids of warehouses, channels and stores for what is rendered below (the id itself when unknown). */
export const MasterNamesContext = createContext<(id: string) => string>((id) => id);
export const useMasterNames = () => useContext(MasterNamesContext);
