import type { TCompiledRuleset, TJreCondition } from "../compile/compiled-schema";
import { LINE_FACTS, LINES_FACT, MATCHED_RULE_COUNT_FACT, ORDER_FACTS, type TLineFactId, type TOrderFactId } from "../facts/fact-catalog";
import { getOperator, isJreNumber, passRateOf } from "../operators/operator-registry";
import { EMPTY_SLOT_LITERALS } from "../actions/decision-slots";
import type { TLineFacts } from "../order/derive-order-facts";
import type { EvalFrame } from "./resolve-order-fact";

/** Runs a slice of rules; pushes the index of each matching rule; returns early on the first match when `stop`. */
type ChunkFn = (frame: EvalFrame, matched: number[], stop: boolean) => void;

export interface FastEvaluator {
  /** Chunks over the non-fallback rules, then chunks over the fallback rules. */
  main: ChunkFn[];
  fallback: ChunkFn[];
  /** Generated source, for inspection and tests. */
  source: string;
}

/** Rules per generated function: V8 optimises mid-sized functions far better than one huge one. */
const CHUNK_SIZE = 40;

class CodeGen {
  facts: ((f: EvalFrame, p: Record<string, unknown> | undefined) => unknown)[] = [];
  lineFacts: ((l: TLineFacts) => unknown)[] = [];
  params: (Record<string, unknown> | undefined)[] = [];
  consts: unknown[] = [];
  ops: ((a: unknown, b: unknown) => boolean)[] = [];
  predicates: string[] = [];
  /** Parameterless order facts read by the chunk being generated, hoisted into locals. */
  hoisted = new Set<number>();
  private opIndex = new Map<string, number>();
  private factIndex = new Map<string, number>();
  private lineFactIndex = new Map<string, number>();

  constant(v: unknown): string {
    // Validated primitives become literals V8 can fold; everything else is passed by reference.
    if (typeof v === "number" && Number.isFinite(v)) return v < 0 || Object.is(v, -0) ? `(${String(v)})` : String(v);
    if (typeof v === "boolean") return v ? "true" : "false";
    if (v === null) return "null";
    if (typeof v === "string" && v.length <= 200) return JSON.stringify(v);
    this.consts.push(v);
    return `k${this.consts.length - 1}`;
  }

  operator(name: string): string {
    let i = this.opIndex.get(name);
    if (i === undefined) {
      const op = getOperator(name);
      if (!op) throw new Error(`Unknown operator "${name}"`);
      i = this.ops.length;
      this.ops.push(op.evaluate);
      this.opIndex.set(name, i);
    }
    return `o${i}`;
  }

  orderFact(fact: string, params: Record<string, unknown> | undefined): string {
    if (fact === MATCHED_RULE_COUNT_FACT) return "fr.matchedCount";
    if (fact === LINES_FACT) return "fr.derived.lines";
    if (!Object.prototype.hasOwnProperty.call(ORDER_FACTS, fact)) return "undefined";
    let i = this.factIndex.get(fact);
    if (i === undefined) {
      i = this.facts.length;
      this.facts.push(ORDER_FACTS[fact as TOrderFactId].get);
      this.factIndex.set(fact, i);
    }
    if (params === undefined || Object.keys(params).length === 0) {
      this.hoisted.add(i);
      return `v${i}`;
    }
    this.params.push(params);
    return `f${i}(fr, p${this.params.length - 1})`;
  }

  lineFact(fact: string): string {
    if (!Object.prototype.hasOwnProperty.call(LINE_FACTS, fact)) return "undefined";
    let i = this.lineFactIndex.get(fact);
    if (i === undefined) {
      i = this.lineFacts.length;
      this.lineFacts.push(LINE_FACTS[fact as TLineFactId].get);
      this.lineFactIndex.set(fact, i);
    }
    return `lf${i}(l)`;
  }

  /** A JS expression for a condition; `scope` says whether facts are read from the order or from a line `l`. */
  expr(c: TJreCondition, scope: "order" | "line"): string {
    // Facts and operators are pure, so the members of an `all` may be tested in any order: cheap and
    // selective tests first make the && chain stop sooner. The result is the same.
    if ("all" in c) return c.all.length ? `(${[...c.all].sort((x, y) => rank(x) - rank(y)).map((x) => this.expr(x, scope)).join(" && ")})` : "true";
    if ("any" in c) return c.any.length ? `(${c.any.map((x) => this.expr(x, scope)).join(" || ")})` : "true";
    if ("not" in c) return `!${this.expr(c.not, scope)}`;
    const read = (fact: string, params: Record<string, unknown> | undefined) =>
      scope === "order" ? this.orderFact(fact, params) : this.lineFact(fact);
    const left = read(c.fact, c.params);
    const v = c.value;
    const right =
      v !== null && typeof v === "object" && Object.prototype.hasOwnProperty.call(v, "fact")
        ? read(String((v as { fact: unknown }).fact), (v as { params?: Record<string, unknown> }).params)
        : this.constant(v);
    if (c.operator === "someLine" || c.operator === "everyLine" || c.operator === "noLine") {
      const sub = v as TJreCondition;
      const pred = `q${this.predicates.length}`;
      this.predicates.push(""); // reserve the index before generating nested code
      const body = this.expr(sub, "line");
      const loop =
        c.operator === "everyLine"
          ? `for (let i = 0; i < ls.length; i++) { const l = ls[i]; if (!(${body})) return false; } return true;`
          : `for (let i = 0; i < ls.length; i++) { const l = ls[i]; if (${body}) return ${c.operator === "someLine"}; } return ${c.operator !== "someLine"};`;
      this.predicates[Number(pred.slice(1))] = `function ${pred}(ls) { let t, u; if (!Array.isArray(ls)) return false; ${loop} }`;
      return `${pred}(${left})`;
    }
    const op = getOperator(c.operator);
    if (!op)
      throw new Error(
        c.operator.includes(":")
          ? `Unknown operator "${c.operator}": json-rules-engine's operator decorators are not part of compiled rulesets (decompile and recompile the rules to rewrite them)`
          : `Unknown operator "${c.operator}"`,
      );
    const simple = (e: string) => /^(v\d+|k\d+|-?[\d.e+]+|\(-[\d.e+]+\)|true|false|null|"(?:[^"\\]|\\.)*")$/.test(e);
    if ((c.operator === "in" || c.operator === "notIn") && Array.isArray(v) && v.length <= 16 && v.every((x) => typeof x === "string" || (typeof x === "number" && Number.isFinite(x)))) {
      // Same as json-rules-engine's indexOf (strict equality), unrolled.
      const a = simple(left) ? left : "t";
      const parts = v.map((x) => `${a} ${c.operator === "in" ? "===" : "!=="} ${this.constant(x)}`);
      const body = v.length === 0 ? (c.operator === "in" ? "false" : "true") : `(${parts.join(c.operator === "in" ? " || " : " && ")})`;
      return a === left ? body : `((t = ${left}), ${body})`;
    }
    if (op.inline) {
      const a = simple(left) ? left : "t";
      const b = simple(right) ? right : "u";
      const assigns = [a === "t" ? `(t = ${left})` : null, b === "u" ? `(u = ${right})` : null].filter(Boolean);
      return assigns.length ? `(${assigns.join(", ")}, ${op.inline(a, b)})` : op.inline(a, b);
    }
    return `${this.operator(c.operator)}(${left}, ${right})`;
  }
}

/** Guessed share of orders a condition lets through: groups a coin toss, tests as their operator's entry says. */
function passRate(c: TJreCondition): number {
  if ("all" in c || "any" in c || "not" in c) return 0.5;
  return passRateOf(c.operator, c.value);
}

/** Rough cost of a test: inline comparisons are cheap, master-data facts and quantifiers are not. */
function cost(c: TJreCondition): number {
  if ("all" in c) return c.all.reduce((s, x) => s + cost(x), 1);
  if ("any" in c) return c.any.reduce((s, x) => s + cost(x), 1);
  if ("not" in c) return cost(c.not);
  if (c.fact === LINES_FACT) return 20;
  if (c.params !== undefined) return 15;
  return getOperator(c.operator)?.inline ? 1 : 3;
}

/** Lower first: expected work saved per unit of cost. */
function rank(c: TJreCondition): number {
  return cost(c) / Math.max(0.05, 1 - passRate(c));
}

/**
 * Turns compiled rules into plain JavaScript functions. Code is generated only from validated
 * structures: fact and operator names are looked up in the registries (never spliced into code),
 * and every literal value is passed in a constants array.
 */
export function buildFastEvaluator(compiled: TCompiledRuleset): FastEvaluator {
  const gen = new CodeGen();
  const chunkSources: { name: string; group: "main" | "fallback" }[] = [];
  const bodies: string[] = [];
  const groups: Record<"main" | "fallback", number[]> = { main: [], fallback: [] };
  compiled.rules.forEach((_r, i) => groups[compiled.manifest.rules[i]?.fallback ? "fallback" : "main"].push(i));
  for (const group of ["main", "fallback"] as const) {
    const idx = groups[group];
    for (let s = 0; s < idx.length; s += CHUNK_SIZE) {
      const name = `${group}${s / CHUNK_SIZE}`;
      gen.hoisted = new Set();
      const lines = idx.slice(s, s + CHUNK_SIZE).map((i) => {
        const e = gen.expr(compiled.rules[i]!.conditions, "order");
        return `  if (${e}) { m.push(${i}); if (stop) return; }`;
      });
      // Facts are pure: reading the chunk's parameterless facts once up front changes no result.
      const reads = [...gen.hoisted].map((f) => `  const v${f} = f${f}(fr, undefined);`).join("\n");
      bodies.push(`function ${name}(fr, m, stop) {\n  let t, u;\n${reads}\n${lines.join("\n")}\n}`);
      chunkSources.push({ name, group });
    }
  }
  const header = [
    ...gen.facts.map((_f, i) => `const f${i} = F[${i}];`),
    ...gen.lineFacts.map((_f, i) => `const lf${i} = LF[${i}];`),
    ...gen.params.map((_p, i) => `const p${i} = P[${i}];`),
    ...gen.consts.map((_c, i) => `const k${i} = K[${i}];`),
    ...gen.ops.map((_o, i) => `const o${i} = O[${i}];`),
  ];
  const source = `"use strict";\n${header.join("\n")}\n${gen.predicates.join("\n")}\n${bodies.join("\n")}\nreturn { main: [${chunkSources
    .filter((c) => c.group === "main")
    .map((c) => c.name)
    .join(", ")}], fallback: [${chunkSources
    .filter((c) => c.group === "fallback")
    .map((c) => c.name)
    .join(", ")}] };`;
  const factory = new Function("F", "LF", "P", "K", "O", "isJreNumber", source) as (...args: unknown[]) => { main: ChunkFn[]; fallback: ChunkFn[] };
  const built = factory(gen.facts, gen.lineFacts, gen.params, gen.consts, gen.ops, isJreNumber);
  return { ...built, source };
}

/**
 * A function returning a fresh empty decision: the action slots (from the registry, `EMPTY_SLOT_LITERALS`)
 * then `extra` fields, written out as one object literal so every decision is built with the same shape
 * at literal speed (one is made per evaluated order). Only registry identifiers and fixed literals go
 * into the source.
 */
export function decisionLiteralFactory<T>(extra: readonly { key: string; literal: "null" | "[]" | "false" }[]): () => T {
  const fields = [...EMPTY_SLOT_LITERALS, ...extra].map((f) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(f.key)) throw new Error(`decision field "${f.key}" is not an identifier`);
    return `${f.key}: ${f.literal}`;
  });
  return new Function(`return { ${fields.join(", ")} };`) as () => T;
}
