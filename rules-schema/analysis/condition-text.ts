import type { TEvaluationContext } from "../context/context-schema";
import { getFactDefinition } from "../facts/fact-catalog";
import type { TJreFactCondition } from "../jre/jre-rule-schema";
import { getOperator } from "../operators/operator-registry";

const UNIT: Record<string, string> = { g: " g", cm: " cm", h: " h" };

function valueText(v: unknown, unit: string | undefined): string {
  if (typeof v === "number") return `${v.toLocaleString("en-US")}${unit ? UNIT[unit] ?? "" : ""}`;
  if (typeof v === "string") return `“${v}”`;
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (v === null) return "";
  if (Array.isArray(v)) {
    if (v.length === 2 && v.every((x) => typeof x === "number")) return `${valueText(v[0], unit)}–${valueText(v[1], unit)}`;
    const shown = v.slice(0, 6).map((x) => (typeof x === "string" ? x : String(x)));
    return `${shown.join(", ")}${v.length > 6 ? ` and ${v.length - 6} more` : ""}`;
  }
  if (typeof v === "object" && Array.isArray((v as { prefixes?: unknown }).prefixes)) return (v as { prefixes: string[] }).prefixes.slice(0, 6).join(", ");
  return JSON.stringify(v);
}

/** A condition in words, as the designer labels it: “Chargeable weight ≤ 2,000 g”, “not Destination country in DE, FR”. */
export function conditionText(c: TJreFactCondition, negated: boolean, context?: TEvaluationContext): string {
  if (c.fact === "lines" && (c.operator === "someLine" || c.operator === "everyLine" || c.operator === "noLine")) {
    const which = c.operator === "someLine" ? "some line" : c.operator === "everyLine" ? "every line" : "no line";
    const inner = c.value !== null && typeof c.value === "object" && "fact" in c.value ? conditionText(c.value as TJreFactCondition, false).replace(/^“|”$/g, "") : "meets its conditions";
    return `${negated ? "not " : ""}“${which}: ${inner}”`;
  }
  const def = getFactDefinition(c.fact);
  const op = getOperator(c.operator);
  const fact = def ? def.label : c.fact;
  // Parameters by name: the channel or warehouse as the merchant calls it.
  const nameOf = (v: unknown) => context?.channels.find((x) => x.id === v)?.name || context?.warehouses.find((x) => x.id === v)?.name || String(v);
  const param = c.params ? ` (${Object.values(c.params).map(nameOf).join(", ")})` : "";
  const text = `“${fact}${param} ${op ? op.label : c.operator}${c.value === null ? "" : ` ${valueText(c.value, def?.unit)}`}”`;
  return negated ? `not ${text}` : text;
}
