/** Shared last steps of every parser: lines from the SKU catalog, addresses, and ZOrder validation. */
import type { z } from "zod";
import { type TOrder, type TOrderInput, type TOrderLineInput, type TPlatform, ZCurrencyCode, ZOrder } from "../../rules-schema/order/order-schema";
import type { ImportError, ImportNotice, ImportOptions, ImportResult, SkuCatalogEntry } from "./import-types";
import { parseOffsetTimestamp } from "./parse-timestamp";
import { clip, idText } from "./parse-values";
import { requiresPostalCode, resolveCountry, UNKNOWN_COUNTRY } from "./resolve-country";

/** Problems (or, as `notices`, remarks) found while reading one order, each with its row and field. */
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
  const line: TOrderLineInput = {
    platformSku: facts.platformSku,
    warehouseSku: null,
    quantity: facts.quantity,
    unitPrice: facts.unitPrice,
    weightGrams: facts.platformWeightGrams ?? 0,
    dimensionsCm: null,
    hasBattery: false,
    hasLiquid: false,
    isHazmat: false,
    category: clip(facts.category ?? "", 120),
  };
  return pairLine(line, options.skuCatalog?.(facts.platformSku, platform));
}

type PairableLine = Pick<TOrderLineInput, "warehouseSku" | "weightGrams" | "dimensionsCm" | "hasBattery" | "hasLiquid" | "isHazmat" | "category" | "hsCode">;

/**
 * A line with the warehouse data of its catalog entry: the entry's warehouse SKU, weight and size win
 * over what the line carries, dangerous-goods flags add up, the entry's category wins when it has one,
 * and a customs (HS) code the line does not carry comes from the entry.
 * Without an entry the line is returned unchanged (unpaired).
 */
export function pairLine<T extends PairableLine>(line: T, entry: SkuCatalogEntry | undefined): T {
  if (!entry) return line;
  return {
    ...line,
    warehouseSku: entry.warehouseSku,
    weightGrams: entry.weightGrams,
    dimensionsCm: entry.dimensionsCm ?? line.dimensionsCm ?? null,
    hasBattery: (entry.hasBattery ?? false) || (line.hasBattery ?? false),
    hasLiquid: (entry.hasLiquid ?? false) || (line.hasLiquid ?? false),
    isHazmat: (entry.isHazmat ?? false) || (line.isHazmat ?? false),
    category: clip(entry.category ?? line.category ?? "", 120),
    hsCode: line.hsCode ?? entry.hsCode ?? null,
  };
}

/** ZOrderLine's limit on a platform SKU. */
export const MAX_PLATFORM_SKU_CHARS = 200;

/** One identifier a line may be known by, in order of preference: the SKU first, then ids, then a title. */
export interface SkuSource {
  /** How the notice names it: "variant id", "ASIN", "title"… */
  label: string;
  value: unknown;
  /** Free text (a title): quoted in the notice and clipped to MAX_PLATFORM_SKU_CHARS. */
  text?: boolean;
}

/**
 * The platform SKU of a line: its SKU (the first source), else the next identifier present, with a
 * notice saying which was used; `sku` is "" when the line has none of them.
 */
export function platformSkuOf(sources: readonly SkuSource[]): { sku: string; notice: string | null } {
  for (let i = 0; i < sources.length; i++) {
    const source = sources[i]!;
    const value = idText(source.value);
    if (value === "") continue;
    if (i === 0) return { sku: clip(value, MAX_PLATFORM_SKU_CHARS), notice: null };
    const sku = clip(value, MAX_PLATFORM_SKU_CHARS);
    const shown = source.text ? JSON.stringify(sku) : sku;
    const clipped = sku.length < value.length ? ` (clipped to ${MAX_PLATFORM_SKU_CHARS} characters)` : "";
    return { sku, notice: `no ${sources[0]!.label}; used the ${source.label} ${shown}${clipped} as the platform SKU` };
  }
  return { sku: "", notice: null };
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

/** Why an order has no line to ship, for its skip notice. */
export function nothingToShipMessage(nonShipping: number, removed: number): string {
  if (removed === 0) return `every line is a gift card or needs no shipping (${nonShipping} line${nonShipping === 1 ? "" : "s"}): nothing to ship`;
  if (nonShipping === 0) return `every line was removed, refunded or cancelled (${removed} line${removed === 1 ? "" : "s"}): nothing to ship`;
  return `no line is left to ship (${nonShipping} need no shipping, ${removed} removed, refunded or cancelled)`;
}

export interface OrderDraft {
  /** Row of the order (its first CSV row, NDJSON line, or JSON index + 1). */
  row: number;
  externalId: string;
  issues: RowIssues;
  /** Remarks that do not stop the order (SKU fallbacks, lines not routed); kept with the order. */
  notices?: RowIssues;
  /**
   * Set when the order read fine but has nothing left to ship (every line a gift card, removed,
   * refunded or cancelled): the order is skipped with this notice instead of imported.
   */
  nothingToShip?: { row: number; field: string; message: string };
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
  if (draft.issues.any || (!draft.input && !draft.nothingToShip)) {
    return draft.issues.list.map((i) => ({ ok: false as const, row: i.row, field: i.field, message: i.message, ...withId }));
  }
  const notices: ImportNotice[] = (draft.notices?.list ?? []).map((n) => ({ ...n, ...withId }));
  if (draft.nothingToShip) {
    return [{ ok: "skipped", row: draft.row, externalId: draft.externalId, notices: [...notices, { ...draft.nothingToShip, ...withId }] }];
  }
  const parsed = ZOrder.safeParse({
    ...draft.input,
    id: orderId(options.storeId, draft.externalId),
    storeId: options.storeId,
    externalId: draft.externalId,
  });
  if (parsed.success) return [{ ok: true, row: draft.row, order: normalizeTimes(parsed.data), ...(notices.length ? { notices } : {}) }];
  return parsed.error.issues.map((issue) => issueToError(issue, draft));
}

/** An error result for a problem that is not tied to one order (unreadable JSON, corrupt CSV). */
export function fileError(row: number, message: string, field = "$"): ImportError {
  return { ok: false, row, field, message };
}
