/**
 * Reads a json-rules-engine rule file as its documentation shows them — one rule, an array, `{ rules }`
 * or a compiled Switchyard ruleset — into plain rules the decompiler can turn into a graph, with
 * json-rules-engine's own meaning kept exactly:
 *
 * - priorities as json-rules-engine reads them (`parseInt`: 2.5 runs as 2, 0 and null as 1, "10" as
 *   10; "0", negative and non-numeric priorities are refused as json-rules-engine refuses them);
 * - empty `any` is true and empty `all` is true (json-rules-engine's semantics), folded away;
 * - operator decorators (`not:`, `swap:`, `someFact:`, `someValue:`…) rewritten into Switchyard's
 *   operators where the meaning is exactly the same, refused otherwise;
 * - `path` into the `order` fact mapped onto the fact it reads (`$.shippingAddress.country` → country);
 * - every problem names the user's rule and field (`rules[3].conditions.all[1].value`), and nothing
 *   in the file is dropped without a warning that names it.
 */
import { LINES_FACT, ORDER_FACTS } from "../facts/fact-catalog";
import { getOperator } from "../operators/operator-registry";
import { type TProblem, problem } from "../graph/problem-schema";
import type { TJreCondition, TJreEvent } from "../compile/compiled-schema";
import { FALLBACK_GATE, FALLBACK_PRIORITY } from "../compile/compile-graph";
import { canonicalJson } from "../util/canonical-json";

export interface ReadRule {
  /** Position of the rule in the user's list. */
  index: number;
  /** Dotted path of the rule in the document ("rules.3", "3", or "" for a lone rule). */
  at: string;
  name: string | undefined;
  /** json-rules-engine's priority of the rule (an integer ≥ 1). */
  priority: number;
  /** The rule's condition, or `true` / `false` when it folded to a constant. */
  conditions: TJreCondition | boolean;
  event: TJreEvent & { params: Record<string, unknown> };
  /**
   * The rule is a Switchyard fallback rule (its conditions were `{ all: [FALLBACK_GATE, body] }` at
   * priority 1): `conditions` is the body without the gate.
   */
  gated: boolean;
}

export interface ReadRules {
  rules: ReadRule[];
  problems: TProblem[];
  /** Dotted document path of each condition object in `rules[].conditions`, for locating problems. */
  sourceOf: WeakMap<object, string>;
}

/** "rules.3.conditions.all.1.value" → "rules[3].conditions.all[1].value" (an array document reads as `rules[3]` too). */
export function humanPath(dotted: string): string {
  if (dotted === "" || dotted === "$") return "the rule";
  const segs = dotted.split(".");
  let out = /^\d+$/.test(segs[0]!) ? "rules" : "";
  for (const s of segs) out += /^\d+$/.test(s) ? `[${s}]` : out === "" ? s : `.${s}`;
  return out;
}

const join = (base: string, ...more: (string | number)[]) => [base, ...more.map(String)].filter((s) => s !== "").join(".");

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** Paths into the `order` fact that are Switchyard facts of their own. */
const ORDER_PATH_FACTS: Record<string, string> = {
  "shippingAddress.country": "country",
  "shippingAddress.region": "region",
  "shippingAddress.city": "city",
  "shippingAddress.postalCode": "postalCode",
  "shippingAddress.addressValid": "addressValid",
  platform: "platform",
  storeId: "storeId",
  status: "status",
  currency: "currency",
  totalValue: "totalValue",
  buyerId: "buyerId",
  cancellationRequested: "cancellationRequested",
  refundRequested: "refundRequested",
  riskFlags: "riskFlags",
  tags: "tags",
  buyerMessage: "buyerMessage",
  sellerNote: "sellerNote",
  requestedShippingService: "requestedShippingService",
};
/** The fact json-rules-engine users typically read the whole order through (`{ fact: "order", path: "$.…" }`). */
export const ORDER_OBJECT_FACT = "order";

function cleanPath(path: string): string {
  return path.startsWith("$.") ? path.slice(2) : path.startsWith(".") ? path.slice(1) : path === "$" ? "" : path;
}

const STRING_LIST_FACTS = new Set(Object.entries(ORDER_FACTS as Record<string, { type: string; nullable?: boolean }>).filter(([, d]) => d.type === "stringList").map(([id]) => id));
const NON_NULL_NUMBER_FACTS = new Set(Object.entries(ORDER_FACTS as Record<string, { type: string; nullable?: boolean }>).filter(([, d]) => d.type === "number" && !d.nullable).map(([id]) => id));
const MIRROR: Record<string, string> = { lessThan: "greaterThan", greaterThan: "lessThan", lessThanInclusive: "greaterThanInclusive", greaterThanInclusive: "lessThanInclusive" };

type Rewrite = { ok: true; operator: string; negate: boolean } | { ok: false; why: string };

/**
 * A decorated operator (`not:equal`, `swap:in`, `someFact:equal`…) as one of Switchyard's, when the
 * result is the same for every value the fact can take; otherwise why not.
 */
function rewriteDecorated(operator: string, fact: string, value: unknown): Rewrite {
  const parts = operator.split(":");
  const base = parts.pop()!;
  let negate = false;
  let op = base;
  const known = ["not", "swap", "someFact", "everyFact", "someValue", "everyValue"];
  // Decorators apply from the innermost (nearest the operator) outwards.
  for (let i = parts.length - 1; i >= 0; i--) {
    const d = parts[i]!;
    if (!known.includes(d)) return { ok: false, why: `"${d}:" is not one of json-rules-engine's operator decorators (${known.map((k) => `${k}:`).join(", ")})` };
    if (d === "not") {
      negate = !negate;
      continue;
    }
    if (negate) return { ok: false, why: `"${d}:" applied over "not:" has no exact Switchyard equivalent; move "not:" to the front` };
    if (d === "swap") {
      if (op === "equal" || op === "notEqual") continue;
      if (op === "in" && STRING_LIST_FACTS.has(fact)) {
        op = "contains";
        continue;
      }
      if (op === "contains" && Array.isArray(value)) {
        op = "in";
        continue;
      }
      if (MIRROR[op] && NON_NULL_NUMBER_FACTS.has(fact)) {
        op = MIRROR[op]!;
        continue;
      }
      return { ok: false, why: `"swap:${op}" on fact "${fact}" has no exact Switchyard equivalent` };
    }
    if (d === "someFact" && op === "equal" && STRING_LIST_FACTS.has(fact)) {
      op = "contains";
      continue;
    }
    if (d === "someValue" && op === "equal" && Array.isArray(value)) {
      op = "in";
      continue;
    }
    return { ok: false, why: `"${d}:${op}" has no exact Switchyard equivalent` };
  }
  return { ok: true, operator: op, negate };
}

/** Deepest nesting of condition groups read (the graph allows the same; deeper is refused, never a stack overflow). */
const MAX_CONDITION_DEPTH = 64;

const CONDITION_KEYS = new Set(["all", "any", "not", "fact", "condition"]);
const META_KEYS = new Set(["name", "priority"]);
const FACT_KEYS = new Set(["fact", "operator", "value", "params", "path", "name", "priority"]);
const RULE_KEYS = new Set(["name", "priority", "conditions", "event"]);

class Reader {
  problems: TProblem[] = [];
  sourceOf = new WeakMap<object, string>();

  error(at: string, message: string, field = at): void {
    this.problems.push(problem("invalidNode", `${humanPath(at)}: ${message}`, { field: field || "$" }));
  }

  warn(at: string, message: string, field = at): void {
    this.problems.push(problem("invalidNode", `${humanPath(at)}: ${message}`, { field: field || "$", severity: "warning" }));
  }

  private record<T extends TJreCondition>(c: T, at: string): T {
    this.sourceOf.set(c, at);
    return c;
  }

  private dropMeta(raw: Record<string, unknown>, at: string, structural: ReadonlySet<string>): void {
    for (const key of Object.keys(raw)) {
      if (structural.has(key)) continue;
      if (key === "priority")
        this.warn(join(at, key), "a condition's priority only sets the order json-rules-engine tests in; the result is the same, so it is not kept", join(at, key));
      else if (key === "name") this.warn(join(at, key), `the condition name ${JSON.stringify(raw[key])} is not kept`, join(at, key));
      else this.warn(join(at, key), `unknown key "${key}" ignored (json-rules-engine ignores it too)`, join(at, key));
    }
  }

  /** A condition, folded: `true` / `false` for constant ones; null after an error (reported). */
  condition(raw: unknown, at: string, depth = 0): TJreCondition | boolean | null {
    if (depth > MAX_CONDITION_DEPTH) {
      this.error(at, `conditions are nested more than ${MAX_CONDITION_DEPTH} deep; flatten them`);
      return null;
    }
    if (!isObject(raw)) {
      this.error(at, `expected a condition object ({ "all": […] }, { "any": […] }, { "not": … } or { "fact", "operator", "value" }), got ${describe(raw)}`);
      return null;
    }
    const kinds = Object.keys(raw).filter((k) => CONDITION_KEYS.has(k));
    if (kinds.length !== 1) {
      this.error(
        at,
        kinds.length === 0
          ? `a condition needs one of "all", "any", "not" or "fact" (found ${Object.keys(raw).map((k) => `"${k}"`).join(", ") || "no keys"})`
          : `a condition has exactly one of ${kinds.map((k) => `"${k}"`).join(", ")}`,
      );
      return null;
    }
    const kind = kinds[0]!;
    if (kind === "condition") {
      this.error(join(at, "condition"), `refers to the shared condition ${JSON.stringify(raw.condition)} (engine.setCondition), which a rule file does not contain; paste that condition here instead`);
      return null;
    }
    if (kind === "all" || kind === "any") {
      const list = raw[kind];
      this.dropMeta(raw, at, new Set([kind]));
      if (!Array.isArray(list)) {
        this.error(join(at, kind), `"${kind}" must be an array of conditions, got ${describe(list)}`);
        return null;
      }
      const members: TJreCondition[] = [];
      let failed = false;
      let constant: boolean | null = null;
      list.forEach((m, i) => {
        const c = this.condition(m, join(at, kind, i), depth + 1);
        if (c === null) failed = true;
        else if (c === true || c === false) {
          if (kind === "all" && c === false) constant = false;
          if (kind === "any" && c === true) constant = true;
        } else members.push(c);
      });
      if (failed) return null;
      if (constant !== null) return constant;
      if (list.length === 0) {
        if (kind === "any") this.warn(join(at, "any"), 'an empty "any" is always true in json-rules-engine (not false); kept as always true');
        return true;
      }
      if (members.length === 0) return kind === "all"; // every member folded away
      if (members.length === 1 && list.length > 1) return members[0]!;
      return this.record(kind === "all" ? { all: members } : { any: members }, at);
    }
    if (kind === "not") {
      this.dropMeta(raw, at, new Set(["not"]));
      const inner = this.condition(raw.not, join(at, "not"), depth + 1);
      if (inner === null) return null;
      if (inner === true || inner === false) return !inner;
      return this.record({ not: inner }, at);
    }
    return this.factCondition(raw, at, depth);
  }

  private factCondition(raw: Record<string, unknown>, at: string, depth: number): TJreCondition | null {
    for (const key of Object.keys(raw)) if (!FACT_KEYS.has(key)) this.warn(join(at, key), `unknown key "${key}" ignored (json-rules-engine ignores it too)`, join(at, key));
    for (const key of META_KEYS) if (key in raw) this.dropMeta({ [key]: raw[key] }, at, new Set());
    let fact = raw.fact;
    const operator = raw.operator;
    if (typeof fact !== "string" || fact === "" || fact.length > 100) {
      this.error(join(at, "fact"), `"fact" must be a fact name, got ${describe(fact)}`);
      return null;
    }
    if (typeof operator !== "string" || operator === "" || operator.length > 60) {
      this.error(join(at, "operator"), `"operator" must be an operator name, got ${describe(operator)}`);
      return null;
    }
    if (!("value" in raw) || raw.value === undefined) {
      this.error(at, 'a fact condition needs a "value" (json-rules-engine refuses it without one)');
      return null;
    }
    let params: Record<string, unknown> | undefined;
    if (raw.params !== undefined) {
      if (!isObject(raw.params)) {
        this.error(join(at, "params"), `"params" must be an object, got ${describe(raw.params)}`);
        return null;
      }
      params = raw.params;
    }
    if (raw.path !== undefined) {
      if (typeof raw.path !== "string") {
        this.error(join(at, "path"), `"path" must be a string, got ${describe(raw.path)}`);
        return null;
      }
      const path = cleanPath(raw.path);
      const mapped = fact === ORDER_OBJECT_FACT ? ORDER_PATH_FACTS[path] : path === "" ? fact : undefined;
      if (!mapped) {
        const last = path.split(".").pop() ?? "";
        const hint = Object.prototype.hasOwnProperty.call(ORDER_FACTS, last) ? `; use the fact "${last}" directly` : "";
        this.error(
          join(at, "path"),
          `reads fact "${fact}" at path ${JSON.stringify(raw.path)}, which is not a Switchyard fact: facts are plain values${hint} (the order object's paths that are facts: ${Object.keys(ORDER_PATH_FACTS)
            .slice(0, 6)
            .map((p) => `$.${p}`)
            .join(", ")}…)`,
        );
        return null;
      }
      fact = mapped;
    }
    let value = raw.value;
    let op = operator;
    let negate = false;
    if (operator.includes(":") && !getOperator(operator)) {
      const r = rewriteDecorated(operator, fact as string, value);
      if (!r.ok) {
        this.error(join(at, "operator"), `operator "${operator}": ${r.why}. Supported decorators: not: (any operator), swap:equal, swap:notEqual, swap:in on a list fact, swap:contains with a list value, swap:lessThan… on a number fact that is never empty, someFact:equal on a list fact, someValue:equal with a list value`);
        return null;
      }
      op = r.operator;
      negate = r.negate;
    }
    if (fact === LINES_FACT && isObject(value) && "fact" in value) {
      this.error(
        join(at, "value"),
        `json-rules-engine reads { "fact": … } as the value of "${operator}" as a reference to another fact, not as a condition on each line: wrap the line condition as { "all": [ … ] }`,
      );
      return null;
    }
    if (fact === LINES_FACT && isObject(value)) {
      // A line-item quantifier: its value is a condition on one line.
      const sub = this.condition(value, join(at, "value"), depth + 1);
      if (sub === null) return null;
      if (sub === true || sub === false) {
        this.error(join(at, "value"), "a line-item condition must test at least one line fact");
        return null;
      }
      value = sub;
    }
    const c: TJreCondition = { fact: fact as string, operator: op, value, ...(params ? { params } : {}) };
    this.record(c, at);
    return negate ? this.record({ not: c }, at) : c;
  }

  /** json-rules-engine's priority of a rule: `parseInt`, with 0 / null / missing read as 1. */
  priority(raw: unknown, at: string): number | null {
    if (raw === undefined || raw === null || raw === 0 || raw === false || raw === "") {
      if (raw === 0) this.warn(join(at, "priority"), "priority 0 runs as 1 in json-rules-engine (0 means \"not set\"); imported as 1");
      return 1;
    }
    const text = typeof raw === "number" ? String(raw) : typeof raw === "string" ? raw.trim() : null;
    if (text === null || !/^[+-]?\d+(\.\d+)?$/.test(text)) {
      this.error(join(at, "priority"), `priority ${JSON.stringify(raw)} is not a positive number`);
      return null;
    }
    const n = Number.parseInt(text, 10);
    if (n <= 0) {
      this.error(join(at, "priority"), `priority ${JSON.stringify(raw)} is refused by json-rules-engine: it must be greater than zero`);
      return null;
    }
    if (!Number.isSafeInteger(n)) {
      this.error(join(at, "priority"), `priority ${JSON.stringify(raw)} is too large to keep exactly`);
      return null;
    }
    if (String(n) !== text.replace(/^\+/, "")) {
      if (typeof raw === "number" || /\./.test(text)) this.warn(join(at, "priority"), `json-rules-engine reads priority ${JSON.stringify(raw)} as ${n} (it drops the fraction); imported as ${n}`);
    }
    return n;
  }

  rule(raw: unknown, index: number, at: string): ReadRule | null {
    if (!isObject(raw)) {
      this.error(at, `expected a rule object with "conditions" and "event", got ${describe(raw)}`);
      return null;
    }
    for (const key of Object.keys(raw)) if (!RULE_KEYS.has(key)) this.warn(join(at, key), `unknown key "${key}" ignored (json-rules-engine ignores it too)`, join(at, key));
    let name: string | undefined;
    if (raw.name !== undefined && raw.name !== null) {
      if (typeof raw.name === "string" || typeof raw.name === "number") {
        name = String(raw.name);
        if (name.length > 200) {
          this.warn(join(at, "name"), `the rule name is ${name.length} characters long; the action's label keeps the first 200`);
          name = name.slice(0, 200);
        }
      } else this.warn(join(at, "name"), `the rule name ${describe(raw.name)} is not text; not kept`);
    }
    const priority = this.priority(raw.priority, at);
    if (!isObject(raw.conditions)) {
      this.error(join(at, "conditions"), `"conditions" must be an object with "all", "any" or "not", got ${describe(raw.conditions)}`);
      return null;
    }
    const top = Object.keys(raw.conditions).filter((k) => CONDITION_KEYS.has(k));
    if (top.length === 1 && top[0] === "fact") {
      this.error(join(at, "conditions"), 'json-rules-engine needs "all", "any" or "not" at the top of "conditions": wrap the condition as { "all": [ … ] }');
      return null;
    }
    // A compiled Switchyard fallback: `{ all: [gate, body] }` at priority 1; the body is read on its own.
    const rc = raw.conditions;
    const gated =
      Array.isArray(rc.all) && rc.all.length === 2 && Object.keys(rc).length === 1 && canonicalJson(rc.all[0]) === canonicalJson(FALLBACK_GATE) && priority === FALLBACK_PRIORITY;
    const conditions = gated ? this.condition((rc.all as unknown[])[1], join(at, "conditions", "all", 1)) : this.condition(rc, join(at, "conditions"));
    const event = raw.event;
    if (!isObject(event) || typeof event.type !== "string" || event.type === "") {
      this.error(join(at, "event"), `"event" must be an object with a "type", got ${describe(event)}`);
      return null;
    }
    for (const key of Object.keys(event))
      if (key !== "type" && key !== "params") this.warn(join(at, "event", key), `unknown key "${key}" of the event ignored (json-rules-engine ignores it too)`, join(at, "event", key));
    if (event.params !== undefined && !isObject(event.params)) {
      this.error(join(at, "event", "params"), `"params" must be an object, got ${describe(event.params)}`);
      return null;
    }
    if (conditions === null || priority === null) return null;
    return { index, at, name, priority, gated, conditions, event: { type: event.type, params: (event.params as Record<string, unknown> | undefined) ?? {} } };
  }
}

function describe(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return "an object";
  const s = JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/** The rules of a document: `[…]`, `{ rules: […] }` (incl. a compiled ruleset) or one rule. */
export function readJreRules(doc: unknown): ReadRules | { error: TProblem } {
  const reader = new Reader();
  let list: unknown[];
  let prefix: string;
  if (Array.isArray(doc)) {
    list = doc;
    prefix = "";
  } else if (isObject(doc) && "rules" in doc) {
    if (!Array.isArray(doc.rules)) return { error: problem("invalidGraph", `"rules" must be an array of rules, got ${describe(doc.rules)}`, { field: "rules" }) };
    list = doc.rules;
    prefix = "rules";
  } else if (isObject(doc) && ("conditions" in doc || "event" in doc)) {
    const r = reader.rule(doc, 0, "");
    return { rules: r ? [r] : [], problems: reader.problems, sourceOf: reader.sourceOf };
  } else {
    return { error: problem("invalidGraph", 'Expected a json-rules-engine rule, an array of rules, or { "rules": [...] }', { field: "$" }) };
  }
  if (list.length > 5_000) return { error: problem("invalidGraph", `${list.length} rules: at most 5,000 can be imported at once`, { field: prefix || "$" }) };
  const rules: ReadRule[] = [];
  list.forEach((raw, i) => {
    const r = reader.rule(raw, i, join(prefix, i));
    if (r) rules.push(r);
  });
  return { rules, problems: reader.problems, sourceOf: reader.sourceOf };
}
