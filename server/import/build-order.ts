/** Shared last steps of every parser: lines from the SKU catalog, addresses, and ZOrder validation. */
import type { z } from "zod";
import { type TOrder, type TOrderInput, type TOrderLineInput, type TPlatform, ZCurrencyCode, ZOrder } from "../../rules-schema/order/order-schema";
import type { ImportError, ImportOptions, ImportResult } from "./import-types";
import { parseOffsetTimestamp } from "./parse-timestamp";
import { clip } from "./parse-values";
import { requiresPostalCode, resolveCountry, UNKNOWN_COUNTRY } from "./resolve-country";

/** Problems found while reading one order; each becomes an error result. */
export class RowIssues {
  readonly list: Array<{ row: number; field: string; message: string }> = [];

  add(row: number, field: string, message: string): void {
    this.list.push({ row, field, message });
  }

  get any(): boolean {
    return this.list.length > 0;
  }
}

export interface LineFacts {
  platformSku: string;
  quantity: number;
  unitPrice: number;
  /** Unit weight the platform itself reports (Shopify grams, TikTok kg × 1000); the catalog wins over it. */
  platformWeightGrams?: number | null;
  category?: string;
}

/** A line with the warehouse data of its SKU: paired when the catalog knows it, else unpaired and weightless. */
export function buildLine(facts: LineFacts, platform: TPlatform, options: ImportOptions): TOrderLineInput {
  const entry = options.skuCatalog?.(facts.platformSku, platform);
  return {
    platformSku: facts.platformSku,
    warehouseSku: entry?.warehouseSku ?? null,
    quantity: facts.quantity,
    unitPrice: facts.unitPrice,
    weightGrams: entry?.weightGrams ?? facts.platformWeightGrams ?? 0,
    dimensionsCm: entry?.dimensionsCm ?? null,
    hasBattery: entry?.hasBattery ?? false,
    hasLiquid: entry?.hasLiquid ?? false,
    isHazmat: entry?.isHazmat ?? false,
    category: clip(entry?.category ?? facts.category ?? "", 120),
  };
}

export interface AddressFacts {
  country: string | null | undefined;
  region?: string | null;
  city?: string | null;
  postalCode?: string | null;
}

/**
 * The shipping address. A missing or unrecognised country becomes `ZZ` (ISO's "unknown") and, like an
 * empty postal code where carriers need one, marks the address invalid — the order still imports,
 * so routing rules can hold it for review.
 */
export function buildAddress(facts: AddressFacts): TOrderInput["shippingAddress"] {
  const country = resolveCountry(facts.country);
  // Exports written for spreadsheets prefix zip codes with ' to keep leading zeros.
  const postalCode = (facts.postalCode ?? "").trim().replace(/^'/, "");
  const addressValid = country !== null && (postalCode !== "" || !requiresPostalCode(country));
  return {
    country: country ?? UNKNOWN_COUNTRY,
    region: clip(facts.region, 120),
    city: clip(facts.city, 120),
    postalCode,
    addressValid,
  };
}

/** The currency of an order: the file's, else the caller's default; null when neither is a valid code. */
export function pickCurrency(fromFile: string | null | undefined, options: ImportOptions): string | null {
  const candidate = (fromFile ?? "").trim().toUpperCase() || (options.defaultCurrency ?? "").trim().toUpperCase();
  return ZCurrencyCode.safeParse(candidate).success ? candidate : null;
}

export function orderId(storeId: string, externalId: string): string {
  return `${storeId}:${externalId}`;
}

export type DraftInput = Omit<TOrderInput, "id" | "storeId" | "externalId">;

export interface OrderDraft {
  /** Row of the order (its first CSV row, NDJSON line, or JSON index + 1). */
  row: number;
  externalId: string;
  issues: RowIssues;
  /** Source row of each line, so a validation failure at `lines.N` points at the right CSV row. */
  lineRows?: number[];
  /** The order to validate (everything but id, storeId and externalId); omitted when reading already failed. */
  input?: DraftInput | Record<string, unknown>;
}

/** Every imported timestamp in UTC (`...Z`), whatever offset the file used, so orders compare and sort uniformly. */
function normalizeTimes(order: TOrder): TOrder {
  const utc = (iso: string): string => parseOffsetTimestamp(iso) ?? iso;
  return {
    ...order,
    createdAt: utc(order.createdAt),
    paidAt: order.paidAt === null ? null : utc(order.paidAt),
    shipByDeadline: order.shipByDeadline === null ? null : utc(order.shipByDeadline),
  };
}

function issueToError(issue: z.core.$ZodIssue, draft: OrderDraft): ImportError {
  const path = issue.path.map(String);
  const lineIndex = path[0] === "lines" && path[1] !== undefined ? Number(path[1]) : NaN;
  const row = Number.isInteger(lineIndex) ? (draft.lineRows?.[lineIndex] ?? draft.row) : draft.row;
  return { ok: false, row, field: path.join(".") || "$", message: issue.message, ...(draft.externalId ? { externalId: draft.externalId } : {}) };
}

/**
 * Turns a draft into results: its reading issues as errors, else the ZOrder-validated order
 * (id `${storeId}:${externalId}`), else one error per validation issue.
 */
export function finishOrder(draft: OrderDraft, options: ImportOptions): ImportResult[] {
  const withId = draft.externalId ? { externalId: draft.externalId } : {};
  if (!draft.issues.any && draft.externalId === "") draft.issues.add(draft.row, "externalId", "the order has no id");
  if (draft.issues.any || !draft.input) {
    return draft.issues.list.map((i) => ({ ok: false as const, row: i.row, field: i.field, message: i.message, ...withId }));
  }
  const parsed = ZOrder.safeParse({
    ...draft.input,
    id: orderId(options.storeId, draft.externalId),
    storeId: options.storeId,
    externalId: draft.externalId,
  });
  if (parsed.success) return [{ ok: true, row: draft.row, order: normalizeTimes(parsed.data) }];
  return parsed.error.issues.map((issue) => issueToError(issue, draft));
}

/** An error result for a problem that is not tied to one order (unreadable JSON, corrupt CSV). */
export function fileError(row: number, message: string, field = "$"): ImportError {
  return { ok: false, row, field, message };
}
