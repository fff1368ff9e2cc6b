"use client";
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

export const HIT_POLICY_LABELS: Record<THitPolicy, string> = { first: "First match wins", all: "Every match fires" };
const STATUS_BADGE: Record<string, string> = { draft: "badge amber", validated: "badge", published: "badge green", archived: "badge" };

export function RulesetsScreen() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const perm = usePermission();
  const canEdit = perm.can("editRules");
  const [creating, setCreating] = useState(false);
  const list = useQuery(trpc.rulesets.list.queryOptions({ page: 1, pageSize: 100 }));

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Rulesets</h1>
          <p>The rule graphs that route orders, one list per stage of processing.</p>
        </div>
        {canEdit ? (
          <button className="btn primary" onClick={() => setCreating(true)}>
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
          return (
            <section key={stage} className="stage-section" aria-label={STAGE_LABELS[stage]}>
              <h2>{STAGE_LABELS[stage]}</h2>
              <div className="table-wrap">
                {items.length === 0 ? (
                  <div className="empty small">
                    <strong>No rulesets in this stage yet</strong>
                    {canEdit ? "Create one with “New ruleset”." : "A rule designer creates them."}
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
                            <strong>{r.name}</strong>
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
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            void queryClient.invalidateQueries({ queryKey: trpc.rulesets.list.queryKey() });
            router.push(`/rulesets/${id}`);
          }}
        />
      ) : null}
    </>
  );
}

function NewRulesetDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (id: string) => void }) {
  const trpc = useTRPC();
  const [name, setName] = useState("");
  const [stage, setStage] = useState<TStage>("orderReview");
  const [hitPolicy, setHitPolicy] = useState<THitPolicy>("first");
  const create = useMutation(trpc.rulesets.create.mutationOptions({ onSuccess: (r) => onCreated(r.id) }));
  const err = formErrorOf(create.error);
  return (
    <Dialog title="New ruleset" onClose={onClose} footer={<EditDialogFooter busy={create.isPending} onCancel={onClose} onSave={() => create.mutate({ name, stage, hitPolicy })} />}>
      {err ? (
        <div className="banner error" role="alert">
          {err.message}
        </div>
      ) : null}
      <div className="form-grid">
        <Field label="Name" htmlFor="rs-name" error={err?.fieldErrors.name} wide>
          <input id="rs-name" className="input" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={!!err?.fieldErrors.name} autoFocus />
        </Field>
        <Field label="Stage" htmlFor="rs-stage" error={err?.fieldErrors.stage}>
          <select id="rs-stage" className="select" value={stage} onChange={(e) => setStage(e.target.value as TStage)}>
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
    </Dialog>
  );
}
