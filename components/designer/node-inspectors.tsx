"use client";
import { type ReactNode, useRef, useState } from "react";
import { TableEditor } from "./table-editor/table-editor";
import { ParamEditor, defaultParams } from "./fact-param-editor";
import { Field } from "@/components/ui/field";
import { type FactDefinition, LINE_FACT_IDS, ORDER_FACT_IDS, type TFactType, getFactDefinition } from "@/rules-schema/facts/fact-catalog";
import { ACTION_PRIORITY_DEFAULT, type TActionKind, type TConditionData, type TNodeKind, type TNodeOf, type TOperand } from "@/rules-schema/graph/graph-schema";
import type { TProblem } from "@/rules-schema/graph/problem-schema";
import { OPERATORS, type TOperatorName, type TValueShape, getOperator, operatorsForFactType, valueShapeOf } from "@/rules-schema/operators/operator-registry";
import { useDesignerMasterData } from "./designer-master-data";
import {
  CountryMultiSelect,
  CountrySelect,
  ListInput,
  MasterDataChecklist,
  MasterDataPicker,
  OptionChecklist,
  PostalCodeSetInput,
  type PostalCodeSetValue,
  QuantityInput,
} from "./value-editors";

export interface InspectorProps<K extends TNodeKind> {
  nodeId: string;
  data: TNodeOf<K>["data"];
  /** Replaces the node's data; `field` names what changed, so typing in one field is one undo step. */
  onChange: (data: TNodeOf<K>["data"], field: string) => void;
  /** Field-level messages from the validator, by field path ("data.fact", "data.warehouseId"). */
  errors: Record<string, string[]>;
  readOnly: boolean;
}
export type Inspector<K extends TNodeKind> = (props: InspectorProps<K>) => ReactNode;

const fid = (nodeId: string, field: string) => `insp-${nodeId}-${field}`;

/** Messages of problems that name a field of the node, by that field. */
export function fieldErrorsOf(problems: readonly TProblem[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of problems) if (p.field) (out[p.field] ??= []).push(p.message);
  return out;
}

function Explain({ children }: { children: ReactNode }) {
  return <p className="muted inspector-explain">{children}</p>;
}

const PriorityField = ({ nodeId, value, onChange, errors }: { nodeId: string; value: number; onChange: (v: number) => void; errors: Record<string, string[]> }) => (
  <Field label="Priority" htmlFor={fid(nodeId, "priority")} error={errors["data.priority"]} hint="Higher runs first (2–10,000); with “first match wins” the highest matching rule decides.">
    <input
      id={fid(nodeId, "priority")}
      className="input"
      type="number"
      min={2}
      max={10_000}
      value={Number.isFinite(value) ? value : ""}
      onChange={(e) => onChange(e.target.value === "" ? ACTION_PRIORITY_DEFAULT : Number(e.target.value))}
    />
  </Field>
);

/** An action's editor: its own fields plus the shared priority. */
function actionInspector<K extends TActionKind>(_kind: K, explain: string, fields: (p: InspectorProps<K>) => ReactNode): Inspector<K> {
  return function ActionInspector(props) {
    const data = props.data as { priority: number };
    return (
      <fieldset disabled={props.readOnly} className="inspector-fields">
        <Explain>{explain}</Explain>
        {fields(props)}
        <PriorityField nodeId={props.nodeId} value={data.priority} errors={props.errors} onChange={(v) => props.onChange({ ...data, priority: v } as TNodeOf<K>["data"], "priority")} />
        <CarriedParams {...(props as unknown as InspectorProps<TActionKind>)} />
      </fieldset>
    );
  };
}

/**
 * Event params the action does not use itself (kept from an imported json-rules-engine file): they
 * travel with the action into every decision and trace. Shown so nothing is hidden; removable.
 */
function CarriedParams(props: InspectorProps<TActionKind>) {
  const data = props.data as { extraParams?: Record<string, unknown> };
  const entries = Object.entries(data.extraParams ?? {});
  if (entries.length === 0) return null;
  const remove = (key: string) => {
    const { [key]: _gone, ...rest } = data.extraParams ?? {};
    const next = { ...data } as Record<string, unknown>;
    if (Object.keys(rest).length > 0) next.extraParams = rest;
    else delete next.extraParams;
    props.onChange(next as TNodeOf<TActionKind>["data"], "extraParams");
  };
  return (
    <Field label="Carried event params" htmlFor={fid(props.nodeId, "extraParams")} error={props.errors["data.extraParams"]} hint="From the imported rule file; sent with the action in every decision and trace.">
      <ul className="carried-params" id={fid(props.nodeId, "extraParams")} data-testid="carried-params">
        {entries.map(([key, value]) => (
          <li key={key}>
            <code>{key}</code> <span className="muted">=</span> <code>{JSON.stringify(value)}</code>
            {props.readOnly ? null : (
              <button type="button" className="btn small" aria-label={`Remove param ${key}`} onClick={() => remove(key)}>
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>
    </Field>
  );
}

const textField = <K extends TNodeKind>(p: InspectorProps<K>, key: string, label: string, hint?: string) => {
  const value = (p.data as Record<string, unknown>)[key];
  return (
    <Field label={label} htmlFor={fid(p.nodeId, key)} error={p.errors[`data.${key}`]} {...(hint ? { hint } : {})}>
      <input id={fid(p.nodeId, key)} className="input" value={typeof value === "string" ? value : ""} onChange={(e) => p.onChange({ ...p.data, [key]: e.target.value } as TNodeOf<K>["data"], key)} />
    </Field>
  );
};

// ---- condition ----

const FACT_GROUPS = ["Order", "Address", "Items", "Timing", "Master data", "Line item"] as const;
const factOptions = [...ORDER_FACT_IDS, ...LINE_FACT_IDS].map((id) => ({ id, def: getFactDefinition(id)! }));

/** The value a fresh editor of this shape starts with. */
function defaultValue(shape: TValueShape, def: FactDefinition | undefined, firstStore: string | null, firstWarehouse: string | null): unknown {
  switch (shape) {
    case "none":
      return null;
    case "list":
      return [];
    case "range":
      return [0, 0];
    case "postalCodes":
      return { prefixes: [], ranges: [] };
    case "text":
      return "";
    case "scalar":
      if (!def) return "";
      if (def.type === "number") return 0;
      if (def.type === "boolean") return true;
      if (def.options) return def.options[0] ?? "";
      if (def.format === "country") return "US";
      if (def.format === "storeId") return firstStore ?? "";
      if (def.format === "warehouseId") return firstWarehouse ?? "";
      return "";
  }
}

const unitOf = (def: FactDefinition | undefined) => (def?.unit === "g" || def?.unit === "cm" || def?.unit === "h" || def?.unit === "money" || def?.unit === "count" ? def.unit : undefined);

function ValueEditor({ nodeId, def, operator, value, onChange }: { nodeId: string; def: FactDefinition | undefined; operator: string; value: unknown; onChange: (v: unknown) => void }) {
  const shape = valueShapeOf(operator);
  const id = fid(nodeId, "value");
  const type: TFactType = def?.type ?? "string";
  switch (shape) {
    case "none":
      return <p className="muted">This operator takes no value.</p>;
    case "text":
      return <input id={id} className="input" value={typeof value === "string" ? value : ""} onChange={(e) => onChange(e.target.value)} />;
    case "range": {
      const [lo, hi] = Array.isArray(value) ? value : [null, null];
      return (
        <div className="range-input">
          <QuantityInput id={id} ariaLabel="From" unit={unitOf(def)} value={typeof lo === "number" ? lo : null} onChange={(v) => onChange([v, typeof hi === "number" ? hi : null])} />
          <span className="muted">to</span>
          <QuantityInput ariaLabel="To" unit={unitOf(def)} value={typeof hi === "number" ? hi : null} onChange={(v) => onChange([typeof lo === "number" ? lo : null, v])} />
        </div>
      );
    }
    case "postalCodes": {
      const set = (value && typeof value === "object" && !Array.isArray(value) ? value : { prefixes: [], ranges: [] }) as PostalCodeSetValue;
      return <PostalCodeSetInput id={id} value={{ prefixes: set.prefixes ?? [], ranges: set.ranges ?? [] }} onChange={onChange} />;
    }
    case "list": {
      const list = Array.isArray(value) ? value : [];
      if (def?.format === "country") return <CountryMultiSelect id={id} value={list.map(String)} onChange={onChange} />;
      if (def?.format === "storeId") return <MasterDataChecklist kind="store" ariaLabel="Stores" value={list.map(String)} onChange={onChange} />;
      if (def?.format === "warehouseId") return <MasterDataChecklist kind="warehouse" ariaLabel="Warehouses" value={list.map(String)} onChange={onChange} />;
      if (def?.options) return <OptionChecklist options={def.options} ariaLabel="Values" value={list.map(String)} onChange={onChange} />;
      return <ListInput id={id} numeric={type === "number"} value={list} onChange={onChange} />;
    }
    case "scalar":
      if (type === "boolean")
        return (
          <select id={id} className="input" value={value === false ? "false" : "true"} onChange={(e) => onChange(e.target.value === "true")}>
            <option value="true">yes (true)</option>
            <option value="false">no (false)</option>
          </select>
        );
      if (type === "number") return <QuantityInput id={id} unit={unitOf(def)} value={typeof value === "number" ? value : null} onChange={onChange} />;
      if (def?.options)
        return (
          <select id={id} className="input" value={String(value ?? "")} onChange={(e) => onChange(e.target.value)}>
            {def.options.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        );
      if (def?.format === "country") return <CountrySelect id={id} value={typeof value === "string" ? value : ""} onChange={onChange} />;
      if (def?.format === "storeId") return <MasterDataPicker id={id} kind="store" value={typeof value === "string" ? value : null} onChange={(v) => onChange(v ?? "")} />;
      if (def?.format === "warehouseId") return <MasterDataPicker id={id} kind="warehouse" value={typeof value === "string" ? value : null} onChange={(v) => onChange(v ?? "")} />;
      return <input id={id} className="input" value={typeof value === "string" ? value : String(value ?? "")} onChange={(e) => onChange(e.target.value)} />;
  }
}

const ConditionInspector: Inspector<"condition"> = ({ nodeId, data, onChange, errors, readOnly }) => {
  const md = useDesignerMasterData();
  const def = getFactDefinition(data.fact);
  const ops = def ? operatorsForFactType(def.type, def.format) : [];
  const op = getOperator(data.operator);
  const firstStore = md.stores[0]?.id ?? null;
  const firstWarehouse = md.warehouses[0]?.id ?? null;

  function setFact(fact: string) {
    const next = getFactDefinition(fact);
    if (!next) return;
    const allowed = operatorsForFactType(next.type, next.format);
    const operator = (allowed as string[]).includes(data.operator) ? data.operator : (allowed[0] ?? "equal");
    const keep = data.operand.type === "value" && getOperator(operator)?.valueSchema(next.type).safeParse(data.operand.value).success && (next.type === def?.type && next.format === def?.format);
    const params = defaultParams(next, md);
    const out: TConditionData = {
      fact,
      operator,
      operand: keep ? data.operand : { type: "value", value: defaultValue(valueShapeOf(operator), next, firstStore, firstWarehouse) },
      ...(params ? { params } : {}),
    };
    onChange(out, "fact");
  }
  function setOperator(operator: string) {
    const sameShape = valueShapeOf(operator) === valueShapeOf(data.operator);
    const nextOp = getOperator(operator);
    const operand: TOperand =
      data.operand.type === "fact" && nextOp?.allowsFactOperand ? data.operand : sameShape && data.operand.type === "value" ? data.operand : { type: "value", value: defaultValue(valueShapeOf(operator), def, firstStore, firstWarehouse) };
    onChange({ ...data, operator, operand }, "operator");
  }
  const isLine = data.fact.startsWith("line.");
  const sameTypeFacts = factOptions.filter((f) => f.def.type === def?.type && f.id !== data.fact && f.id.startsWith("line.") === isLine && !f.def.param);

  return (
    <fieldset disabled={readOnly} className="inspector-fields">
      <Field label="Fact" htmlFor={fid(nodeId, "fact")} error={errors["data.fact"]} hint={def ? `${def.description}${def.unit ? ` · in ${def.unit === "money" ? "order currency" : def.unit}` : ""}${def.nullable ? " · may be unknown" : ""}` : "Pick what to test"}>
        <select id={fid(nodeId, "fact")} className="input" value={def ? data.fact : ""} onChange={(e) => setFact(e.target.value)}>
          {!def ? <option value="">{data.fact ? `${data.fact} (unknown fact)` : "Choose a fact"}</option> : null}
          {FACT_GROUPS.map((g) => (
            <optgroup key={g} label={g === "Line item" ? "Line item (inside “line items match”)" : g}>
              {factOptions
                .filter((f) => f.def.group === g)
                .map((f) => (
                  <option key={f.id} value={f.id}>
                    {f.def.label} · {f.def.type === "stringList" ? "list" : f.def.type}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      </Field>
      {def?.param ? <ParamEditor nodeId={nodeId} def={def} params={data.params} errors={errors["data.params"]} onChange={(params) => onChange({ ...data, params }, "params")} /> : null}
      <Field label="Operator" htmlFor={fid(nodeId, "operator")} error={errors["data.operator"]}>
        <select id={fid(nodeId, "operator")} className="input" value={op ? data.operator : ""} onChange={(e) => setOperator(e.target.value)}>
          {!op ? <option value="">{data.operator ? `${data.operator} (unknown)` : "Choose an operator"}</option> : null}
          {(ops.length ? ops : (Object.keys(OPERATORS) as TOperatorName[])).map((o) => (
            <option key={o} value={o}>
              {OPERATORS[o].label}
            </option>
          ))}
        </select>
      </Field>
      {op && !op.takesNoValue ? (
        <>
          {op.allowsFactOperand && sameTypeFacts.length > 0 ? (
            <div className="segmented" role="radiogroup" aria-label="Compare with">
              {(["value", "fact"] as const).map((t) => (
                <label key={t} className={data.operand.type === t ? "active" : ""}>
                  <input
                    type="radio"
                    name={`${nodeId}-operand`}
                    checked={data.operand.type === t}
                    onChange={() =>
                      onChange(
                        { ...data, operand: t === "value" ? { type: "value", value: defaultValue(valueShapeOf(data.operator), def, firstStore, firstWarehouse) } : { type: "fact", fact: sameTypeFacts[0]!.id } },
                        "operand",
                      )
                    }
                  />
                  {t === "value" ? "a value" : "another fact"}
                </label>
              ))}
            </div>
          ) : null}
          <Field label={data.operand.type === "fact" ? "Other fact" : "Value"} htmlFor={fid(nodeId, "value")} error={errors["data.operand.value"] ?? errors["data.operand"] ?? errors["data.operand.fact"]}>
            {data.operand.type === "fact" ? (
              <select id={fid(nodeId, "value")} className="input" value={data.operand.fact} onChange={(e) => onChange({ ...data, operand: { type: "fact", fact: e.target.value } }, "operand")}>
                {sameTypeFacts.map((f) => (
                  <option key={f.id} value={f.id}>
                    {f.def.label}
                  </option>
                ))}
              </select>
            ) : (
              <ValueEditor nodeId={nodeId} def={def} operator={data.operator} value={data.operand.value} onChange={(value) => onChange({ ...data, operand: { type: "value", value } }, "value")} />
            )}
          </Field>
        </>
      ) : null}
    </fieldset>
  );
};

function explainOnly<K extends TNodeKind>(text: string): Inspector<K> {
  return function ExplainOnly() {
    return <Explain>{text}</Explain>;
  };
}

const LineQuantifierInspector: Inspector<"lineQuantifier"> = ({ nodeId, data, onChange, readOnly, errors }) => (
  <fieldset disabled={readOnly} className="inspector-fields">
    <Explain>Tests the order’s line items. Connect its member (bottom handle) to a condition on line facts, or a group of them.</Explain>
    <Field label="Which lines must match" htmlFor={fid(nodeId, "quantifier")} error={errors["data.quantifier"]}>
      <select id={fid(nodeId, "quantifier")} className="input" value={data.quantifier} onChange={(e) => onChange({ quantifier: e.target.value as "any" | "all" | "none" }, "quantifier")}>
        <option value="any">At least one line</option>
        <option value="all">Every line</option>
        <option value="none">No line</option>
      </select>
    </Field>
  </fieldset>
);

/** The inspector of each node kind; keyed by the same kind type as the core registry. */
export const NODE_INSPECTORS = {
  start: explainOnly("Every order enters the ruleset here. Connect it to the first test of each rule."),
  fallback: explainOnly("Runs when no other rule matched the order. Connect it to the actions to take then."),
  condition: ConditionInspector,
  all: explainOnly("True when every member (bottom handle) is true. Connect its true and false outputs onward."),
  any: explainOnly("True when at least one member (bottom handle) is true."),
  not: explainOnly("True when its single member is false."),
  lineQuantifier: LineQuantifierInspector,
  assignWarehouse: actionInspector("assignWarehouse", "Ships the order from this warehouse.", (p) => (
    <Field label="Warehouse" htmlFor={fid(p.nodeId, "warehouseId")} error={p.errors["data.warehouseId"]}>
      <MasterDataPicker id={fid(p.nodeId, "warehouseId")} kind="warehouse" value={p.data.warehouseId} onChange={(v) => p.onChange({ ...p.data, warehouseId: v ?? "" }, "warehouseId")} />
    </Field>
  )),
  assignChannel: actionInspector("assignChannel", "Ships the order with this logistics channel.", (p) => (
    <Field label="Channel" htmlFor={fid(p.nodeId, "channelId")} error={p.errors["data.channelId"]}>
      <MasterDataPicker id={fid(p.nodeId, "channelId")} kind="channel" value={p.data.channelId} onChange={(v) => p.onChange({ ...p.data, channelId: v ?? "" }, "channelId")} />
    </Field>
  )),
  hold: actionInspector("hold", "Holds the order for a person to look at.", (p) => textField(p, "reason", "Reason", "Shown to the team on the held order.")),
  flag: actionInspector("flag", "Marks the order with a code other rules and reports can use.", (p) => textField(p, "code", "Code", "Lower-case letters, digits, '_', '-', '.'.")),
  intercept: actionInspector("intercept", "Stops the order before it ships (e.g. the buyer cancelled).", (p) => textField(p, "reason", "Reason")),
  splitPackage: actionInspector("splitPackage", "Splits the order into several parcels.", (p) => (
    <>
      <Field label="Split by" htmlFor={fid(p.nodeId, "strategy")} error={p.errors["data.strategy"]}>
        <select
          id={fid(p.nodeId, "strategy")}
          className="input"
          value={p.data.strategy}
          onChange={(e) => p.onChange({ ...p.data, strategy: e.target.value as "channelLimits" | "maxWeight", maxWeightGrams: e.target.value === "maxWeight" ? (p.data.maxWeightGrams ?? 2000) : p.data.maxWeightGrams }, "strategy")}
        >
          <option value="channelLimits">The channel’s weight and size limits</option>
          <option value="maxWeight">A maximum weight per parcel</option>
        </select>
      </Field>
      {p.data.strategy === "maxWeight" ? (
        <Field label="Maximum weight per parcel" htmlFor={fid(p.nodeId, "maxWeightGrams")} error={p.errors["data.maxWeightGrams"]}>
          <QuantityInput id={fid(p.nodeId, "maxWeightGrams")} unit="g" value={p.data.maxWeightGrams} onChange={(v) => p.onChange({ ...p.data, maxWeightGrams: v }, "maxWeightGrams")} />
        </Field>
      ) : (
        <Field label="Channel" htmlFor={fid(p.nodeId, "channelId")} error={p.errors["data.channelId"]} hint="Leave on “assigned channel” to use the channel the order ends up with.">
          <MasterDataPicker id={fid(p.nodeId, "channelId")} kind="channel" allowNone="The order’s assigned channel" value={p.data.channelId} onChange={(v) => p.onChange({ ...p.data, channelId: v }, "channelId")} />
        </Field>
      )}
    </>
  )),
  mergeOrders: actionInspector("mergeOrders", "Merges the buyer’s open orders into one shipment.", (p) => (
    <Field label="Orders placed within" htmlFor={fid(p.nodeId, "withinHours")} error={p.errors["data.withinHours"]}>
      <QuantityInput id={fid(p.nodeId, "withinHours")} unit="h" value={p.data.withinHours} onChange={(v) => p.onChange({ ...p.data, withinHours: v ?? 0 }, "withinHours")} />
    </Field>
  )),
  pushToWarehouse: actionInspector("pushToWarehouse", "Sends the order to its warehouse for picking.", () => null),
  requestTracking: actionInspector("requestTracking", "Applies for a tracking number with the carrier.", () => null),
  addTag: actionInspector("addTag", "Adds a tag to the order.", (p) => textField(p, "tag", "Tag")),
  setPriority: actionInspector("setPriority", "Sets how urgently the warehouse handles the order.", (p) => (
    <Field label="Level" htmlFor={fid(p.nodeId, "level")} error={p.errors["data.level"]}>
      <select id={fid(p.nodeId, "level")} className="input" value={p.data.level} onChange={(e) => p.onChange({ ...p.data, level: e.target.value as typeof p.data.level }, "level")}>
        {(["low", "normal", "high", "urgent"] as const).map((l) => (
          <option key={l} value={l}>
            {l}
          </option>
        ))}
      </select>
    </Field>
  )),
  customsDeclaration: actionInspector("customsDeclaration", "Fills in the parcel’s customs declaration before a tracking number is requested: the declared value, and each line’s HS code from the SKU’s master data.", (p) => (
    <>
      <Field label="Declared value" htmlFor={fid(p.nodeId, "valueMode")} error={p.errors["data.valueMode"]}>
        <select
          id={fid(p.nodeId, "valueMode")}
          className="input"
          value={p.data.valueMode}
          onChange={(e) =>
            p.onChange(
              e.target.value === "fixed"
                ? { ...p.data, valueMode: "fixed", amount: p.data.amount ?? 10, sharePercent: null, capAmount: null }
                : { ...p.data, valueMode: "share", sharePercent: p.data.sharePercent ?? 30, amount: null, currency: null },
              "valueMode",
            )
          }
        >
          <option value="share">A share of the order value</option>
          <option value="fixed">A fixed amount</option>
        </select>
      </Field>
      {p.data.valueMode === "fixed" ? (
        <>
          <Field label="Amount" htmlFor={fid(p.nodeId, "amount")} error={p.errors["data.amount"]}>
            <QuantityInput id={fid(p.nodeId, "amount")} unit="money" value={p.data.amount} onChange={(v) => p.onChange({ ...p.data, amount: v }, "amount")} />
          </Field>
          <Field label="Currency" htmlFor={fid(p.nodeId, "currency")} error={p.errors["data.currency"]} hint="ISO code, e.g. USD; empty: the order’s currency.">
            <input
              id={fid(p.nodeId, "currency")}
              className="input mono"
              maxLength={3}
              value={p.data.currency ?? ""}
              onChange={(e) => p.onChange({ ...p.data, currency: e.target.value.trim() === "" ? null : e.target.value.toUpperCase() }, "currency")}
            />
          </Field>
        </>
      ) : (
        <>
          <Field label="Share of the order value (%)" htmlFor={fid(p.nodeId, "sharePercent")} error={p.errors["data.sharePercent"]}>
            <QuantityInput id={fid(p.nodeId, "sharePercent")} value={p.data.sharePercent} onChange={(v) => p.onChange({ ...p.data, sharePercent: v }, "sharePercent")} />
          </Field>
          <Field label="At most" htmlFor={fid(p.nodeId, "capAmount")} error={p.errors["data.capAmount"]} hint="In the order’s currency; empty: no cap.">
            <QuantityInput id={fid(p.nodeId, "capAmount")} unit="money" value={p.data.capAmount} onChange={(v) => p.onChange({ ...p.data, capAmount: v }, "capAmount")} />
          </Field>
        </>
      )}
      <Field label="HS code when the SKU has none" htmlFor={fid(p.nodeId, "fallbackHsCode")} error={p.errors["data.fallbackHsCode"]} hint="6–10 digits, e.g. 8517.62; empty: such lines are reported as missing.">
        <input
          id={fid(p.nodeId, "fallbackHsCode")}
          className="input mono"
          inputMode="numeric"
          value={p.data.fallbackHsCode ?? ""}
          onChange={(e) => p.onChange({ ...p.data, fallbackHsCode: e.target.value.trim() === "" ? null : e.target.value }, "fallbackHsCode")}
        />
      </Field>
    </>
  )),
  decisionTable: (p) => <DecisionTableInspector {...p} />,
} satisfies { [K in TNodeKind]: Inspector<K> };

/** A decision table's settings at a glance, and the spreadsheet editor over the designer. */
function DecisionTableInspector(p: InspectorProps<"decisionTable">) {
  const [open, setOpen] = useState(false);
  const edits = useRef(0);
  const t = p.data;
  const cellProblems = Object.keys(p.errors).filter((f) => f.startsWith("data.rows.")).length;
  return (
    <>
      <Explain>
        One rule per row: a row matches when every filled condition cell does (an empty cell matches any order); its action cells fire. Orders a row matches continue to the table’s “yes”
        output, the others to “no”.
      </Explain>
      <dl className="table-inspector-stats">
        <div>
          <dt>Rows</dt>
          <dd>{t.rows.length.toLocaleString("en-US")}</dd>
        </div>
        <div>
          <dt>Hit policy</dt>
          <dd>{t.hitPolicy === "first" ? "First matching row" : "Every matching row"}</dd>
        </div>
        <div>
          <dt>Priority</dt>
          <dd>{t.priority}</dd>
        </div>
        <div>
          <dt>Columns</dt>
          <dd>
            {t.conditions.length} condition{t.conditions.length === 1 ? "" : "s"} · {t.actions.length} action{t.actions.length === 1 ? "" : "s"}
          </dd>
        </div>
      </dl>
      {cellProblems ? <p className="field-error">{cellProblems} cell{cellProblems === 1 ? " has a problem" : "s have problems"}: open the table to see them.</p> : null}
      <button className="btn primary" data-testid="open-table-editor" onClick={() => setOpen(true)}>
        {p.readOnly ? "View the table" : "Edit the table"}
      </button>
      {open ? (
        <TableEditor
          nodeId={p.nodeId}
          title="Decision table"
          table={t}
          errors={p.errors}
          readOnly={p.readOnly}
          onClose={() => setOpen(false)}
          onChange={(next, what) => p.onChange(next, `table:${what}:${(edits.current += 1)}`)}
        />
      ) : null}
    </>
  );
}
