import type { TEvaluationContext } from "../context/context-schema";
import { LINE_FACTS, LINES_FACT, MATCHED_RULE_COUNT_FACT, ORDER_FACTS, type FactDefinition, getFactDefinition } from "../facts/fact-catalog";
import type { TJreCondition, TJreFactCondition } from "../jre/jre-rule-schema";
import { getOperator, normalizePostalCode } from "../operators/operator-registry";

/**
 * The rules of a ruleset as boolean formulas over a finite space of *representative values*.
 *
 * Every condition the analysis models tests one fact with one operator against constants. For each
 * fact, the constants of every condition on it cut its values into classes that no condition can tell
 * apart (for numbers: each threshold, the gaps between them and the ends; for strings: each value,
 * each prefix and a value matching none; for lists: each subset of the elements named). One value per
 * class — a representative — stands for the whole class, and each condition is decided on it by the
 * operator's own `evaluate` (the one the evaluator runs). So a search over the representatives is
 * exhaustive: when no combination satisfies a formula, no order does.
 *
 * Conditions the analysis does not model (free-text facts it has no representatives for, comparisons
 * between two facts, master data such as stock, postal-code ranges) become *free* atoms: yes/no
 * variables of their own. That over-approximates the orders (some combinations may be impossible),
 * which keeps every "no order can …" claim sound; claims that an order exists are always confirmed by
 * running the real evaluator on a built order.
 */

export type Formula =
  | { k: "const"; v: boolean }
  | { k: "atom"; a: number }
  | { k: "and"; xs: Formula[] }
  | { k: "or"; xs: Formula[] }
  | { k: "not"; x: Formula };

export const TRUE: Formula = { k: "const", v: true };
export const FALSE: Formula = { k: "const", v: false };
export const and = (xs: Formula[]): Formula => (xs.length === 1 ? xs[0]! : { k: "and", xs });
export const or = (xs: Formula[]): Formula => (xs.length === 0 ? FALSE : xs.length === 1 ? xs[0]! : { k: "or", xs });
export const not = (x: Formula): Formula => (x.k === "const" ? { k: "const", v: !x.v } : x.k === "not" ? x.x : { k: "not", x });

export interface Variable {
  key: string;
  /** Fact id ("country", "line.quantity"); for a free atom, the fact it tests. */
  fact: string;
  params: Record<string, unknown> | undefined;
  /** A free yes/no variable standing for one condition the analysis does not model. */
  free: boolean;
  reps: unknown[];
}

export interface Quantifier {
  op: "someLine" | "everyLine" | "noLine";
  /** The condition on one line, over the line space. */
  line: Formula;
}

export interface Atom {
  id: number;
  v: number;
  cond: TJreFactCondition;
  test: (value: unknown) => boolean;
  /** Why the condition is not modelled (for "not analysed"); undefined when it is. */
  unmodelled?: string;
  /** For a line-item quantifier (a free atom of the order space): what it requires of the lines. */
  quantifier?: Quantifier;
}

/** Facts whose value depends on master data the order builder cannot set. */
const MASTER_DATA_FACTS = new Set(["inStockAt", "canMeetDeadline", "businessHoursToDeadline", "buyerOrdersWithinHours"]);
const NUMBER_OPS = new Set(["equal", "notEqual", "in", "notIn", "lessThan", "lessThanInclusive", "greaterThan", "greaterThanInclusive", "between", "isEmpty", "isNotEmpty"]);
const STRING_OPS = new Set(["equal", "notEqual", "in", "notIn", "startsWith", "startsWithAny", "textContains", "textDoesNotContain", "isEmpty", "isNotEmpty", "postalCodeIn"]);
const BOOLEAN_OPS = new Set(["equal", "notEqual", "isEmpty", "isNotEmpty"]);
const LIST_OPS = new Set(["contains", "doesNotContain", "containsAny", "containsAll", "containsNone", "anyStartsWith", "isEmpty", "isNotEmpty"]);
/** Most elements of a list fact the analysis enumerates subsets of (2^n representatives). */
const MAX_LIST_ELEMENTS = 6;
/** Most text needles whose combinations are enumerated. */
const MAX_NEEDLES = 4;
const MAX_STRING_CONSTANTS = 400;

/** A space of variables and atoms; the order space and the line space are two of them. */
export class RuleSpace {
  readonly vars: Variable[] = [];
  readonly atoms: Atom[] = [];
  private readonly varIndex = new Map<string, number>();
  private readonly atomIndex = new Map<string, number>();
  lineSpace: RuleSpace | null = null;
  /** Formulas that stand for one condition the user wrote (a written-out "Fits channel limits"), with that condition. */
  readonly written = new WeakMap<Formula, TJreFactCondition>();

  constructor(
    readonly scope: "order" | "line",
    readonly context: TEvaluationContext | undefined,
  ) {}

  private variable(key: string, fact: string, params: Record<string, unknown> | undefined, free: boolean): number {
    let i = this.varIndex.get(key);
    if (i === undefined) {
      i = this.vars.length;
      this.vars.push({ key, fact, params, free, reps: free ? [true, false] : [] });
      this.varIndex.set(key, i);
    }
    return i;
  }

  private freeAtom(cond: TJreFactCondition, why: string, quantifier?: Quantifier, buildable = false): Formula {
    const key = `free:${JSON.stringify([cond.fact, cond.params ?? null, cond.operator, cond.value])}`;
    let a = this.atomIndex.get(key);
    if (a === undefined) {
      a = this.atoms.length;
      const v = this.variable(key, cond.fact, cond.params, true);
      this.atoms.push({ id: a, v, cond, test: (x) => x === true, ...(quantifier || buildable ? {} : { unmodelled: why }), ...(quantifier ? { quantifier } : {}) });
      this.atomIndex.set(key, a);
    }
    return { k: "atom", a };
  }

  /** The formula of a json-rules-engine condition tree (json-rules-engine's semantics: an empty all / any is true). */
  formulaOf(cond: TJreCondition): Formula {
    if ("all" in cond) return cond.all.length === 0 ? TRUE : and(cond.all.map((c) => this.formulaOf(c)));
    if ("any" in cond) return cond.any.length === 0 ? TRUE : or(cond.any.map((c) => this.formulaOf(c)));
    if ("not" in cond) return not(this.formulaOf(cond.not));
    return this.factFormula(cond);
  }

  private factFormula(cond: TJreFactCondition): Formula {
    // The fallback gate is handled by the analysis (a fallback rule fires when no other rule matched).
    if (cond.fact === MATCHED_RULE_COUNT_FACT) return TRUE;
    if (cond.path !== undefined) return this.freeAtom(cond, "reads a path inside a fact");
    if (this.scope === "order" && cond.fact === LINES_FACT) {
      const op = cond.operator;
      if ((op === "someLine" || op === "everyLine" || op === "noLine") && cond.value !== null && typeof cond.value === "object") {
        this.lineSpace ??= new RuleSpace("line", this.context);
        const line = this.lineSpace.formulaOf(cond.value as TJreCondition);
        return this.freeAtom(cond, "", { op, line });
      }
      return this.freeAtom(cond, "an unknown line-item test");
    }
    const def = getFactDefinition(cond.fact);
    if (!def || (def.scope === "line") !== (this.scope === "line")) return this.freeAtom(cond, `fact "${cond.fact}" is not known here`);
    if (cond.fact === "fitsChannel" && this.context && typeof cond.params?.channelId === "string") {
      const fits = this.fitsChannelFormula(cond.params.channelId);
      // Kept as the condition the user wrote, for messages (a contradiction names "Fits channel limits", not its parts).
      const as = (f: Formula) => {
        const wrapped: Formula = f.k === "and" || f.k === "or" || f.k === "not" ? { ...f } : { k: "and", xs: [f] };
        this.written.set(wrapped, cond);
        return wrapped;
      };
      if (cond.operator === "equal" && typeof cond.value === "boolean") return as(cond.value ? fits : not(fits));
      if (cond.operator === "notEqual" && typeof cond.value === "boolean") return as(cond.value ? not(fits) : fits);
    }
    // Stock is a yes/no the analysis leaves free (any combination allowed: sound for "no order can…");
    // examples pick a warehouse SKU from the stock table that gives the combination wanted.
    if (cond.fact === "inStockAt" && (cond.operator === "equal" || cond.operator === "notEqual") && typeof cond.value === "boolean" && this.scope === "order")
      return this.freeAtom(cond, "", undefined, true);
    if (MASTER_DATA_FACTS.has(cond.fact) || cond.fact === "fitsChannel") return this.freeAtom(cond, `“${def.label}” depends on master data the analysis does not model`);
    const op = getOperator(cond.operator);
    if (!op) return this.freeAtom(cond, `operator "${cond.operator}" is not known`);
    if (cond.value !== null && typeof cond.value === "object" && !Array.isArray(cond.value) && cond.operator !== "postalCodeIn")
      return this.freeAtom(cond, `“${def.label}” is compared with another fact`);
    const supported = def.type === "number" ? NUMBER_OPS : def.type === "boolean" ? BOOLEAN_OPS : def.type === "stringList" ? LIST_OPS : STRING_OPS;
    if (!supported.has(cond.operator)) return this.freeAtom(cond, `“${def.label} ${op.label}” is not modelled`);
    if (cond.operator === "postalCodeIn") {
      const set = cond.value as { ranges?: unknown[] };
      if (Array.isArray(set?.ranges) && set.ranges.length > 0) return this.freeAtom(cond, "postal-code ranges are not modelled");
    }
    const key = `atom:${JSON.stringify([cond.fact, cond.params ?? null, cond.operator, cond.value])}`;
    let a = this.atomIndex.get(key);
    if (a === undefined) {
      a = this.atoms.length;
      const v = this.variable(`fact:${cond.fact}:${JSON.stringify(cond.params ?? null)}`, cond.fact, cond.params, false);
      const value = cond.value;
      const evaluate = op.evaluate;
      this.atoms.push({ id: a, v, cond, test: (x) => evaluate(x, value) });
      this.atomIndex.set(key, a);
    }
    return { k: "atom", a };
  }

  /**
   * "Fits channel limits" written out over the facts it reads (fact-catalog `fitsChannel`): chargeable
   * weight, largest side and girth within the limits, the destination served, no battery / liquid /
   * hazmat the channel refuses, and — once a warehouse is assigned — a warehouse it collects from.
   */
  fitsChannelFormula(channelId: string, options: { origin: boolean } = { origin: true }): Formula {
    const ch = this.context?.channels.find((c) => c.id === channelId);
    if (!ch) return FALSE;
    const c = (fact: string, operator: string, value: unknown): Formula => this.factFormula({ fact, operator, value });
    const parts: Formula[] = [c("chargeableWeightGrams", "lessThanInclusive", ch.maxWeightGrams)];
    if (ch.maxLengthCm !== null) parts.push(c("largestDimensionCm", "lessThanInclusive", ch.maxLengthCm));
    if (ch.maxGirthCm !== null) parts.push(c("largestGirthCm", "lessThanInclusive", ch.maxGirthCm));
    if (ch.countries.length > 0) parts.push(c("country", "in", ch.countries));
    if (!ch.batteryAllowed) parts.push(c("hasBattery", "equal", false));
    if (!ch.liquidAllowed) parts.push(c("hasLiquid", "equal", false));
    if (!ch.hazmatAllowed) parts.push(c("hasHazmat", "equal", false));
    if (options.origin && ch.originWarehouseIds.length > 0) parts.push(or([c("assignedWarehouse", "isEmpty", null), c("assignedWarehouse", "in", ch.originWarehouseIds)]));
    return and(parts);
  }

  /** Computes every variable's representatives from the conditions on it; call once all rules are read. */
  finish(): void {
    const byVar = new Map<number, Atom[]>();
    for (const a of this.atoms) {
      const l = byVar.get(a.v);
      if (l) l.push(a);
      else byVar.set(a.v, [a]);
    }
    for (let i = 0; i < this.vars.length; i++) {
      const v = this.vars[i]!;
      if (v.free) continue;
      const def = getFactDefinition(v.fact)!;
      const atoms = byVar.get(i) ?? [];
      const reps = representatives(def, v.fact, atoms.map((a) => a.cond), this.context);
      if (reps === null) {
        // Too many combinations to enumerate: the conditions on this fact become free.
        for (const a of atoms) {
          const fv = this.variable(`free:${JSON.stringify([a.cond.fact, a.cond.params ?? null, a.cond.operator, a.cond.value])}`, a.cond.fact, a.cond.params, true);
          a.v = fv;
          a.test = (x) => x === true;
          a.unmodelled = `“${def.label}” names too many values to enumerate`;
        }
        v.reps = [null];
      } else v.reps = reps;
    }
    this.lineSpace?.finish();
  }
}

function uniq<T>(xs: T[]): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const x of xs) {
    const k = JSON.stringify(x);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(x);
    }
  }
  return out;
}

const COUNTRY_FILLERS = ["ZA", "NZ", "CL", "PE", "KE", "IS", "UY", "MN", "NP", "QA", "JM", "BO", "ZW", "GE", "AM", "LK", "TT", "BN", "MU", "FJ"];
const OTHER_TEXTS = ["other", "zz-9", "QQ", "~x", "N/A-7", "unlisted"];

function numbersIn(v: unknown): number[] {
  if (typeof v === "number" && Number.isFinite(v)) return [v];
  if (Array.isArray(v)) return v.filter((x): x is number => typeof x === "number" && Number.isFinite(x));
  return [];
}
function stringsIn(v: unknown): string[] {
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === "string");
  return [];
}

/** Whole-number facts (counts): representatives between thresholds are whole numbers when one fits. */
const isCount = (def: FactDefinition) => def.unit === "count";

function numberReps(def: FactDefinition, conds: TJreFactCondition[]): unknown[] {
  const cs = [...new Set(conds.flatMap((c) => numbersIn(c.value)))].sort((a, b) => a - b);
  const out: unknown[] = [];
  if (cs.length === 0) out.push(isCount(def) ? 1 : 100);
  for (let i = 0; i < cs.length; i++) {
    const t = cs[i]!;
    out.push(t);
    const next = cs[i + 1];
    if (next !== undefined) {
      const whole = Math.floor(t) + 1;
      out.push(whole < next ? whole : (t + next) / 2);
    }
  }
  if (cs.length) {
    out.push(cs[cs.length - 1]! + 1);
    // Below the smallest threshold: a realistic (non-negative) value first when there is one.
    const low = cs[0]!;
    if (low > 0) out.unshift(low > 1 ? Math.floor(low / 2) : low / 2);
    out.push(low - 1);
  }
  if (def.nullable || conds.some((c) => c.operator === "isEmpty" || c.operator === "isNotEmpty")) out.push(null);
  return uniq(out);
}

function stringReps(def: FactDefinition, fact: string, conds: TJreFactCondition[], context: TEvaluationContext | undefined): unknown[] | null {
  const postal = def.format === "postalCode";
  const norm = (s: string) => (postal ? normalizePostalCode(s) : s);
  const values: string[] = [];
  const prefixes: string[] = [];
  const needles: string[] = [];
  for (const c of conds) {
    if (c.operator === "startsWith" || c.operator === "startsWithAny") prefixes.push(...stringsIn(c.value));
    else if (c.operator === "textContains" || c.operator === "textDoesNotContain") needles.push(...stringsIn(c.value));
    else if (c.operator === "postalCodeIn") prefixes.push(...stringsIn((c.value as { prefixes?: unknown })?.prefixes).map(norm));
    else values.push(...stringsIn(c.value));
  }
  if (values.length + prefixes.length > MAX_STRING_CONSTANTS || needles.length > MAX_NEEDLES) return null;
  const out: unknown[] = [];
  if (def.options) out.push(...def.options);
  else if (fact === "assignedWarehouse" && context) out.push(...context.warehouses.map((w) => w.id));
  out.push(...values, ...prefixes);
  const clash = (s: string) =>
    values.includes(s) ||
    prefixes.some((p) => s.startsWith(p)) ||
    needles.some((n) => s.toLowerCase().includes(n.toLowerCase()));
  // Each prefix extended so that it equals no value and starts no longer prefix.
  for (const p of prefixes) {
    const ext = ["0", "Z", "9", "~", "Q"].map((c) => p + c).find((s) => !values.includes(s) && !prefixes.some((q) => q.length > p.length && s.startsWith(q)));
    if (ext) out.push(ext);
  }
  // Combinations of text needles.
  const ns = [...new Set(needles)];
  for (let mask = 1; mask < 1 << ns.length; mask++) out.push(ns.filter((_, i) => mask & (1 << i)).join(" "));
  // A value matching none of the constants.
  if (!def.options) {
    const pool = def.format === "country" ? COUNTRY_FILLERS : def.format === "currency" ? ["ZZZ", "QQQ", "XTS"] : OTHER_TEXTS;
    const other = pool.find((s) => !clash(s));
    if (other) out.push(other);
    if (def.format !== "country" && def.format !== "currency" && def.format !== "storeId" && def.format !== "warehouseId") out.push("");
  }
  if (def.nullable) out.push(null);
  return uniq(out);
}

function listReps(conds: TJreFactCondition[]): unknown[] | null {
  const elements = [...new Set(conds.flatMap((c) => stringsIn(c.value)))];
  if (elements.length > MAX_LIST_ELEMENTS) return null;
  const out: unknown[] = [];
  for (let mask = 0; mask < 1 << elements.length; mask++) out.push(elements.filter((_, i) => mask & (1 << i)));
  const other = OTHER_TEXTS.find((s) => !elements.some((e) => s.startsWith(e)));
  if (other) out.push([other]);
  return out;
}

function representatives(def: FactDefinition, fact: string, conds: TJreFactCondition[], context: TEvaluationContext | undefined): unknown[] | null {
  switch (def.type) {
    case "number":
      return numberReps(def, conds);
    case "boolean":
      return def.nullable ? [true, false, null] : [true, false];
    case "stringList":
      return listReps(conds);
    default:
      return stringReps(def, fact, conds, context);
  }
}

export const isOrderFact = (fact: string) => Object.prototype.hasOwnProperty.call(ORDER_FACTS, fact);
export const isLineFact = (fact: string) => Object.prototype.hasOwnProperty.call(LINE_FACTS, fact);
