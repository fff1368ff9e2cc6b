/**
 * Switchyard rules core: framework-free, importable by the browser and the server.
 * Imports no React, Next, Prisma or tRPC (enforced by lint).
 */
export * from "./order/order-schema";
export * from "./order/derive-order-facts";
export * from "./context/context-schema";
export * from "./context/rate-card";
export * from "./context/decision-context";
export { businessHoursBetween, nextDispatchAt, zonedTimeToEpoch } from "./context/business-hours";
export * from "./facts/fact-catalog";
export { createFactFrame, type FactFrame } from "./facts/fact-frame";
export * from "./operators/operator-registry";
export * from "./graph/graph-schema";
export * from "./graph/problem-schema";
export { NODE_KIND_SPECS, QUANTIFIER_OPERATORS, kindSpec } from "./graph/node-kinds";
export { analyzeGraph, validateGraph, MAX_PATH_STEPS, type GraphAnalysis, type ActionPath, type PathStep } from "./graph/analyze-graph";
export * from "./compile/compiled-schema";
export { compileGraph, compileAnalyzed, FALLBACK_GATE, FALLBACK_PRIORITY, type CompileResult } from "./compile/compile-graph";
export { decompileRules, layoutGraph, type DecompileOptions, type DecompileResult } from "./decompile/decompile-rules";
export * from "./evaluate/decision-schema";
export { evaluate, parseCompiledRuleset, prepareEvaluator, type EvaluateOptions } from "./evaluate/evaluate";
export { evaluateReference, createReferenceEngine, runJsonRules } from "./evaluate/evaluate-reference";
export { reduceDecisions } from "./evaluate/reduce-decisions";
export { safePathResolver } from "./evaluate/safe-path-resolver";
export { canonicalJson, canonicalize, sha256Hex } from "./util/canonical-json";
export * from "./graph/diff-graphs";
export * from "./simulate";
