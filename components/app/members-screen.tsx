"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyField } from "@/components/ui/copy-field";
import { Dialog, FormDialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { EmptyState, LoadError, LoadingRows } from "@/components/ui/list-states";
import { Pager } from "@/components/ui/pager";
import { sentence } from "@/components/ui/sentence";
import { TimeText, formatDateTime } from "@/components/ui/time-text";
import { useDebounced } from "@/components/ui/use-debounced";
import { usePermission } from "@/components/ui/use-permission";
import { ROLES, ROLE_LABELS, type TRole, effectiveRole } from "@/server/auth/roles";
import { formErrorOf } from "@/lib/trpc-errors";
import { useTRPC } from "@/lib/trpc";

export const ROLE_SUMMARIES: Record<TRole, string> = {
  owner: "Everything an admin does; only owners manage owners",
  admin: "Publishes rules, manages master data, members, API keys and order imports",
  designer: "Edits rule drafts and runs simulations",
  analyst: "Reads everything and runs simulations",
  viewer: "Read-only access",
};
const ROLE_TONES: Record<TRole, string> = { owner: "role-owner", admin: "role-admin", designer: "role-designer", analyst: "role-analyst", viewer: "role-viewer" };

export function RoleBadge({ role }: { role: string }) {
  const known = (ROLES as readonly string[]).includes(role) ? (role as TRole) : null;
  return <span className={`badge ${known ? ROLE_TONES[known] : ""}`}>{known ? ROLE_LABELS[known] : role}</span>;
}

interface MemberRow {
  id: string;
  userId: string;
  name: string;
  email: string;
  role: TRole;
  createdAt: Date;
}

export const inviteLink = (id: string) => `${typeof window === "undefined" ? "" : window.location.origin}/invite/${id}`;

export function MembersScreen() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const perm = usePermission();
  const canManage = perm.can("manageMembers");
  const [search, setSearch] = useState("");
  const [roleFilter, setRoleFilter] = useState<TRole | "">("");
  const [page, setPage] = useState(1);
  const [inviting, setInviting] = useState(false);
  const [removing, setRemoving] = useState<MemberRow | null>(null);
  const [notice, setNotice] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const debounced = useDebounced(search);

  const list = useQuery(trpc.members.list.queryOptions({ search: debounced, page, pageSize: 25, ...(roleFilter ? { role: roleFilter } : {}) }));
  const myUserId = perm.me?.user.id;
  const invalidate = () => Promise.all([queryClient.invalidateQueries({ queryKey: trpc.members.pathKey() }), queryClient.invalidateQueries({ queryKey: trpc.audit.pathKey() })]);

  const updateRole = useMutation(
    trpc.members.updateRole.mutationOptions({
      onSuccess: (m) => {
        setNotice({ tone: "ok", text: `${m.name} is now ${ROLE_LABELS[m.role]}.` });
        void invalidate();
      },
      onError: (error, input) => {
        const member = list.data?.items.find((m) => m.id === input.memberId);
        const err = formErrorOf(error);
        const text = sentence(err?.fieldErrors.role?.join("; ") ?? err?.message ?? "The role could not be changed.");
        setNotice({ tone: "error", text: `Could not change ${member?.name ?? "the member"}'s role. ${text}` });
      },
    }),
  );

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Members</h1>
          <p>Who can see and change this organization’s routing, and what each role allows.</p>
        </div>
        {canManage ? (
          <button className="btn primary" onClick={() => setInviting(true)}>
            Invite member
          </button>
        ) : null}
      </div>
      {notice ? (
        <div className={`banner ${notice.tone === "ok" ? "success" : "error"} dismissible`} role={notice.tone === "ok" ? "status" : "alert"}>
          <span>{notice.text}</span>
          <button className="banner-close" aria-label="Dismiss" onClick={() => setNotice(null)}>
            ×
          </button>
        </div>
      ) : null}
      <div className="toolbar">
        <input
          className="input"
          style={{ width: 300 }}
          placeholder="Search name or email"
          aria-label="Search members"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setPage(1);
          }}
        />
        <select
          className="select"
          aria-label="Filter by role"
          value={roleFilter}
          onChange={(e) => {
            setRoleFilter(e.target.value as TRole | "");
            setPage(1);
          }}
        >
          <option value="">All roles</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
      </div>
      <div className="table-wrap">
        {list.isLoading ? (
          <LoadingRows rows={4} />
        ) : list.error ? (
          <LoadError message={list.error.message} onRetry={() => void list.refetch()} />
        ) : list.data && list.data.items.length === 0 ? (
          <EmptyState title={search || roleFilter ? "No member matches" : "No members yet"}>{search || roleFilter ? "Try another name, email or role." : null}</EmptyState>
        ) : (
          <table className="data" aria-label="Members">
            <thead>
              <tr>
                <th>Name</th>
                <th>Email</th>
                <th>Role</th>
                <th>Joined</th>
                {canManage ? <th aria-label="Actions" /> : null}
              </tr>
            </thead>
            <tbody>
              {list.data?.items.map((m) => {
                const pending = updateRole.isPending && updateRole.variables?.memberId === m.id;
                return (
                  <tr key={m.id} data-member={m.email}>
                    <td>
                      <span className="avatar" aria-hidden="true">
                        {initials(m.name)}
                      </span>
                      <strong>{m.name}</strong>
                      {m.userId === myUserId ? <span className="badge you">You</span> : null}
                    </td>
                    <td className="muted">{m.email}</td>
                    <td>
                      {canManage ? (
                        <select
                          className="select compact"
                          aria-label={`Role of ${m.name}`}
                          value={pending ? updateRole.variables!.role : m.role}
                          disabled={pending}
                          onChange={(e) => {
                            setNotice(null);
                            updateRole.mutate({ memberId: m.id, role: e.target.value as TRole });
                          }}
                        >
                          {ROLES.filter((r) => r !== "owner" || perm.role === "owner" || m.role === "owner").map((r) => (
                            <option key={r} value={r}>
                              {ROLE_LABELS[r]}
                            </option>
                          ))}
                        </select>
                      ) : (
                        <RoleBadge role={m.role} />
                      )}
                    </td>
                    <td>
                      <TimeText value={m.createdAt} mode="date" />
                    </td>
                    {canManage ? (
                      <td className="actions">
                        <button className="btn danger small" onClick={() => setRemoving(m)} aria-label={`Remove ${m.name}`}>
                          Remove
                        </button>
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {list.data && list.data.total > 0 ? <Pager page={list.data.page} pageCount={list.data.pageCount} total={list.data.total} onPage={setPage} /> : null}
      </div>
      {perm.ready && !canManage ? <p className="footnote">Owners and admins invite members and change roles.</p> : null}
      {canManage ? <PendingInvitations onChanged={invalidate} /> : null}
      {canManage ? <RoleLegend /> : null}
      {inviting ? <InviteDialog isOwner={perm.role === "owner"} onClose={() => setInviting(false)} onInvited={() => void invalidate()} /> : null}
      {removing ? (
        <RemoveMemberDialog
          member={removing}
          organizationName={perm.me?.membership?.organizationName ?? "the organization"}
          onClose={() => setRemoving(null)}
          onRemoved={() => {
            setNotice({ tone: "ok", text: `${removing.name} was removed.` });
            setRemoving(null);
            void invalidate();
          }}
        />
      ) : null}
    </>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? "?") + (parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? "") : "")).toUpperCase();
}

function RoleLegend() {
  return (
    <details className="role-legend">
      <summary>What each role can do</summary>
      <dl>
        {ROLES.map((r) => (
          <div key={r}>
            <dt>
              <RoleBadge role={r} />
            </dt>
            <dd>{ROLE_SUMMARIES[r]}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

function RemoveMemberDialog({ member, organizationName, onClose, onRemoved }: { member: MemberRow; organizationName: string; onClose: () => void; onRemoved: () => void }) {
  const trpc = useTRPC();
  const remove = useMutation(trpc.members.remove.mutationOptions({ onSuccess: onRemoved }));
  const err = formErrorOf(remove.error);
  return (
    <ConfirmDialog
      title={`Remove ${member.name}?`}
      confirmLabel="Remove member"
      busyLabel="Removing…"
      busy={remove.isPending}
      error={err ? (err.fieldErrors.memberId?.join("; ") ?? err.message) : null}
      onConfirm={() => remove.mutate({ memberId: member.id })}
      onClose={onClose}
    >
      <p>
        {member.name} ({member.email}) loses access to {organizationName} immediately. Their past changes stay in the audit log. You can invite them again later.
      </p>
    </ConfirmDialog>
  );
}

function InviteDialog({ isOwner, onClose, onInvited }: { isOwner: boolean; onClose: () => void; onInvited: () => void }) {
  const trpc = useTRPC();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<TRole>("viewer");
  const invite = useMutation(trpc.members.invite.mutationOptions({ onSuccess: onInvited }));
  const err = formErrorOf(invite.error);
  const created = invite.data;

  if (created) {
    return (
      <Dialog
        title="Invitation created"
        onClose={onClose}
        footer={
          <>
            <button
              className="btn"
              onClick={() => {
                setEmail("");
                invite.reset();
              }}
            >
              Invite another
            </button>
            <button className="btn primary" onClick={onClose}>
              Done
            </button>
          </>
        }
      >
        <p style={{ marginTop: 0 }}>
          Send this link to <strong>{created.email}</strong>. They sign in (or create an account) with that email address and join with the <strong>{ROLE_LABELS[effectiveRole(created.role ?? "viewer")]}</strong> role.
        </p>
        <Field label="Invitation link" htmlFor="invite-link" hint={`Valid until ${formatDateTime(created.expiresAt)}. Switchyard does not email it for you.`}>
          <CopyField id="invite-link" label="Invitation link" value={inviteLink(created.id)} />
        </Field>
      </Dialog>
    );
  }

  const fe = (k: string) => err?.fieldErrors[k];
  const other = err && !fe("email") && !fe("role") ? err.message : null;
  return (
    <FormDialog title="Invite a member" formId="invite-form" onClose={onClose} onSubmit={() => invite.mutate({ email, role })} pending={invite.isPending} submitLabel="Create invitation" pendingLabel="Creating…" error={other}>
      <Field label="Email" htmlFor="invite-email" error={fe("email")} hint="The address they sign in with">
        <input id="invite-email" className="input" type="email" autoFocus value={email} onChange={(e) => setEmail(e.target.value)} aria-invalid={!!fe("email")} placeholder="name@company.com" />
      </Field>
      <Field label="Role" htmlFor="invite-role" error={fe("role")} hint={ROLE_SUMMARIES[role]}>
        <select id="invite-role" className="select" value={role} onChange={(e) => setRole(e.target.value as TRole)}>
          {ROLES.filter((r) => r !== "owner" || isOwner).map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
      </Field>
    </FormDialog>
  );
}

interface InvitationRow {
  id: string;
  email: string;
  role: string | null;
  expired: boolean;
  expiresAt: Date;
  createdAt: Date;
  inviter: { name: string };
}

function PendingInvitations({ onChanged }: { onChanged: () => void }) {
  const trpc = useTRPC();
  const [page, setPage] = useState(1);
  const [canceling, setCanceling] = useState<InvitationRow | null>(null);
  const list = useQuery(trpc.members.listInvitations.queryOptions({ status: "pending", page, pageSize: 10 }));
  const cancel = useMutation(
    trpc.members.cancelInvitation.mutationOptions({
      onSuccess: () => {
        setCanceling(null);
        onChanged();
      },
    }),
  );
  const cancelErr = formErrorOf(cancel.error);

  return (
    <section className="org-section" aria-labelledby="invitations-heading">
      <div className="section-head">
        <h2 id="invitations-heading">Pending invitations</h2>
        {list.data && list.data.total > 0 ? <span className="badge">{list.data.total}</span> : null}
      </div>
      <div className="table-wrap">
        {list.isLoading ? (
          <LoadingRows rows={2} />
        ) : list.error ? (
          <LoadError message={list.error.message} onRetry={() => void list.refetch()} />
        ) : list.data && list.data.items.length === 0 ? (
          <EmptyState title="No pending invitations">Invite someone and share the link: it stays valid for 7 days.</EmptyState>
        ) : (
          <table className="data" aria-label="Pending invitations">
            <thead>
              <tr>
                <th>Email</th>
                <th>Role</th>
                <th>Invited by</th>
                <th>Sent</th>
                <th>Expires</th>
                <th aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {list.data?.items.map((i) => (
                <tr key={i.id} data-invitation={i.email}>
                  <td>
                    <strong>{i.email}</strong>
                  </td>
                  <td>
                    <RoleBadge role={i.role ?? "viewer"} />
                  </td>
                  <td className="muted">{i.inviter.name}</td>
                  <td>
                    <TimeText value={i.createdAt} />
                  </td>
                  <td>{i.expired ? <span className="badge red">Expired</span> : <TimeText value={i.expiresAt} />}</td>
                  <td className="actions">
                    {!i.expired ? <CopyLinkButton id={i.id} /> : null}
                    <button className="btn danger small" onClick={() => setCanceling(i)} aria-label={`Cancel invitation for ${i.email}`}>
                      {i.expired ? "Remove" : "Cancel"}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {list.data && list.data.total > list.data.pageSize ? <Pager page={list.data.page} pageCount={list.data.pageCount} total={list.data.total} onPage={setPage} /> : null}
      </div>
      {canceling ? (
        <ConfirmDialog
          title="Cancel this invitation?"
          confirmLabel="Cancel invitation"
          busyLabel="Canceling…"
          busy={cancel.isPending}
          error={cancelErr ? (cancelErr.fieldErrors.id?.join("; ") ?? cancelErr.message) : null}
          onConfirm={() => cancel.mutate({ id: canceling.id })}
          onClose={() => {
            setCanceling(null);
            cancel.reset();
          }}
        >
          <p>
            The link sent to <strong>{canceling.email}</strong> stops working. You can invite them again at any time.
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

function CopyLinkButton({ id }: { id: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      className="btn small"
      onClick={() => {
        void navigator.clipboard?.writeText(inviteLink(id)).then(
          () => {
            setCopied(true);
            setTimeout(() => setCopied(false), 2000);
          },
          () => window.prompt("Copy the invitation link:", inviteLink(id)),
        );
      }}
    >
      {copied ? "Copied ✓" : "Copy link"}
    </button>
  );
}
