import { z } from "zod";
import type { TStage } from "../graph/graph-schema";
import { type AnyActionEffect, type NameLookup, defineAction } from "./action-effect";
import { customsDeclaration } from "./customs-declaration";
import { PRIORITY_LEVELS, type TPriorityLevel, ZActionPriority, ZCode, ZReason, str } from "./action-fields";

/**
 * The action registry: one entry per action kind, declaring everything the kind does (see
 * `ActionEffect`). Adding a kind means adding it to ACTION_KINDS and an entry here (the `satisfies`
 * below refuses a kind without one), plus the designer's entry in components/designer (its node and
 * inspector). The README's "How to add an action" lists the steps.
 */
export const ACTION_KINDS = [
  "assignWarehouse",
  "assignChannel",
  "hold",
  "flag",
  "intercept",
  "splitPackage",
  "mergeOrders",
  "pushToWarehouse",
  "requestTracking",
  "addTag",
  "setPriority",
  "customsDeclaration",
] as const;
export type TActionKind = (typeof ACTION_KINDS)[number];

const ALL_STAGES: readonly TStage[] = ["orderReview", "skuPairing", "warehouseMatching", "logisticsMatching", "autoProcessing"];
const yesNo = (b: boolean) => (b ? "yes" : "no");
const listOrNone = (xs: readonly string[]) => (xs.length ? xs.join(", ") : "none");
const ZRuleReason = z.object({ reason: z.string(), ruleName: z.string() });
const reasonOf = (p: Readonly<Record<string, unknown>>, ruleName: string) => ({ reason: str(p.reason) ?? "", ruleName });

/** An id chosen by one rule (warehouse, channel): one value per order. */
const assignId = <const Key extends "warehouseId" | "channelId", const Change extends string, D extends z.ZodType>(
  key: Key,
  subject: string,
  label: string,
  data: D,
  outcome: { change: Change; label: string; rank: number },
  name: (names: NameLookup, id: string) => string,
  stages: readonly TStage[],
) =>
  defineAction({
    label,
    stages,
    data,
    slot: { key, schema: z.string().nullable() },
    reduce: {
      policy: "claim",
      subject,
      clash: { field: key },
      read: (p) => {
        const v = str(p[key]);
        return v === null ? null : { key: v, value: v };
      },
    },
    outcome: {
      key,
      schema: z.string().nullable(),
      ...outcome,
      from: (v) => v,
      compare: "value",
      text: (v, _side, names) => (v === null || v === "" ? "None" : name(names, v)),
    },
    show: (v, names) => (v ? [[outcome.label, name(names, v)]] : []),
  });

const INTERCEPT_VS_SHIPPING = "The order is intercepted but also pushed to the warehouse or sent for tracking";

export const ZSplitPackageData = z
  .object({
    priority: ZActionPriority,
    strategy: z.enum(["channelLimits", "maxWeight"]),
    maxWeightGrams: z.number().positive().max(1_000_000).nullable().default(null),
    channelId: z.string().min(1).nullable().default(null),
  })
  .refine((d) => d.strategy !== "maxWeight" || d.maxWeightGrams !== null, { message: "set the maximum weight per package", path: ["maxWeightGrams"] });

export const ACTION_EFFECTS = {
  assignWarehouse: assignId(
    "warehouseId",
    "warehouse",
    "Assign warehouse",
    z.object({ priority: ZActionPriority, warehouseId: z.string().min(1, "pick a warehouse") }),
    { change: "warehouse", label: "Warehouse", rank: 10 },
    (n, id) => n.warehouse(id),
    ["warehouseMatching"],
  ),
  assignChannel: assignId(
    "channelId",
    "channel",
    "Assign logistics channel",
    z.object({ priority: ZActionPriority, channelId: z.string().min(1, "pick a channel") }),
    { change: "channel", label: "Channel", rank: 20 },
    (n, id) => n.channel(id),
    ["logisticsMatching"],
  ),
  hold: defineAction({
    label: "Hold",
    stages: ALL_STAGES,
    data: z.object({ priority: ZActionPriority, reason: ZReason }),
    slot: { key: "holds", schema: z.array(ZRuleReason) },
    reduce: { policy: "append", read: reasonOf },
    contradicts: [{ kind: "pushToWarehouse", subject: "hold", message: "The order is held but also pushed to the warehouse" }],
    outcome: {
      key: "holds",
      /** Hold reasons, in rule order. */
      schema: z.array(z.string()),
      change: "holds",
      label: "Holds",
      rank: 30,
      from: (holds) => {
        const out: string[] = new Array(holds.length);
        for (let i = 0; i < out.length; i++) out[i] = holds[i]!.reason;
        return out;
      },
      compare: "multiset",
      text: listOrNone,
    },
    show: (holds) => holds.map((h): [string, string] => ["Hold", h.reason]),
  }),
  flag: defineAction({
    label: "Flag",
    stages: ALL_STAGES,
    data: z.object({ priority: ZActionPriority, code: ZCode }),
    slot: { key: "flags", schema: z.array(z.string()) },
    reduce: { policy: "distinct", read: (p) => str(p.code) },
    outcome: { key: "flags", schema: z.array(z.string()), change: "flags", label: "Flags", rank: 120, from: (v) => v, compare: "set", text: listOrNone },
    show: (v) => (v.length ? [["Flags", v.join(", ")]] : []),
  }),
  intercept: defineAction({
    label: "Intercept / cancel",
    stages: ["orderReview", "autoProcessing"],
    data: z.object({ priority: ZActionPriority, reason: ZReason }),
    slot: { key: "intercept", schema: ZRuleReason.nullable() },
    reduce: { policy: "first", read: reasonOf },
    contradicts: [
      { kind: "pushToWarehouse", subject: "intercept", message: INTERCEPT_VS_SHIPPING },
      { kind: "requestTracking", subject: "intercept", message: INTERCEPT_VS_SHIPPING },
      { kind: "assignChannel", subject: "intercept", message: "The order is intercepted but also assigned a logistics channel" },
    ],
    outcome: { key: "intercept", schema: z.boolean(), change: "intercept", label: "Intercept", rank: 40, from: (v) => v !== null, compare: "value", text: yesNo },
    show: (v) => (v ? [["Intercept", v.reason]] : []),
  }),
  splitPackage: defineAction({
    label: "Split package",
    stages: ["warehouseMatching", "logisticsMatching", "autoProcessing"],
    data: ZSplitPackageData,
    slot: {
      key: "split",
      schema: z
        .object({ strategy: z.enum(["channelLimits", "maxWeight"]), maxWeightGrams: z.number().nullable(), channelId: z.string().nullable(), ruleName: z.string() })
        .nullable(),
    },
    reduce: {
      policy: "claim",
      subject: "split",
      clash: { differently: "split the package differently" },
      read: (p, ruleName) => {
        const strategy: "maxWeight" | "channelLimits" = p.strategy === "maxWeight" ? "maxWeight" : "channelLimits";
        const maxWeightGrams = typeof p.maxWeightGrams === "number" ? p.maxWeightGrams : null;
        const channelId = str(p.channelId);
        return { key: `${strategy}:${maxWeightGrams}:${channelId}`, value: { strategy, maxWeightGrams, channelId, ruleName } };
      },
    },
    outcome: {
      key: "split",
      schema: z.boolean(),
      change: "split",
      label: "Split",
      rank: 50,
      from: (v) => v !== null,
      compare: "value",
      text: (v, side) => (v ? `yes, ${side.packages} ${side.packages === 1 ? "parcel" : "parcels"}` : "no"),
    },
    show: (v, names) => (v ? [["Split", v.strategy === "maxWeight" ? `at ${v.maxWeightGrams} g per parcel` : `by ${v.channelId ? names.channel(v.channelId) : "the channel"}'s limits`]] : []),
  }),
  mergeOrders: defineAction({
    label: "Merge buyer's orders",
    stages: ["orderReview", "autoProcessing"],
    data: z.object({ priority: ZActionPriority, withinHours: z.number().positive().max(24 * 30) }),
    slot: { key: "merge", schema: z.object({ withinHours: z.number(), ruleName: z.string() }).nullable() },
    reduce: { policy: "first", read: (p, ruleName) => (typeof p.withinHours === "number" ? { withinHours: p.withinHours, ruleName } : null) },
    needs: ["buyerOpenOrders"],
    outcome: { key: "merge", schema: z.boolean(), change: "merge", label: "Merge", rank: 60, from: (v) => v !== null, compare: "value", text: yesNo },
    show: (v) => (v ? [["Merge", `buyer's orders within ${v.withinHours} h`]] : []),
  }),
  pushToWarehouse: defineAction({
    label: "Push to warehouse",
    stages: ["autoProcessing"],
    data: z.object({ priority: ZActionPriority }),
    slot: { key: "pushToWarehouse", schema: z.boolean() },
    reduce: { policy: "set" },
    outcome: { key: "push", schema: z.boolean(), change: "push", label: "Push to warehouse", rank: 80, from: (v) => v, compare: "value", text: yesNo },
    show: (v) => (v ? [["Push to warehouse", "yes"]] : []),
  }),
  requestTracking: defineAction({
    label: "Request tracking number",
    stages: ["logisticsMatching", "autoProcessing"],
    data: z.object({ priority: ZActionPriority }),
    slot: { key: "requestTracking", schema: z.boolean() },
    reduce: { policy: "set" },
    outcome: { key: "tracking", schema: z.boolean(), change: "tracking", label: "Tracking request", rank: 90, from: (v) => v, compare: "value", text: yesNo },
    show: (v) => (v ? [["Request tracking", "yes"]] : []),
  }),
  addTag: defineAction({
    label: "Add tag",
    stages: ALL_STAGES,
    data: z.object({ priority: ZActionPriority, tag: z.string().max(60).refine((s) => s.trim() !== "", { message: "required" }) }),
    slot: { key: "tags", schema: z.array(z.string()) },
    reduce: { policy: "distinct", read: (p) => str(p.tag) },
    outcome: { key: "tags", schema: z.array(z.string()), change: "tags", label: "Tags", rank: 110, from: (v) => v, compare: "set", text: listOrNone },
    show: (v) => (v.length ? [["Tags", v.join(", ")]] : []),
  }),
  setPriority: defineAction({
    label: "Set priority",
    stages: ALL_STAGES,
    data: z.object({ priority: ZActionPriority, level: z.enum(PRIORITY_LEVELS) }),
    slot: { key: "priorityLevel", schema: z.enum(PRIORITY_LEVELS).nullable() },
    reduce: {
      policy: "claim",
      subject: "priority",
      clash: { field: "level" },
      read: (p) => {
        const v = p.level;
        return v === "low" || v === "normal" || v === "high" || v === "urgent" ? { key: v, value: v as TPriorityLevel } : null;
      },
    },
    outcome: { key: "priority", schema: z.enum(PRIORITY_LEVELS).nullable(), change: "priority", label: "Priority", rank: 70, from: (v) => v, compare: "value", text: (v) => v ?? "none" },
    show: (v) => (v ? [["Priority", v]] : []),
  }),
  customsDeclaration,
} satisfies Record<TActionKind, AnyActionEffect>;
