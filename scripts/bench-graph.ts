/**
 * npm run bench:graph
 *
 * The largest graphs the validator accepts, and what they cost the server's main thread:
 *   - "staircase": conditions in a chain with an action off each false output, as many as the path
 *     budget (MAX_PATH_STEPS tests on all paths) allows;
 *   - "ladder": 12 conditions each wired both ways to the next (4,096 paths, the path count limit's
 *     neighbourhood);
 *   - "chain": 4,990 conditions in one path (close to the 5,000-node limit).
 * For each: validation and compilation time on one thread, the compiled artifact's size, the time to
 * read it back (parseCompiledRuleset, as the router and publishing do), and the longest the main
 * thread was held while the server compiled it (compileForServer: inline below the limit, in the
 * graph worker above it; measured as the longest gap between turns of the event loop, sampled with
 * setImmediate). The worker's start (tsx loading the sources) is warmed up first.
 * Prints the figures and, as the LAST line, one JSON object.
 */
import { loadavg } from "node:os";
import { MAX_PATH_STEPS, compileGraph, parseCompiledRuleset, validateGraph } from "../rules-schema";
import { type TRuleGraph, ZRuleGraph } from "../rules-schema/graph/graph-schema";
import { chainGraph, ladderGraph, makeContext, staircaseGraph } from "../rules-schema/testing/factories";
import { compileForServer } from "../server/graph-work/compile-off-thread";

const staircase = (n: number) => ZRuleGraph.parse(staircaseGraph(n));
const ladder = (n: number) => ZRuleGraph.parse(ladderGraph(n));
const chain = (n: number) => ZRuleGraph.parse(chainGraph(n));

const ms = (t: number) => Math.round(t);
const time = <T>(f: () => T): [T, number] => {
  const t = performance.now();
  const r = f();
  return [r, performance.now() - t];
};

/** Longest gap between event-loop turns while `work` runs. */
async function longestStall(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let worst = 0;
  let done = false;
  const tick = () => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
    if (!done) setImmediate(tick);
  };
  setImmediate(tick);
  await work();
  done = true;
  worst = Math.max(worst, performance.now() - last);
  return worst;
}

async function main() {
  const context = makeContext();
  // Largest staircase within the budget: n(n+1)/2 ≤ MAX_PATH_STEPS.
  const steps = Math.floor((Math.sqrt(8 * MAX_PATH_STEPS + 1) - 1) / 2);
  const graphs: [string, TRuleGraph][] = [
    [`staircase of ${steps}`, staircase(steps)],
    ["ladder of 12", ladder(12)],
    ["chain of 4,990", chain(4_990)],
  ];
  await compileForServer(staircase(120), context); // start the worker
  const out: Record<string, unknown>[] = [];
  for (const [name, graph] of graphs) {
    const [problems, validateMs] = time(() => validateGraph(graph, { context }));
    if (problems.some((p) => p.severity === "error")) throw new Error(`${name} is refused: ${problems.find((p) => p.severity === "error")!.message}`);
    const [compiled, compileMs] = time(() => compileGraph(graph, { context }));
    if (!compiled.ok) throw new Error(`${name} does not compile`);
    const json = JSON.stringify(compiled.compiled);
    const plain = JSON.parse(json) as unknown;
    const [, readMs] = time(() => parseCompiledRuleset(plain));
    const stallMs = await longestStall(() => compileForServer(graph, context));
    const row = { graph: name, nodes: graph.nodes.length, rules: compiled.compiled.rules.length, validateMs: ms(validateMs), compileMs: ms(compileMs), compiledMB: Number((json.length / 1e6).toFixed(1)), readBackMs: ms(readMs), serverMainThreadStallMs: ms(stallMs) };
    out.push(row);
    console.log(
      `${name.padEnd(18)} ${String(row.nodes).padStart(5)} nodes ${String(row.rules).padStart(5)} rules  validate ${row.validateMs} ms  compile ${row.compileMs} ms  ${row.compiledMB} MB  read back ${row.readBackMs} ms  server: main thread held at most ${row.serverMainThreadStallMs} ms`,
    );
  }
  console.log(JSON.stringify({ bench: "graph", load: loadavg()[0], maxPathSteps: MAX_PATH_STEPS, graphs: out }));
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
