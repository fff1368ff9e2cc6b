"use client";
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useLoadDesignerMasterData } from "@/components/designer/designer-master-data";
import { ruleNamesOf } from "@/components/designer/node-kind-ui";
import { useTRPC } from "@/lib/trpc";
import { type LiveFilters, type TLinkFilter, parseRuleKey, parseVersionKey } from "./live-filters";

export interface LinkFilterChip {
  key: TLinkFilter;
  /** "Rule", "Version", "Hold", "Warehouse", "Channel". */
  kind: string;
  label: string;
  /** The raw value, on hover. */
  title: string;
}

/**
 * The chips of the filters that arrive by link, in words: a rule by its title on the canvas and its
 * ruleset's version, a warehouse or channel by name. Falls back to the raw key while names load (or
 * when the ruleset is gone).
 */
export function useLinkFilterChips(filters: LiveFilters): LinkFilterChip[] {
  const trpc = useTRPC();
  const master = useLoadDesignerMasterData();
  const rule = filters.ruleKey ? parseRuleKey(filters.ruleKey) : null;
  const version = filters.versionKey ? parseVersionKey(filters.versionKey) : null;
  const needsRulesets = rule !== null || version !== null;
  const rulesets = useQuery(trpc.rulesets.list.queryOptions({ page: 1, pageSize: 100 }, { enabled: needsRulesets, staleTime: 60_000 }));
  const graph = useQuery(trpc.rulesets.version.queryOptions({ id: rule?.rulesetId ?? "-", number: rule?.version ?? 1 }, { enabled: rule !== null, staleTime: Infinity, retry: false }));
  return useMemo(() => {
    const rulesetName = (id: string) => rulesets.data?.items.find((r) => r.id === id)?.name ?? "a ruleset";
    const out: LinkFilterChip[] = [];
    if (filters.ruleKey) {
      const title = rule && graph.data ? ruleNamesOf(graph.data.graph, master.nameOf).get(rule.ruleName)?.title : undefined;
      out.push({
        key: "ruleKey",
        kind: "Rule",
        label: rule ? `${title ?? rule.ruleName} · ${rulesetName(rule.rulesetId)} v${rule.version}` : filters.ruleKey,
        title: `Decisions in which this rule fired (${filters.ruleKey})`,
      });
    }
    if (filters.versionKey) {
      out.push({
        key: "versionKey",
        kind: "Version",
        label: version ? `${rulesetName(version.rulesetId)} v${version.version}` : filters.versionKey,
        title: `Decisions this version took part in (${filters.versionKey})`,
      });
    }
    if (filters.holdReason) out.push({ key: "holdReason", kind: "Held for", label: filters.holdReason, title: "Decisions with this hold reason" });
    if (filters.warehouseId) out.push({ key: "warehouseId", kind: "Warehouse", label: master.nameOf(filters.warehouseId), title: `Decisions that assigned this warehouse (${filters.warehouseId})` });
    if (filters.channelId) out.push({ key: "channelId", kind: "Channel", label: master.nameOf(filters.channelId), title: `Decisions that assigned this channel (${filters.channelId})` });
    return out;
  }, [filters, rule, version, rulesets.data, graph.data, master]);
}
