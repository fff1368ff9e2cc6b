"use client";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import { EditDialogFooter } from "@/components/ui/edit-dialog-footer";
import { Field } from "@/components/ui/field";
import { TimeText } from "@/components/ui/time-text";
import { usePermission } from "@/components/ui/use-permission";
import { formErrorOf } from "@/lib/trpc-errors";
import { useTRPC } from "@/lib/trpc";
import { HIT_POLICIES, STAGES, STAGE_LABELS, type THitPolicy, type TStage } from "@/rules-schema/graph/graph-schema";
import type { TRuleTemplateListItem } from "@/server/schemas/ruleset-schemas";

export const HIT_POLICY_LABELS: Record<THitPolicy, string> = { first: "First match wins", all: "Every match fires" };
const STATUS_BADGE: Record<string, string> = { draft: "badge amber", validated: "badge", published: "badge green", archived: "badge" };

export function RulesetsScreen() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const perm = usePermission();
  const canEdit = perm.can("editRules");
  /** The dialog is open, starting from this template (or blank when null). */
  const [creating, setCreating] = useState<{ template: TRuleTemplateListItem | null } | null>(null);
  const list = useQuery(trpc.rulesets.list.queryOptions({ page: 1, pageSize: 100 }));
  const templates = useQuery({ ...trpc.rulesets.templates.queryOptions(), enabled: canEdit });

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Rulesets</h1>
          <p>The rule graphs that route orders, one list per stage of processing.</p>
        </div>
        {canEdit ? (
          <button className="btn primary" onClick={() => setCreating({ template: null })}>
            New ruleset
          </button>
        ) : null}
      </div>
      {list.isLoading ? (
        <div className="table-wrap" style={{ padding: 16, display: "grid", gap: 10 }}>
          {[1, 2, 3].map((i) => (
            <div className="skeleton" key={i} />
          ))}
        </div>
      ) : list.error ? (
        <div className="banner error">{list.error.message}</div>
      ) : (
        STAGES.map((stage) => {
          const items = list.data?.items.filter((r) => r.stage === stage) ?? [];
          const suggestions = canEdit ? (templates.data ?? []).filter((t) => t.stage === stage && t.available) : [];
          return (
            <section key={stage} className="stage-section" aria-label={STAGE_LABELS[stage]}>
              <h2>{STAGE_LABELS[stage]}</h2>
              <div className="table-wrap">
                {items.length === 0 ? (
                  <div className="empty small">
                    <strong>No rulesets in this stage yet</strong>
                    {!canEdit ? "A rule designer creates them." : suggestions.length ? "Create one with “New ruleset”, or start from a template:" : "Create one with “New ruleset”."}
                    {suggestions.length ? <TemplateSuggestions templates={suggestions} onPick={(template) => setCreating({ template })} /> : null}
                  </div>
                ) : (
                  <table className="data">
                    <thead>
                      <tr>
                        <th>Name</th>
                        <th>Status</th>
                        <th>Version</th>
                        <th>Last editor</th>
                        <th>Last change</th>
                      </tr>
                    </thead>
                    <tbody>
                      {items.map((r) => (
                        <tr key={r.id} className="clickable" onClick={() => router.push(`/rulesets/${r.id}`)}>
                          <td>
                            {/* A real link: keyboard and middle-click open the ruleset too (the row's click is for the mouse). */}
                            <Link href={`/rulesets/${r.id}`} className="row-link" onClick={(e) => e.stopPropagation()}>
                              <strong>{r.name}</strong>
                            </Link>
                            {r.description ? <div className="muted">{r.description}</div> : null}
                          </td>
                          <td>
                            <span className={STATUS_BADGE[r.status] ?? "badge"}>{r.status}</span>
                            {r.publishedVersionNumber !== null && r.status !== "published" ? <span className="muted"> · v{r.publishedVersionNumber} live</span> : null}
                          </td>
                          <td>v{r.latestVersionNumber}</td>
                          <td>{r.lastEditor ? (r.lastEditor.name ?? <span className="muted">deleted user</span>) : <span className="muted">—</span>}</td>
                          <td>
                            <TimeText value={r.updatedAt} />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </div>
            </section>
          );
        })
      )}
      {creating ? (
        <NewRulesetDialog
          initialTemplate={creating.template}
          onClose={() => setCreating(null)}
          onCreated={(id) => {
            void queryClient.invalidateQueries({ queryKey: trpc.rulesets.list.queryKey() });
            router.push(`/rulesets/${id}`);
          }}
        />
      ) : null}
    </>
  );
}

/** Buttons for the available templates of a stage, shown where the stage has no ruleset yet. */
function TemplateSuggestions({ templates, onPick }: { templates: TRuleTemplateListItem[]; onPick: (t: TRuleTemplateListItem) => void }) {
  return (
    <div style={{ display: "flex", flexWrap: "wrap", gap: 8, justifyContent: "center", marginTop: 10 }}>
      {templates.map((t) => (
        <button key={t.id} type="button" className="btn small" data-testid={`suggest-template-${t.id}`} title={t.description} onClick={() => onPick(t)}>
          {t.title}
        </button>
      ))}
    </div>
  );
}

type StartFrom = "blank" | TRuleTemplateListItem["id"];

function NewRulesetDialog({ initialTemplate, onClose, onCreated }: { initialTemplate: TRuleTemplateListItem | null; onClose: () => void; onCreated: (id: string) => void }) {
  const trpc = useTRPC();
  const templates = useQuery(trpc.rulesets.templates.queryOptions());
  const [startFrom, setStartFrom] = useState<StartFrom>(initialTemplate?.id ?? "blank");
  const [name, setName] = useState(initialTemplate?.title ?? "");
  const [stage, setStage] = useState<TStage>(initialTemplate?.stage ?? "orderReview");
  const [hitPolicy, setHitPolicy] = useState<THitPolicy>(initialTemplate?.hitPolicy ?? "first");
  const create = useMutation(trpc.rulesets.create.mutationOptions({ onSuccess: (r) => onCreated(r.id) }));
  const err = formErrorOf(create.error);
  const chosen = startFrom === "blank" ? null : (templates.data?.find((t) => t.id === startFrom) ?? initialTemplate);
  /** Names the dialog filled in itself, which the next choice may replace. */
  const defaultNames = new Set(["", ...(templates.data ?? []).map((t) => t.title)]);

  const choose = (next: StartFrom) => {
    setStartFrom(next);
    const t = next === "blank" ? null : templates.data?.find((x) => x.id === next);
    if (defaultNames.has(name.trim())) setName(t?.title ?? "");
    if (t) {
      setStage(t.stage);
      setHitPolicy(t.hitPolicy);
    }
  };
  const save = () => create.mutate({ name, stage, hitPolicy, ...(chosen ? { template: chosen.id } : {}) });

  return (
    <Dialog title="New ruleset" onClose={onClose} footer={<EditDialogFooter busy={create.isPending} onCancel={onClose} onSave={save} />}>
      <div className="dialog-wide">
        {err ? (
          <div className="banner error" role="alert">
            {err.message}
          </div>
        ) : null}
        <div className="form-grid">
          <Field label="Name" htmlFor="rs-name" error={err?.fieldErrors.name} wide>
            <input id="rs-name" className="input" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={!!err?.fieldErrors.name} autoFocus />
          </Field>
          <Field label="Stage" htmlFor="rs-stage" error={err?.fieldErrors.stage} hint={chosen ? "Set by the template" : undefined}>
            <select id="rs-stage" className="select" value={stage} onChange={(e) => setStage(e.target.value as TStage)} disabled={!!chosen}>
              {STAGES.map((s) => (
                <option key={s} value={s}>
                  {STAGE_LABELS[s]}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Hit policy" htmlFor="rs-hit" error={err?.fieldErrors.hitPolicy}>
            <select id="rs-hit" className="select" value={hitPolicy} onChange={(e) => setHitPolicy(e.target.value as THitPolicy)}>
              {HIT_POLICIES.map((h) => (
                <option key={h} value={h}>
                  {HIT_POLICY_LABELS[h]}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <div className="form-section" id="rs-start-label">
          Start from
        </div>
        {err?.fieldErrors.template ? (
          <p className="text-red small" role="alert" id="rs-template-error">
            {err.fieldErrors.template.join("; ")}
          </p>
        ) : null}
        <div className="scope-list" role="radiogroup" aria-labelledby="rs-start-label" data-testid="ruleset-start">
          <StartOption
            id="blank"
            title="Blank ruleset"
            description="Just a Start node: build the rules yourself."
            checked={startFrom === "blank"}
            onChoose={() => choose("blank")}
          />
          {(templates.data ?? []).map((t) => (
            <StartOption
              key={t.id}
              id={t.id}
              title={t.title}
              description={t.description}
              meta={`${STAGE_LABELS[t.stage]} · ${HIT_POLICY_LABELS[t.hitPolicy]}`}
              note={t.available ? (t.uses.length ? `Uses ${t.uses.join(", ")}` : null) : `Unavailable: ${t.unavailableReason ?? "missing master data"}`}
              disabled={!t.available}
              checked={startFrom === t.id}
              onChoose={() => choose(t.id)}
            />
          ))}
        </div>
        {templates.isLoading ? <p className="muted small">Loading templates…</p> : null}
        {templates.error ? <p className="muted small">Templates could not be loaded: {templates.error.message}</p> : null}
      </div>
    </Dialog>
  );
}

/**
 * One choice of "Start from": a radio labelled by the title alone (so that the form's own labels stay
 * unambiguous), with the description, stage and master data beside it. The whole card is clickable.
 */
function StartOption(props: { id: string; title: string; description: string; meta?: string; note?: string | null; disabled?: boolean; checked: boolean; onChoose: () => void }) {
  const inputId = `rs-start-${props.id}`;
  return (
    <div
      className="scope-option"
      data-testid={`template-option-${props.id}`}
      aria-disabled={props.disabled || undefined}
      style={props.disabled ? { cursor: "not-allowed", opacity: 0.65 } : undefined}
      onClick={(e) => {
        // The radio and its label choose through the radio's own change event.
        if (!props.disabled && !props.checked && (e.target as HTMLElement).tagName !== "INPUT") props.onChoose();
      }}
    >
      <input
        type="radio"
        name="rs-start"
        id={inputId}
        value={props.id}
        checked={props.checked}
        disabled={props.disabled}
        onChange={() => props.onChoose()}
        aria-describedby={`${inputId}-about`}
      />
      <span>
        <label htmlFor={inputId} style={{ fontWeight: 600, cursor: "inherit" }} onClick={(e) => e.stopPropagation()}>
          {props.title}
        </label>
        <span className="muted" id={`${inputId}-about`}>
          {props.description}
          {props.meta ? <span style={{ display: "block" }}>{props.meta}</span> : null}
          {props.note ? <span style={{ display: "block" }} className={props.disabled ? "text-red" : undefined}>{props.note}</span> : null}
        </span>
      </span>
    </div>
  );
}
