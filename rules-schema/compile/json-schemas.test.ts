/**
 * The generated JSON Schemas, checked with a real JSON Schema validator (Ajv, draft-07): they accept
 * json-rules-engine's documented rule shapes and our compiled output, reject what the importer
 * rejects, and agree with the zod schemas they come from.
 */
import Ajv from "ajv";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OPERATOR_NAMES } from "../operators/operator-registry";
import { ZOrder } from "../order/order-schema";
import { arbGraph, arbOrder } from "../testing/arbitraries";
import { GraphBuilder, cond, makeLine, makeOrder, singleRule } from "../testing/factories";
import { compileGraph } from "./compile-graph";
import { ZJreRuleList } from "./compiled-schema";
import { type TJsonSchema, orderJsonSchema, rulesJsonSchema } from "./json-schemas";

const ajv = new Ajv({ allErrors: true });
const validateRules = ajv.compile(rulesJsonSchema());
const validateOrder = ajv.compile(orderJsonSchema());

const rulesOk = (json: unknown) => validateRules(json) === true;
const orderOk = (json: unknown) => validateOrder(json) === true;

function compiled(graph: unknown) {
  const r = compileGraph(graph);
  if (!r.ok) throw new Error(`compile failed: ${JSON.stringify(r.problems)}`);
  return r.compiled;
}

/** Every `$ref` in a schema, with the JSON pointer it names. */
function refsOf(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) refsOf(n, out);
  else if (node !== null && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if (k === "$ref" && typeof v === "string") out.push(v);
      else refsOf(v, out);
    }
  }
  return out;
}

function resolvePointer(schema: TJsonSchema, ref: string): unknown {
  expect(ref.startsWith("#/")).toBe(true);
  return ref
    .slice(2)
    .split("/")
    .reduce<unknown>((at, key) => (at !== null && typeof at === "object" ? (at as Record<string, unknown>)[key] : undefined), schema);
}

const fouledOut = {
  conditions: {
    any: [
      { all: [{ fact: "gameDuration", operator: "equal", value: 40 }, { fact: "personalFoulCount", operator: "greaterThanInclusive", value: 5 }] },
      { all: [{ fact: "gameDuration", operator: "equal", value: 48 }, { fact: "personalFoulCount", operator: "greaterThanInclusive", value: 6 }] },
    ],
  },
  event: { type: "fouledOut", params: { message: "Player has fouled out!" } },
};

/** Rules as json-rules-engine's README and docs/rules.md write them. */
const documented: [string, unknown][] = [
  ["the README's basketball rule (any of all)", fouledOut],
  ["an array of rules", [fouledOut, { ...fouledOut, priority: 10, name: "second" }]],
  ["priorities as json-rules-engine reads them (0, 2.5, \"10\", null)", [{ ...fouledOut, priority: 0 }, { ...fouledOut, priority: 2.5 }, { ...fouledOut, priority: "10" }, { ...fouledOut, priority: null }]],
  ["the engine's export shape { rules: [...] }", { rules: [fouledOut], decisions: [] }],
  [
    "fact params and a path into the fact",
    {
      conditions: { all: [{ fact: "account-information", operator: "equal", value: "microsoft", path: "$.company", params: { accountId: "lincoln" } }] },
      event: { type: "microsoft-employee" },
    },
  ],
  [
    "comparing with another fact",
    { conditions: { all: [{ fact: "product-price", operator: "greaterThan", value: { fact: "product-price-threshold" } }] }, event: { type: "price-alert" } },
  ],
  ["a top-level not", { conditions: { not: { fact: "status", operator: "equal", value: "active" } }, event: { type: "inactive" } }],
  [
    "named, prioritised conditions nested in not/any",
    {
      name: "nested",
      priority: 50,
      conditions: {
        all: [{ not: { any: [{ fact: "a", operator: "in", value: [1, 2], name: "a-in", priority: 2 }] } }, { fact: "b", operator: "contains", value: null }],
      },
      event: { type: "x" },
    },
  ],
  ["an empty all", { conditions: { all: [] }, event: { type: "always" } }],
];

const rejected: [string, unknown][] = [
  ["no event", { conditions: { all: [] } }],
  ["no conditions", { event: { type: "x" } }],
  ["a bare fact test as the top-level condition", { conditions: { fact: "a", operator: "equal", value: 1 }, event: { type: "x" } }],
  ["a condition without an operator", { conditions: { all: [{ fact: "a", value: 1 }] }, event: { type: "x" } }],
  ["a condition without a value", { conditions: { all: [{ fact: "a", operator: "equal" }] }, event: { type: "x" } }],
  ["a misspelt key in a condition", { conditions: { all: [{ fact: "a", operater: "equal", value: 1 }] }, event: { type: "x" } }],
  ["all that is not an array", { conditions: { all: { fact: "a", operator: "equal", value: 1 } }, event: { type: "x" } }],
  ["an unknown key beside all", { conditions: { all: [], also: [] }, event: { type: "x" } }],
  ["a bad condition five levels deep", { conditions: { all: [{ any: [{ not: { all: [{ any: [{ fact: "a", operator: "", value: 1 }] }] } }] }] }, event: { type: "x" } }],
  ["a negative priority", { ...fouledOut, priority: -1 }],
  ["priority \"0\" (json-rules-engine throws on it)", { ...fouledOut, priority: "0" }],
  ["a priority that is not a number", { ...fouledOut, priority: "high" }],
  ["an empty event type", { ...fouledOut, event: { type: "" } }],
  ["event params that are not an object", { ...fouledOut, event: { type: "x", params: [1] } }],
  ["an empty fact name", { conditions: { all: [{ fact: "", operator: "equal", value: 1 }] }, event: { type: "x" } }],
  ["a string", "rules"],
  ["null", null],
  ["an array holding a non-rule", [fouledOut, 42]],
  ["{ rules } holding a non-rule", { rules: [{ conditions: { all: [] } }] }],
];

describe("rulesJsonSchema", () => {
  it.each(documented)("accepts %s", (_name, json) => {
    expect(rulesOk(json), JSON.stringify(validateRules.errors)).toBe(true);
  });

  it.each(rejected)("rejects %s", (_name, json) => {
    expect(rulesOk(json)).toBe(false);
  });

  it.each([...documented, ...rejected])("agrees with the zod schema on %s", (_name, json) => {
    expect(rulesOk(json)).toBe(ZJreRuleList.safeParse(json).success);
  });

  const graphs: [string, unknown][] = [
    ["a single rule", singleRule(cond("country", "equal", "US"))],
    ["a rule on a parameterised fact", singleRule(cond("inStockAt", "equal", true, { warehouseId: "wh-la" }), "flag")],
    [
      "two paths, a false edge, a line quantifier and a fallback",
      (() => {
        const b = new GraphBuilder("orderReview", "first");
        const c1 = b.add("condition", cond("totalValue", "greaterThan", 500));
        const c2 = b.add("condition", cond("country", "in", ["US", "CA"]));
        const q = b.add("lineQuantifier", { quantifier: "any" });
        const m = b.add("condition", cond("line.hasBattery", "equal", true));
        const hold = b.add("hold", { reason: "Check it" });
        const flag = b.add("flag", { code: "ok" });
        const fb = b.add("fallback");
        const pass = b.add("flag", { code: "default" });
        b.link("start", c1, "next").link(c1, hold, "true").link(c1, c2, "false").link(c2, q, "true").link(q, m, "member").link(q, flag, "true");
        b.link(fb, pass, "next");
        return b.build();
      })(),
    ],
  ];

  it.each(graphs)("accepts the compiled rules and the whole compiled ruleset of %s", (_name, graph) => {
    const out = compiled(graph);
    expect(rulesOk(out.rules), JSON.stringify(validateRules.errors)).toBe(true);
    expect(rulesOk(out), JSON.stringify(validateRules.errors)).toBe(true);
  });

  it("accepts whatever random graphs compile to", () => {
    let compiledCount = 0;
    fc.assert(
      fc.property(arbGraph(), (graph) => {
        const r = compileGraph(graph);
        if (!r.ok) return;
        compiledCount++;
        expect(rulesOk(r.compiled.rules), JSON.stringify(validateRules.errors)).toBe(true);
      }),
      { seed: 7, numRuns: 300 },
    );
    expect(compiledCount).toBeGreaterThan(100);
  });

  it("describes recursive conditions once and reaches them by $ref", () => {
    const schema = rulesJsonSchema();
    const defs = schema.definitions as Record<string, TJsonSchema>;
    expect(Object.keys(defs).sort()).toEqual(["condition", "event", "factCondition", "rule", "topLevelCondition"]);
    expect(refsOf(defs.condition)).toContain("#/definitions/condition");
    for (const ref of refsOf(schema)) expect(resolvePointer(schema, ref), ref).toBeTypeOf("object");
    // Deep nesting validates through the same definition.
    let deep: unknown = { fact: "a", operator: "equal", value: 1 };
    for (let i = 0; i < 40; i++) deep = i % 2 ? { all: [deep] } : { not: deep };
    expect(rulesOk({ conditions: { all: [deep] }, event: { type: "x" } })).toBe(true);
  });

  it("offers Switchyard's facts and operators as completions without closing the vocabulary", () => {
    const fact = (rulesJsonSchema().definitions as Record<string, { properties: Record<string, { examples?: string[] }> }>).factCondition!;
    expect(fact.properties.fact!.examples).toEqual(expect.arrayContaining(["country", "totalValue", "matchedRuleCount"]));
    expect(fact.properties.operator!.examples).toEqual(OPERATOR_NAMES);
    expect(rulesOk({ conditions: { all: [{ fact: "custom-fact", operator: "customOp", value: 1 }] }, event: { type: "x" } })).toBe(true);
  });

  it("is plain JSON (Monaco and other tools get it serialised)", () => {
    const schema = rulesJsonSchema();
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
  });
});

describe("orderJsonSchema", () => {
  const minimal = {
    id: "o-1",
    platform: "temu",
    storeId: "s-1",
    createdAt: "2026-11-20T08:00:00+08:00",
    currency: "USD",
    totalValue: 12.5,
    shippingAddress: { country: "US" },
    lines: [{ platformSku: "A", quantity: 1, unitPrice: 12.5, weightGrams: 100 }],
  };
  const accepted: [string, unknown][] = [
    ["a parsed order from the factory", makeOrder()],
    ["an order leaving out every field with a default", minimal],
    ["lines with dimensions and flags", { ...minimal, lines: [makeLine({ dimensionsCm: { length: 10, width: 5, height: 2 }, hasBattery: true })] }],
  ];
  const bad: [string, unknown][] = [
    ["a lower-case country", { ...minimal, shippingAddress: { country: "us" } }],
    ["no lines", { ...minimal, lines: [] }],
    ["a timestamp without an offset", { ...minimal, createdAt: "2026-11-20T08:00:00" }],
    ["an unknown platform", { ...minimal, platform: "ebay" }],
    ["a negative total", { ...minimal, totalValue: -1 }],
    ["a fractional quantity", { ...minimal, lines: [{ ...minimal.lines[0], quantity: 1.5 }] }],
    ["no id", { ...minimal, id: undefined }],
  ];

  it.each(accepted)("accepts %s", (_name, json) => {
    expect(orderOk(JSON.parse(JSON.stringify(json))), JSON.stringify(validateOrder.errors)).toBe(true);
  });

  it.each(bad)("rejects %s", (_name, json) => {
    expect(orderOk(JSON.parse(JSON.stringify(json)))).toBe(false);
  });

  it.each([...accepted, ...bad])("agrees with the zod schema on %s", (_name, json) => {
    const plain = JSON.parse(JSON.stringify(json));
    expect(orderOk(plain)).toBe(ZOrder.safeParse(plain).success);
  });

  it("accepts random orders", () => {
    fc.assert(
      fc.property(arbOrder(), (order) => {
        expect(orderOk(JSON.parse(JSON.stringify(order))), JSON.stringify(validateOrder.errors)).toBe(true);
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});
