import { z } from "zod";
import type { TFactType } from "../facts/fact-catalog";

/**
 * One entry per operator. The same `evaluate` runs inside json-rules-engine (custom operators are
 * registered from here; the built-in ones are json-rules-engine's own and `evaluate` mirrors them
 * exactly) and inside the fast evaluator. No operator evaluates user-supplied code or regex.
 */
export interface OperatorDefinition {
  label: string;
  /** json-rules-engine ships this operator; we do not register our own. */
  builtIn: boolean;
  /** Fact types the operator accepts on its left. */
  factTypes: readonly TFactType[];
  /** The right-hand side may be another fact of the same type. */
  allowsFactOperand: boolean;
  /** Shape of the literal right-hand side for a fact of the given type. */
  valueSchema: (factType: TFactType) => z.ZodType;
  /** Whether the operator takes no value (the value is `null`). */
  takesNoValue?: boolean;
  evaluate: (factValue: unknown, value: unknown) => boolean;
  /**
   * Optional JavaScript expression with identical semantics, for the fast evaluator. Receives the
   * names of two local variables; returns an expression using only those names.
   */
  inline?: (a: string, b: string) => string;
  /** What an editor builds for its right-hand side (the inspector picks the editor by it). */
  valueShape: TValueShape;
  /** What the value must be, for a message: "needs a list of number values". Default: "a <type> value". */
  valueHint?: (factType: TFactType) => string;
  /**
   * Guessed share of orders a test with this operator lets through (0–1), given its value: the fast
   * evaluator tests selective, cheap conditions first. Default 0.5.
   */
  passRate?: (value: unknown) => number;
  /** Fact formats the operator is offered for (instead of every fact of its types), e.g. postal codes. */
  factFormats?: readonly string[];
}

/**
 * The shape of an operator's right-hand side, for editors that build one: a single value, a list of
 * values, an inclusive [min, max] pair, a postal-code set (prefixes and ranges), or nothing.
 */
export type TValueShape = "scalar" | "text" | "list" | "range" | "postalCodes" | "none";

const TEXTS = () => "a list of texts";
const RARE = () => 0.25;
const MOSTLY = () => 0.85;

/** json-rules-engine's own number check, reproduced exactly. */
export function isJreNumber(v: unknown): boolean {
  return Number.parseFloat(v as string).toString() !== "NaN";
}

const scalar = (t: TFactType): z.ZodType => {
  switch (t) {
    case "number":
      return z.number().finite();
    case "boolean":
      return z.boolean();
    default:
      return z.string().max(500);
  }
};
const scalarList = (t: TFactType) =>
  z.array(t === "number" ? z.number().finite() : z.string().max(500)).min(1, "add at least one value").max(5000);
const textList = () => z.array(z.string().min(1).max(500)).min(1, "add at least one value").max(5000);
const NO_VALUE = () => z.null();

export const ZPostalCodeSet = z
  .object({
    prefixes: z.array(z.string().min(1).max(20)).max(5000).default([]),
    ranges: z
      .array(
        z
          .object({ from: z.string().min(1).max(20), to: z.string().min(1).max(20) })
          .refine((r) => r.from.length === r.to.length, { message: "range bounds must have the same length" })
          .refine((r) => normalizePostalCode(r.from) <= normalizePostalCode(r.to), { message: "range start must not be after its end" }),
      )
      .max(5000)
      .default([]),
  })
  .refine((s) => s.prefixes.length + s.ranges.length > 0, { message: "add at least one prefix or range" });
export type TPostalCodeSet = z.infer<typeof ZPostalCodeSet>;

export function normalizePostalCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, "");
}

function postalCodeIn(code: unknown, set: unknown): boolean {
  if (typeof code !== "string" || set === null || typeof set !== "object") return false;
  const s = set as { prefixes?: unknown; ranges?: unknown };
  const norm = normalizePostalCode(code);
  if (norm === "") return false;
  if (Array.isArray(s.prefixes)) {
    for (const p of s.prefixes) if (typeof p === "string" && norm.startsWith(normalizePostalCode(p))) return true;
  }
  if (Array.isArray(s.ranges)) {
    for (const r of s.ranges) {
      if (r === null || typeof r !== "object") continue;
      const from = normalizePostalCode(String((r as { from: unknown }).from));
      const to = normalizePostalCode(String((r as { to: unknown }).to));
      const head = norm.slice(0, from.length);
      if (head.length === from.length && head >= from && head <= to) return true;
    }
  }
  return false;
}

function anyStartsWith(values: unknown, prefixes: unknown): boolean {
  if (!Array.isArray(values) || !Array.isArray(prefixes)) return false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "string") continue;
    for (let j = 0; j < prefixes.length; j++) {
      const p = prefixes[j];
      if (typeof p === "string" && v.startsWith(p)) return true;
    }
  }
  return false;
}

/** How many of `wanted` (strings) occur in `list`; -1 when either is not an array. */
function countPresent(list: unknown, wanted: unknown, stopAtFirst: boolean): number {
  if (!Array.isArray(list) || !Array.isArray(wanted)) return -1;
  let n = 0;
  for (let i = 0; i < wanted.length; i++) {
    const w = wanted[i];
    if (typeof w === "string" && list.indexOf(w) > -1) {
      n++;
      if (stopAtFirst) return n;
    }
  }
  return n;
}

function stringCount(values: unknown): number {
  if (!Array.isArray(values)) return 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) if (typeof values[i] === "string") n++;
  return n;
}

export const OPERATORS = {
  equal: {
    label: "equals",
    builtIn: true,
    factTypes: ["number", "string", "boolean"],
    allowsFactOperand: true,
    valueSchema: scalar,
    evaluate: (a, b) => a === b,
    inline: (a, b) => `(${a} === ${b})`,
    valueShape: "scalar",
    passRate: (v) => (typeof v === "boolean" ? 0.5 : 0.2),
  },
  notEqual: {
    label: "does not equal",
    builtIn: true,
    factTypes: ["number", "string", "boolean"],
    allowsFactOperand: true,
    valueSchema: scalar,
    evaluate: (a, b) => a !== b,
    inline: (a, b) => `(${a} !== ${b})`,
    valueShape: "scalar",
    passRate: MOSTLY,
  },
  in: {
    label: "is one of",
    builtIn: true,
    factTypes: ["number", "string"],
    allowsFactOperand: false,
    valueSchema: scalarList,
    evaluate: (a, b) => (b as unknown[]).indexOf(a) > -1,
    inline: (a, b) => `(${b}.indexOf(${a}) > -1)`,
    valueShape: "list",
    valueHint: (t) => `a list of ${t} values`,
    passRate: (v) => Math.min(0.9, 0.15 * (Array.isArray(v) ? v.length : 1)),
  },
  notIn: {
    label: "is not one of",
    builtIn: true,
    factTypes: ["number", "string"],
    allowsFactOperand: false,
    valueSchema: scalarList,
    evaluate: (a, b) => (b as unknown[]).indexOf(a) === -1,
    inline: (a, b) => `(${b}.indexOf(${a}) === -1)`,
    valueShape: "list",
    valueHint: (t) => `a list of ${t} values`,
    passRate: MOSTLY,
  },
  contains: {
    label: "contains",
    builtIn: true,
    factTypes: ["stringList"],
    allowsFactOperand: false,
    valueSchema: () => z.string().min(1).max(500),
    evaluate: (a, b) => Array.isArray(a) && a.indexOf(b) > -1,
    inline: (a, b) => `(Array.isArray(${a}) && ${a}.indexOf(${b}) > -1)`,
    valueShape: "text",
    passRate: RARE,
  },
  doesNotContain: {
    label: "does not contain",
    builtIn: true,
    factTypes: ["stringList"],
    allowsFactOperand: false,
    valueSchema: () => z.string().min(1).max(500),
    evaluate: (a, b) => Array.isArray(a) && a.indexOf(b) === -1,
    inline: (a, b) => `(Array.isArray(${a}) && ${a}.indexOf(${b}) === -1)`,
    valueShape: "text",
    passRate: MOSTLY,
  },
  lessThan: {
    label: "is less than",
    builtIn: true,
    factTypes: ["number"],
    allowsFactOperand: true,
    valueSchema: scalar,
    evaluate: (a, b) => isJreNumber(a) && (a as number) < (b as number),
    inline: (a, b) => `(typeof ${a} === "number" ? ${a} < ${b} : isJreNumber(${a}) && ${a} < ${b})`,
    valueShape: "scalar",
  },
  lessThanInclusive: {
    label: "is at most",
    builtIn: true,
    factTypes: ["number"],
    allowsFactOperand: true,
    valueSchema: scalar,
    evaluate: (a, b) => isJreNumber(a) && (a as number) <= (b as number),
    inline: (a, b) => `(typeof ${a} === "number" ? ${a} <= ${b} : isJreNumber(${a}) && ${a} <= ${b})`,
    valueShape: "scalar",
  },
  greaterThan: {
    label: "is greater than",
    builtIn: true,
    factTypes: ["number"],
    allowsFactOperand: true,
    valueSchema: scalar,
    evaluate: (a, b) => isJreNumber(a) && (a as number) > (b as number),
    inline: (a, b) => `(typeof ${a} === "number" ? ${a} > ${b} : isJreNumber(${a}) && ${a} > ${b})`,
    valueShape: "scalar",
  },
  greaterThanInclusive: {
    label: "is at least",
    builtIn: true,
    factTypes: ["number"],
    allowsFactOperand: true,
    valueSchema: scalar,
    evaluate: (a, b) => isJreNumber(a) && (a as number) >= (b as number),
    inline: (a, b) => `(typeof ${a} === "number" ? ${a} >= ${b} : isJreNumber(${a}) && ${a} >= ${b})`,
    valueShape: "scalar",
  },
  between: {
    label: "is between (inclusive)",
    builtIn: false,
    factTypes: ["number"],
    allowsFactOperand: false,
    valueSchema: () =>
      z
        .tuple([z.number().finite(), z.number().finite()])
        .refine(([min, max]) => min <= max, { message: "the lower bound must not exceed the upper bound" }),
    evaluate: (a, b) => typeof a === "number" && Array.isArray(b) && a >= b[0] && a <= b[1],
    inline: (a, b) => `(typeof ${a} === "number" && ${a} >= ${b}[0] && ${a} <= ${b}[1])`,
    valueShape: "range",
    valueHint: () => "a [min, max] pair of numbers",
  },
  startsWith: {
    label: "starts with",
    builtIn: false,
    factTypes: ["string"],
    allowsFactOperand: false,
    valueSchema: () => z.string().min(1).max(500),
    evaluate: (a, b) => typeof a === "string" && typeof b === "string" && a.startsWith(b),
    inline: (a, b) => `(typeof ${a} === "string" && typeof ${b} === "string" && ${a}.startsWith(${b}))`,
    valueShape: "text",
    passRate: RARE,
  },
  startsWithAny: {
    label: "starts with any of",
    builtIn: false,
    factTypes: ["string"],
    allowsFactOperand: false,
    valueSchema: textList,
    evaluate: (a, b) => typeof a === "string" && anyStartsWith([a], b),
    valueShape: "list",
    valueHint: TEXTS,
    passRate: RARE,
  },
  anyStartsWith: {
    label: "has an item starting with",
    builtIn: false,
    factTypes: ["stringList"],
    allowsFactOperand: false,
    valueSchema: textList,
    evaluate: anyStartsWith,
    valueShape: "list",
    valueHint: TEXTS,
    passRate: RARE,
  },
  containsAny: {
    label: "contains any of",
    builtIn: false,
    factTypes: ["stringList"],
    allowsFactOperand: false,
    valueSchema: textList,
    evaluate: (a, b) => countPresent(a, b, true) > 0,
    valueShape: "list",
    valueHint: TEXTS,
    passRate: RARE,
  },
  containsAll: {
    label: "contains all of",
    builtIn: false,
    factTypes: ["stringList"],
    allowsFactOperand: false,
    valueSchema: textList,
    evaluate: (a, b) => {
      const n = countPresent(a, b, false);
      return n >= 0 && n === stringCount(b);
    },
    valueShape: "list",
    valueHint: TEXTS,
    passRate: RARE,
  },
  containsNone: {
    label: "contains none of",
    builtIn: false,
    factTypes: ["stringList"],
    allowsFactOperand: false,
    valueSchema: textList,
    evaluate: (a, b) => countPresent(a, b, true) === 0,
    valueShape: "list",
    valueHint: TEXTS,
    passRate: MOSTLY,
  },
  textContains: {
    label: "text contains (any case)",
    builtIn: false,
    factTypes: ["string"],
    allowsFactOperand: false,
    valueSchema: () => z.string().min(1).max(500),
    evaluate: (a, b) => typeof a === "string" && typeof b === "string" && a.toLowerCase().includes(b.toLowerCase()),
    valueShape: "text",
    passRate: RARE,
  },
  textDoesNotContain: {
    label: "text does not contain (any case)",
    builtIn: false,
    factTypes: ["string"],
    allowsFactOperand: false,
    valueSchema: () => z.string().min(1).max(500),
    evaluate: (a, b) => typeof a === "string" && typeof b === "string" && !a.toLowerCase().includes(b.toLowerCase()),
    valueShape: "text",
    passRate: MOSTLY,
  },
  isEmpty: {
    label: "is empty / unknown",
    builtIn: false,
    factTypes: ["string", "stringList", "number"],
    allowsFactOperand: false,
    takesNoValue: true,
    valueSchema: NO_VALUE,
    evaluate: (a) => a === null || a === undefined || a === "" || (Array.isArray(a) && a.length === 0),
    inline: (a) => `(${a} === null || ${a} === undefined || ${a} === "" || (Array.isArray(${a}) && ${a}.length === 0))`,
    valueShape: "none",
  },
  isNotEmpty: {
    label: "is not empty",
    builtIn: false,
    factTypes: ["string", "stringList", "number"],
    allowsFactOperand: false,
    takesNoValue: true,
    valueSchema: NO_VALUE,
    evaluate: (a) => !(a === null || a === undefined || a === "" || (Array.isArray(a) && a.length === 0)),
    inline: (a) => `!(${a} === null || ${a} === undefined || ${a} === "" || (Array.isArray(${a}) && ${a}.length === 0))`,
    valueShape: "none",
  },
  postalCodeIn: {
    label: "postal code in prefixes / ranges",
    builtIn: false,
    factTypes: ["string"],
    allowsFactOperand: false,
    valueSchema: () => ZPostalCodeSet,
    evaluate: postalCodeIn,
    valueShape: "postalCodes",
    valueHint: () => "postal code prefixes or ranges",
    passRate: RARE,
    factFormats: ["postalCode"],
  },
} satisfies Record<string, OperatorDefinition>;

export type TOperatorName = keyof typeof OPERATORS;
export const OPERATOR_NAMES = Object.keys(OPERATORS) as [TOperatorName, ...TOperatorName[]];
/** The operator enum, derived from the registry. */
export const ZOperatorName = z.enum(OPERATOR_NAMES);

export function getOperator(name: string): OperatorDefinition | undefined {
  return Object.prototype.hasOwnProperty.call(OPERATORS, name) ? OPERATORS[name as TOperatorName] : undefined;
}

/** Operators offered for a fact of the given type and format (an operator with `factFormats` only for those). */
export function operatorsForFactType(type: TFactType, format?: string): TOperatorName[] {
  return OPERATOR_NAMES.filter((n) => {
    const op: OperatorDefinition = OPERATORS[n];
    if (op.factFormats) return format !== undefined && op.factFormats.includes(format);
    return (op.factTypes as readonly TFactType[]).includes(type);
  });
}

/** The editor shape of an operator's value; an unknown operator takes a single value. */
export function valueShapeOf(operator: string): TValueShape {
  return getOperator(operator)?.valueShape ?? "scalar";
}

/** What an operator's value must be, for a message ("a list of number values"). */
export function valueHintOf(op: OperatorDefinition, factType: TFactType): string {
  return op.valueHint?.(factType) ?? `a ${factType === "stringList" ? "text" : factType} value`;
}

/** Guessed share of orders a test lets through (see OperatorDefinition.passRate). */
export function passRateOf(operator: string, value: unknown): number {
  return getOperator(operator)?.passRate?.(value) ?? 0.5;
}
