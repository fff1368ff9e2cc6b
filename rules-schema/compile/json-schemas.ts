/**
 * JSON Schemas generated from the zod schemas, for editors (Monaco's JSON language service gives
 * markers, hovers and completions from them) and for anyone validating rule files outside the app.
 *
 * Draft-07 on purpose: it is the draft both Monaco's JSON worker and common validators support
 * fully. Recursive conditions become `definitions` entries reached through `$ref`.
 *
 * Browser-safe: no json-rules-engine import (the rule shapes come from compiled-schema.ts).
 */
import { z } from "zod";
import { LINES_FACT, LINE_FACT_IDS, MATCHED_RULE_COUNT_FACT, ORDER_FACT_IDS } from "../facts/fact-catalog";
import { OPERATOR_NAMES } from "../operators/operator-registry";
import { ZOrder } from "../order/order-schema";
import { ZJreCondition, ZJreEvent, ZJreFactCondition, ZJreImportRule, ZJreRuleList, ZJreTopLevelCondition } from "./compiled-schema";

/** A JSON Schema document (draft-07) as a plain JSON object. */
export type TJsonSchema = { [key: string]: unknown };

/** Schema URIs: identifiers only, never fetched (Monaco gets the schema object itself). */
export const RULES_JSON_SCHEMA_URI = "https://switchyard.dev/schemas/json-rules-engine-rules.schema.json";
export const ORDER_JSON_SCHEMA_URI = "https://switchyard.dev/schemas/order.schema.json";

type Meta = { id: string; title?: string; description?: string };

function generate(schema: z.ZodType, register: (registry: z.core.$ZodRegistry<Meta>) => void): TJsonSchema {
  const registry = z.registry<Meta>();
  register(registry);
  return z.toJSONSchema(schema, { target: "draft-7", io: "input", metadata: registry, unrepresentable: "any" }) as TJsonSchema;
}

function definition(schema: TJsonSchema, name: string): TJsonSchema {
  const defs = schema.definitions as Record<string, TJsonSchema> | undefined;
  const def = defs?.[name];
  if (!def) throw new Error(`JSON Schema has no definition "${name}"`);
  return def;
}

function property(schema: TJsonSchema, name: string): TJsonSchema {
  const prop = (schema.properties as Record<string, TJsonSchema> | undefined)?.[name];
  if (!prop) throw new Error(`JSON Schema object has no property "${name}"`);
  return prop;
}

let rulesSchema: TJsonSchema | null = null;
let orderSchema: TJsonSchema | null = null;

/**
 * JSON Schema of what the rule importer accepts: one json-rules-engine rule, an array of rules, or
 * `{ "rules": [...] }` (json-rules-engine's export shape, which a compiled Switchyard ruleset also has).
 * Fact and operator names are open (custom ones are allowed) but Switchyard's own are offered as examples.
 */
export function rulesJsonSchema(): TJsonSchema {
  if (rulesSchema) return rulesSchema;
  const schema = generate(ZJreRuleList, (r) => {
    r.add(ZJreImportRule, { id: "rule", title: "Rule", description: "A json-rules-engine rule: when `conditions` hold, `event` fires. Higher `priority` runs first (read as json-rules-engine reads it: 2.5 runs as 2, 0 as 1)." });
    r.add(ZJreTopLevelCondition, { id: "topLevelCondition", description: "A rule's conditions: `all`, `any` or `not` at the top." });
    r.add(ZJreCondition, { id: "condition", description: "A fact test, or a nested `all` / `any` / `not` group." });
    r.add(ZJreFactCondition, { id: "factCondition", description: "Compares a fact with a value (or with another fact: `{ \"fact\": \"…\" }`) using an operator." });
    r.add(ZJreEvent, { id: "event", description: "What happens when the rule matches: a Switchyard action type and its params." });
  });
  schema.title = "json-rules-engine rules";
  const fact = definition(schema, "factCondition");
  const facts = [...ORDER_FACT_IDS, ...LINE_FACT_IDS, LINES_FACT, MATCHED_RULE_COUNT_FACT];
  Object.assign(property(fact, "fact"), { description: "Name of the fact to test", examples: [...new Set(facts)] });
  Object.assign(property(fact, "operator"), { description: "json-rules-engine operator (built-in or registered by Switchyard)", examples: [...OPERATOR_NAMES] });
  Object.assign(property(fact, "value"), { description: "The value to compare with; `{ \"fact\": \"…\" }` compares with another fact" });
  rulesSchema = schema;
  return schema;
}

/** JSON Schema of an order as it is written (input shape: fields with defaults may be left out). */
export function orderJsonSchema(): TJsonSchema {
  if (orderSchema) return orderSchema;
  const schema = generate(ZOrder, () => {});
  schema.title = "Switchyard order";
  orderSchema = schema;
  return schema;
}
