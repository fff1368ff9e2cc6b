import { z } from "zod";
import { ZCurrencyCode, ZHsCode, type TOrder } from "../order/order-schema";
import { defineAction } from "./action-effect";
import { ZActionPriority, num, str } from "./action-fields";

/**
 * Customs declaration: what the parcel's customs form says before a tracking number is requested
 * (DianXiaoMi and the other ERPs confirm it in their auto-processing flow). The declared value is a
 * fixed amount, or a share of the order's value with an optional cap; each line is declared under
 * its HS code — the one the order line carries (paired from the warehouse SKU's master data), else
 * the action's fallback code. Lines without either are listed as missing, so a rule can be fixed
 * before the carrier refuses the parcel.
 */

const MONEY_MAX = 10_000_000;

export const ZCustomsDeclarationData = z
  .object({
    priority: ZActionPriority,
    /** `fixed`: declare `amount`; `share`: declare `sharePercent` of the order's value, at most `capAmount`. */
    valueMode: z.enum(["fixed", "share"]),
    amount: z.number().nonnegative().max(MONEY_MAX).nullable().default(null),
    sharePercent: z.number().positive().max(100).nullable().default(null),
    capAmount: z.number().positive().max(MONEY_MAX).nullable().default(null),
    /** Currency of a fixed amount; empty: the order's currency. A share is always in the order's currency. */
    currency: ZCurrencyCode.nullable().default(null),
    /** HS code for lines whose SKU has none in master data. */
    fallbackHsCode: ZHsCode.default(null),
  })
  .refine((d) => d.valueMode !== "fixed" || d.amount !== null, { message: "set the amount to declare", path: ["amount"] })
  .refine((d) => d.valueMode !== "share" || d.sharePercent !== null, { message: "set the share of the order value to declare", path: ["sharePercent"] })
  .refine((d) => d.valueMode !== "share" || d.currency === null, { message: "a share is declared in the order's currency: leave the currency empty", path: ["currency"] });

const ZCustomsLine = z.object({
  /** The warehouse SKU (the platform SKU while unpaired). */
  sku: z.string(),
  quantity: z.number(),
  hsCode: z.string().nullable(),
  /** The line's part of the declared value (by line value; the cents that do not divide go to the last line). */
  declaredValue: z.number().nullable(),
});

/** The declaration a stage decided: null when no rule declared customs. */
export const ZCustomsDeclaration = z.object({
  /** Null when the value depends on an order that was not at hand. */
  declaredValue: z.number().nullable(),
  currency: z.string().nullable(),
  basis: z.enum(["fixed", "share"]),
  /** The share was above the cap, so the cap was declared. */
  capped: z.boolean(),
  lines: z.array(ZCustomsLine),
  /** SKUs declared without an HS code (none in master data, no fallback). */
  missingHsCode: z.array(z.string()),
  ruleName: z.string(),
});
export type TCustomsDeclaration = z.infer<typeof ZCustomsDeclaration>;

const cents = (x: number) => Math.round(x * 100);

/** Splits `total` over the lines by their value (by quantity when they are all free), in whole cents. */
function splitByLine(total: number, lines: TOrder["lines"]): number[] {
  const weights = lines.map((l) => l.quantity * l.unitPrice);
  const sum = weights.reduce((a, b) => a + b, 0);
  const base = sum > 0 ? weights : lines.map((l) => l.quantity);
  const whole = base.reduce((a, b) => a + b, 0);
  const all = cents(total);
  const out: number[] = [];
  let given = 0;
  for (let i = 0; i < lines.length; i++) {
    const c = i === lines.length - 1 ? all - given : Math.floor((all * base[i]!) / whole);
    out.push(c / 100);
    given += c;
  }
  return out;
}

interface CustomsParams {
  valueMode: "fixed" | "share";
  amount: number | null;
  sharePercent: number | null;
  capAmount: number | null;
  currency: string | null;
  fallbackHsCode: string | null;
}

/** The declaration for one order (null order: the value is left open where it depends on the order). */
export function declareCustoms(p: CustomsParams, order: TOrder | null, ruleName: string): TCustomsDeclaration {
  let declaredValue: number | null;
  let currency: string | null;
  let capped = false;
  if (p.valueMode === "fixed") {
    declaredValue = p.amount;
    currency = p.currency ?? order?.currency ?? null;
  } else if (order === null) {
    declaredValue = null;
    currency = null;
  } else {
    declaredValue = cents((order.totalValue * p.sharePercent!) / 100) / 100;
    if (p.capAmount !== null && declaredValue > p.capAmount) {
      declaredValue = p.capAmount;
      capped = true;
    }
    currency = order.currency;
  }
  const lines = order?.lines ?? [];
  const parts = declaredValue === null || lines.length === 0 ? null : splitByLine(declaredValue, lines);
  const declared = lines.map((l, i) => ({ sku: l.warehouseSku ?? l.platformSku, quantity: l.quantity, hsCode: l.hsCode ?? p.fallbackHsCode, declaredValue: parts?.[i] ?? null }));
  const missingHsCode = [...new Set(declared.filter((l) => l.hsCode === null).map((l) => l.sku))];
  return { declaredValue, currency, basis: p.valueMode, capped, lines: declared, missingHsCode, ruleName };
}

/** The params of a fired event as the reduction reads them; null when they declare nothing usable. */
function readParams(p: Readonly<Record<string, unknown>>): CustomsParams | null {
  const valueMode = p.valueMode === "share" ? "share" : "fixed";
  const params: CustomsParams = {
    valueMode,
    amount: num(p.amount),
    sharePercent: num(p.sharePercent),
    capAmount: num(p.capAmount),
    currency: str(p.currency),
    fallbackHsCode: str(p.fallbackHsCode),
  };
  if (valueMode === "fixed" ? params.amount === null : params.sharePercent === null) return null;
  return params;
}

const money = (value: number | null, currency: string | null) => (value === null ? "order value" : `${value.toFixed(2)}${currency ? ` ${currency}` : ""}`);

export const customsDeclaration = defineAction({
  label: "Customs declaration",
  stages: ["logisticsMatching", "autoProcessing"],
  data: ZCustomsDeclarationData,
  slot: { key: "customs", schema: ZCustomsDeclaration.nullable() },
  reduce: {
    policy: "claim",
    subject: "customs",
    clash: { differently: "declare customs differently" },
    read: (raw, ruleName, order) => {
      const p = readParams(raw);
      if (p === null) return null;
      const key = p.valueMode === "fixed" ? `fixed ${p.amount} ${p.currency ?? "order currency"}` : `${p.sharePercent}% capped at ${p.capAmount ?? "none"}`;
      return { key: `${key}; HS fallback ${p.fallbackHsCode ?? "none"}`, value: declareCustoms(p, order, ruleName) };
    },
  },
  outcome: {
    key: "customs",
    schema: z
      .object({ declaredValue: z.number().nullable(), currency: z.string().nullable(), hsCodes: z.array(z.string()), missingHsCode: z.number().int() })
      .nullable()
      .default(null),
    change: "customs",
    label: "Customs declaration",
    rank: 95,
    from: (c) => (c === null ? null : { declaredValue: c.declaredValue, currency: c.currency, hsCodes: [...new Set(c.lines.flatMap((l) => (l.hsCode ? [l.hsCode] : [])))], missingHsCode: c.missingHsCode.length }),
    compare: "json",
    text: (v) =>
      v === null
        ? "none"
        : `${money(v.declaredValue, v.currency)}${v.hsCodes.length ? `, HS ${v.hsCodes.join(", ")}` : ""}${v.missingHsCode ? `, ${v.missingHsCode} SKU${v.missingHsCode === 1 ? "" : "s"} without HS code` : ""}`,
  },
  show: (c) => {
    if (c === null) return [];
    const basis = c.basis === "share" ? (c.capped ? " (share of the order value, capped)" : " (share of the order value)") : "";
    const rows: [string, string][] = [["Customs value", `${money(c.declaredValue, c.currency)}${basis}`]];
    const coded = c.lines.filter((l) => l.hsCode !== null);
    if (coded.length) rows.push(["HS codes", coded.map((l) => `${l.sku} ${l.hsCode}`).join(", ")]);
    if (c.missingHsCode.length) rows.push(["HS code missing", c.missingHsCode.join(", ")]);
    return rows;
  },
});
