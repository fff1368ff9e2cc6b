"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Field } from "@/components/ui/field";
import { formErrorOf } from "@/lib/trpc-errors";
import { useTRPC } from "@/lib/trpc";
import type { TDecision } from "@/rules-schema/evaluate/decision-schema";
import type { TStage } from "@/rules-schema/graph/graph-schema";
import type { TOrder } from "@/rules-schema/order/order-schema";
import { outcomeOf } from "@/rules-schema/suites/run-suite";
import type { CASE_SOURCES } from "@/rules-schema/suites/suite-schema";
import { caseNameOf, defaultCheckedFields, expectFieldsFor, expectationOf, fieldPathText, outcomeValueText } from "./suite-format";

export type TCaseSource = (typeof CASE_SOURCES)[number];

/**
 * "This is right — save as test case": the order and the fields of its decision to check from now
 * on (those the decision set, to start with), stored in the ruleset's suite.
 */
export function SaveCaseForm({
  rulesetId,
  stage,
  order,
  decision,
  source,
  assignedWarehouseId,
  inventory,
  nameOf,
  onClose,
  onSaved,
}: {
  rulesetId: string;
  stage: TStage;
  order: TOrder;
  decision: TDecision;
  source: TCaseSource;
  /** The warehouse the order was evaluated as from, when the run pinned one (an analysis example): the case keeps it. */
  assignedWarehouseId: string | null;
  /** Stock levels the case keeps (a live decision's stock as the router read it): warehouse → SKU → units. */
  inventory?: Record<string, Record<string, number>> | null;
  nameOf: (id: string) => string;
  onClose: () => void;
  onSaved: (key: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const outcome = useMemo(() => outcomeOf(decision), [decision]);
  const fields = useMemo(() => expectFieldsFor(stage), [stage]);
  const [name, setName] = useState(() => caseNameOf(order));
  const [checked, setChecked] = useState<ReadonlySet<string>>(() => new Set(defaultCheckedFields(outcome, stage)));
  const [localError, setLocalError] = useState<string | null>(null);
  const add = useMutation(
    trpc.testSuites.add.mutationOptions({
      onSuccess: (row) => {
        void queryClient.invalidateQueries({ queryKey: trpc.testSuites.list.queryKey({ rulesetId }) });
        onSaved(row.key);
      },
    }),
  );
  const err = formErrorOf(add.error);
  const fieldErrors = err?.fieldErrors ?? {};
  const other = Object.entries(fieldErrors).filter(([f]) => f !== "name" && f !== "expect");

  function submit(e: React.FormEvent) {
    e.preventDefault();
    setLocalError(null);
    if (checked.size === 0) {
      setLocalError("Check at least one field: a case with nothing to check tests nothing.");
      return;
    }
    // In the order the fields are listed, so the stored case reads like the form.
    const keys = fields.map((f) => f.key).filter((k) => checked.has(k));
    add.mutate({ rulesetId, name: name.trim(), source, order, ...(assignedWarehouseId ? { assignedWarehouseId } : {}), ...(inventory ? { inventory } : {}), expect: expectationOf(outcome, keys) });
  }

  return (
    <form className="save-case" onSubmit={submit} aria-label="Save as test case" noValidate>
      <Field label="Case name" htmlFor="save-case-name" error={fieldErrors.name}>
        <input id="save-case-name" className="input" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} autoFocus aria-invalid={fieldErrors.name ? true : undefined} />
      </Field>
      <fieldset className="save-case-fields">
        <legend>Check from now on</legend>
        {fields.map((f) => (
          <label key={f.key} className="save-case-field">
            <input
              type="checkbox"
              checked={checked.has(f.key)}
              onChange={(e) => {
                const next = new Set(checked);
                if (e.target.checked) next.add(f.key);
                else next.delete(f.key);
                setChecked(next);
              }}
            />
            <span className="save-case-field-label">{f.label}</span>
            <span className="save-case-field-value">{outcomeValueText(f.key, outcome[f.key], nameOf)}</span>
          </label>
        ))}
        <p className="muted save-case-hint">Unchecked fields are not stored: the case does not care what they come out as.</p>
        {assignedWarehouseId ? (
          <p className="muted save-case-hint" data-testid="case-warehouse">
            The case keeps its warehouse: it is evaluated as shipping from {nameOf(assignedWarehouseId)}.
          </p>
        ) : null}
      </fieldset>
      {localError || fieldErrors.expect ? (
        <p className="save-case-error" role="alert">
          {localError ?? fieldErrors.expect!.join("; ")}
        </p>
      ) : null}
      {err && (other.length > 0 || Object.keys(fieldErrors).length === 0) ? (
        <div className="banner error" role="alert">
          {Object.keys(fieldErrors).length ? "The case was not saved:" : `The case was not saved: ${err.message}`}
          {other.length ? (
            <ul>
              {other.map(([f, msgs]) => (
                <li key={f}>
                  {fieldPathText(f)}: {msgs.join("; ")}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <div className="save-case-actions">
        <button type="submit" className="btn primary small" disabled={add.isPending}>
          {add.isPending ? "Saving…" : "Save case"}
        </button>
        <button type="button" className="btn small" onClick={onClose} disabled={add.isPending}>
          Cancel
        </button>
      </div>
    </form>
  );
}
