import type { TEvaluationContext } from "../context/context-schema";
import { type FactDefinition, FACT_PARAM_NAMES, ZFactParamValue, getFactDefinition } from "../facts/fact-catalog";
import { getOperator, operatorsForFactType, valueHintOf } from "../operators/operator-registry";
import { isCountryCode } from "../context/countries";
import type { TConditionData } from "./graph-schema";
import { type TProblem, problem } from "./problem-schema";

export interface ConditionEnv {
  scope: "order" | "line";
  context?: TEvaluationContext | undefined;
}

function firstIssue(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  const i = issues[0];
  if (!i) return "invalid";
  return i.path.length ? `${i.path.map(String).join(".")}: ${i.message}` : i.message;
}

function checkFactRef(
  nodeId: string,
  factId: string,
  params: Record<string, unknown> | undefined,
  env: ConditionEnv,
  field: string,
): { def: FactDefinition | null; problems: TProblem[] } {
  const problems: TProblem[] = [];
  const nodeIds = [nodeId];
  if (factId === "") return { def: null, problems: [problem("unknownFact", "Pick a fact to test", { nodeIds, field })] };
  const def = getFactDefinition(factId);
  if (!def) return { def: null, problems: [problem("unknownFact", `Unknown fact "${factId}"`, { nodeIds, field })] };
  if (def.scope === "line" && env.scope === "order")
    problems.push(problem("lineFactOutsideQuantifier", `"${def.label}" is a line-item fact: put this condition inside a line-item quantifier`, { nodeIds, field }));
  if (def.scope === "order" && env.scope === "line")
    problems.push(problem("orderFactInsideQuantifier", `"${def.label}" is an order fact: inside a line-item quantifier only line-item facts can be tested`, { nodeIds, field }));
  const paramField = field.replace(/fact$/, "params");
  if (def.param) {
    const parsed = ZFactParamValue[def.param].safeParse(params ?? {});
    if (!parsed.success) {
      problems.push(problem("invalidParams", `"${def.label}" needs ${FACT_PARAM_NAMES[def.param]}: ${firstIssue(parsed.error.issues)}`, { nodeIds, field: paramField }));
    } else if (env.context) {
      const p = parsed.data as Record<string, unknown>;
      if (def.param === "warehouse" && !env.context.warehouses.some((w) => w.id === p.warehouseId))
        problems.push(problem("unknownWarehouse", `Warehouse "${String(p.warehouseId)}" does not exist`, { nodeIds, field: `${paramField}.warehouseId` }));
      if (def.param === "channel" && !env.context.channels.some((c) => c.id === p.channelId))
        problems.push(problem("unknownChannel", `Channel "${String(p.channelId)}" does not exist`, { nodeIds, field: `${paramField}.channelId` }));
    }
  } else if (params !== undefined && Object.keys(params).length > 0) {
    problems.push(problem("invalidParams", `"${def.label}" takes no parameters`, { nodeIds, field: paramField }));
  }
  return { def, problems };
}

/** Quantities that cannot be below zero, by the fact's unit: what a value below zero is called. */
const NON_NEGATIVE: Partial<Record<NonNullable<FactDefinition["unit"]>, string>> = { g: "A weight", cm: "A length", count: "A count", money: "An amount" };

function checkOptions(nodeId: string, def: FactDefinition, value: unknown): TProblem[] {
  const values = Array.isArray(value) ? value : [value];
  const field = "data.operand.value";
  const quantity = def.type === "number" && def.unit ? NON_NEGATIVE[def.unit] : undefined;
  if (quantity) {
    const negative = values.filter((v): v is number => typeof v === "number" && v < 0);
    if (negative.length) return [problem("invalidValue", `${quantity} cannot be below zero (${negative.join(", ")})`, { nodeIds: [nodeId], field })];
  }
  if (def.options) {
    const bad = values.filter((v) => typeof v === "string" && !def.options!.includes(v));
    if (bad.length)
      return [problem("invalidValue", `"${bad.join('", "')}" is not a ${def.label.toLowerCase()} (one of ${def.options.join(", ")})`, { nodeIds: [nodeId], field })];
  }
  if (def.format === "country") {
    const bad = values.filter((v) => typeof v === "string" && !isCountryCode(v));
    if (bad.length) return [problem("invalidValue", `"${bad.join('", "')}" is not an ISO 3166 country code (e.g. US, DE, GB)`, { nodeIds: [nodeId], field })];
  }
  return [];
}

/** Semantic checks of a condition: known fact, fitting operator, a value of the right type. */
export function validateCondition(nodeId: string, data: TConditionData, env: ConditionEnv): TProblem[] {
  const nodeIds = [nodeId];
  const left = checkFactRef(nodeId, data.fact, data.params, env, "data.fact");
  const problems = [...left.problems];
  const def = left.def;
  const op = getOperator(data.operator);
  if (!op) {
    problems.push(problem("unknownOperator", data.operator === "" ? "Pick an operator" : `Unknown operator "${data.operator}"`, { nodeIds, field: "data.operator" }));
    return problems;
  }
  if (!def) return problems;
  if (!operatorsForFactType(def.type, def.format).includes(data.operator as never)) {
    problems.push(problem("operatorFactMismatch", `"${op.label}" does not apply to "${def.label}" (${def.type})`, { nodeIds, field: "data.operator" }));
    return problems;
  }
  if (data.operand.type === "fact") {
    if (!op.allowsFactOperand) {
      problems.push(problem("invalidValue", `"${op.label}" compares with a value, not with another fact`, { nodeIds, field: "data.operand" }));
      return problems;
    }
    const right = checkFactRef(nodeId, data.operand.fact, data.operand.params, env, "data.operand.fact");
    problems.push(...right.problems);
    if (right.def && right.def.type !== def.type)
      problems.push(problem("invalidValue", `"${def.label}" (${def.type}) cannot be compared with "${right.def.label}" (${right.def.type})`, { nodeIds, field: "data.operand.fact" }));
    return problems;
  }
  const parsed = op.valueSchema(def.type).safeParse(data.operand.value);
  if (!parsed.success) {
    const what = op.takesNoValue ? "takes no value" : `needs ${valueHintOf(op, def.type)}`;
    problems.push(problem("invalidValue", `"${op.label}" ${what}: ${firstIssue(parsed.error.issues)}`, { nodeIds, field: "data.operand.value" }));
    return problems;
  }
  problems.push(...checkOptions(nodeId, def, data.operand.value));
  // Whole warehouse ids (equal / in and their negations) must exist; fragments (startsWith…) need not.
  if (def.format === "warehouseId" && env.context && ["equal", "notEqual", "in", "notIn"].includes(data.operator)) {
    const values = Array.isArray(data.operand.value) ? data.operand.value : [data.operand.value];
    const unknown = values.filter((v) => typeof v === "string" && !env.context!.warehouses.some((w) => w.id === v));
    if (unknown.length) problems.push(problem("unknownWarehouse", `Warehouse "${unknown.join('", "')}" does not exist`, { nodeIds, field: "data.operand.value" }));
  }
  return problems;
}

