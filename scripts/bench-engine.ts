/**
 * npm run bench:engine — orders/second of json-rules-engine (the reference) and of the fast path on
 * the same 50- and 500-rule rulesets over the same random orders, and of a 5,000-row decision table
 * (with its validate + compile time). Last line: one JSON object.
 */
import { performance } from "node:perf_hooks";
import { evaluate } from "../rules-schema/evaluate/evaluate";
import { evaluateReference } from "../rules-schema/evaluate/evaluate-reference";
import { benchContext, channelTableGraph, compileOrThrow, randomOrders, randomRulesetGraph } from "./lib/random-workload";

const quick = process.argv.includes("--quick");
const orders = randomOrders(quick ? 2_000 : 20_000, 42);

function timeFast(compiled: ReturnType<typeof compileOrThrow>, minMs: number): { perSec: number; matched: number } {
  let n = 0;
  let matched = 0;
  // Warm up until V8 has optimised the generated functions (large rulesets take longer).
  const warm = performance.now();
  while (performance.now() - warm < minMs / 2) for (const o of orders) evaluate(compiled, o, benchContext);
  const t0 = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (const o of orders) matched += evaluate(compiled, o, benchContext).decision.firedRules.length;
    n += orders.length;
    elapsed = performance.now() - t0;
  }
  return { perSec: (n / elapsed) * 1000, matched: matched / n };
}

async function timeReference(compiled: ReturnType<typeof compileOrThrow>, count: number): Promise<{ perSec: number; matched: number }> {
  const sample = orders.slice(0, count);
  for (const o of sample.slice(0, 50)) await evaluateReference(compiled, o, benchContext);
  let matched = 0;
  const t0 = performance.now();
  for (const o of sample) matched += (await evaluateReference(compiled, o, benchContext)).decision.firedRules.length;
  const elapsed = performance.now() - t0;
  return { perSec: (sample.length / elapsed) * 1000, matched: matched / sample.length };
}

const fmt = (x: number) => Math.round(x).toLocaleString("en-US");
const results: Record<string, number> = {};

for (const size of [50, 500]) {
  const compiled = compileOrThrow(randomRulesetGraph(size, 7, "all"));
  const first = compileOrThrow(randomRulesetGraph(size, 7, "first"));
  const ref = await timeReference(compiled, quick ? 200 : size === 50 ? 2_000 : 300);
  const fast = timeFast(compiled, quick ? 300 : 2_000);
  const fastFirst = timeFast(first, quick ? 300 : 1_000);
  const ratio = fast.perSec / ref.perSec;
  console.log(
    `${size} rules (hit policy all): json-rules-engine ${fmt(ref.perSec)} orders/s · fast path ${fmt(fast.perSec)} orders/s · ${fmt(ratio)}× · ${fast.matched.toFixed(2)} rules fired/order`,
  );
  console.log(`${size} rules (hit policy first): fast path ${fmt(fastFirst.perSec)} orders/s`);
  results[`jre_${size}`] = Math.round(ref.perSec);
  results[`fast_${size}`] = Math.round(fast.perSec);
  results[`fast_first_${size}`] = Math.round(fastFirst.perSec);
  results[`ratio_${size}`] = Math.round(ratio);
}
// A decision table the size of a large merchant's channel matrix: country groups × weight bands × battery → channel.
const TABLE_ROWS = quick ? 1_000 : 5_000;
const table = channelTableGraph(TABLE_ROWS, 11);
const compileMs: number[] = [];
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  compileOrThrow(table);
  compileMs.push(performance.now() - t0);
}
compileMs.sort((a, b) => a - b);
const tableCompiled = compileOrThrow(table);
const tableFast = timeFast(tableCompiled, quick ? 300 : 2_000);
const tableRef = await timeReference(tableCompiled, quick ? 10 : 40);
console.log(
  `${fmt(TABLE_ROWS)}-row decision table (first hit): validate + compile ${compileMs[2]!.toFixed(0)} ms (median of 5) · fast path ${fmt(tableFast.perSec)} orders/s · json-rules-engine ${fmt(tableRef.perSec)} orders/s · ${fmt(tableFast.perSec / tableRef.perSec)}×`,
);
results[`table_rows`] = TABLE_ROWS;
results[`table_compile_ms`] = Math.round(compileMs[2]!);
results[`table_fast`] = Math.round(tableFast.perSec);
results[`table_jre`] = Math.round(tableRef.perSec * 10) / 10;

console.log(JSON.stringify({ bench: "engine", node: process.version, orders: orders.length, ...results }));
