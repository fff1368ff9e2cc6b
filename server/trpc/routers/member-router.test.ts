import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TRole } from "../../auth/roles";
import { type TestDb } from "../../db/create-test-db";
import { removeMember, updateMemberRole } from "../../services/member-service";
import type { Scope } from "../../services/scope";
import { FieldError } from "../../services/service-errors";
import { type Tenant, callerFor, createTenant } from "../../testing/tenant-fixtures";
import { type Caller, DB_KINDS, type ProcedureCase, errorOf, expectedOutcome, fieldsOf, matrix, runCase, snapshotOrg, twoTenants } from "./router-test-kit";

describe.each(DB_KINDS)("member router (%s)", (kind) => {
  let t: TestDb;
  let a: Tenant;
  let b: Tenant;
  let as: Record<string, Caller>;
  let ownerA: Caller;
  let bViewerMemberId: string;
  let bInvitationId: string;
  let aInvitationId: string;
  let bBefore: Awaited<ReturnType<typeof snapshotOrg>>;
  let serial = 0;

  /** A member outside the fixtures' one-per-role set, so the fixtures' callers keep their roles. */
  async function addMember(organizationId: string, role: string) {
    const n = ++serial;
    const user = await t.db.user.create({ data: { email: `extra-${n}@members.test`, name: `Extra ${n}` } });
    const member = await t.db.member.create({ data: { organizationId, userId: user.id, role } });
    return { ...member, user };
  }
  const memberIdOf = async (organizationId: string, userId: string) => (await t.db.member.findFirstOrThrow({ where: { organizationId, userId } })).id;

  beforeAll(async () => {
    ({ t, a, b, as, ownerA } = await twoTenants(kind));
    bViewerMemberId = await memberIdOf(b.organizationId, b.users.viewer.id);
    bInvitationId = (await (await callerFor(t.db, b.users.owner)).members.invite({ email: "someone@b.test", role: "viewer" })).id;
    aInvitationId = (await ownerA.members.invite({ email: "someone@a.test", role: "viewer" })).id;
    bBefore = await snapshotOrg(t.db, b.organizationId);
  });
  afterAll(async () => {
    await t?.drop();
  });

  const cases: ProcedureCase[] = [
    {
      name: "members.list",
      permission: "read",
      own: async (c) => expect((await c.members.list({})).items.map((m) => m.email)).toEqual(expect.arrayContaining(["owner@org-a.test", "viewer@org-a.test"])),
      foreign: async (c) => expect((await c.members.list({ search: "org-b" })).items).toEqual([]),
      foreignCode: "OK",
    },
    {
      name: "members.updateRole",
      permission: "manageMembers",
      own: async (c) => c.members.updateRole({ memberId: (await addMember(a.organizationId, "viewer")).id, role: "analyst" }),
      foreign: (c) => c.members.updateRole({ memberId: bViewerMemberId, role: "admin" }),
      foreignCode: "NOT_FOUND",
    },
    {
      name: "members.remove",
      permission: "manageMembers",
      own: async (c) => c.members.remove({ memberId: (await addMember(a.organizationId, "designer")).id }),
      foreign: (c) => c.members.remove({ memberId: bViewerMemberId }),
      foreignCode: "NOT_FOUND",
    },
    {
      name: "members.invite",
      permission: "manageMembers",
      own: (c, role) => c.members.invite({ email: `invitee-${role}@a.test`, role: "designer" }),
      foreign: (c, role) => c.members.invite({ email: `x-${role}@b.test`, role: "viewer", organizationId: b.organizationId } as never),
      foreignCode: "BAD_REQUEST",
    },
    {
      name: "members.listInvitations",
      permission: "manageMembers",
      own: async (c) => expect((await c.members.listInvitations({ pageSize: 100 })).items.map((i) => i.id)).toContain(aInvitationId),
      foreign: async (c) => expect((await c.members.listInvitations({ search: "b.test" })).items).toEqual([]),
      foreignCode: "OK",
    },
    {
      name: "members.cancelInvitation",
      permission: "manageMembers",
      own: async (c, role) => c.members.cancelInvitation({ id: (await ownerA.members.invite({ email: `cancel-${role}@a.test`, role: "viewer" })).id }),
      foreign: (c) => c.members.cancelInvitation({ id: bInvitationId }),
      foreignCode: "NOT_FOUND",
    },
  ];

  it.each(matrix(cases))("%s as %s: allowed only with its permission, never on another organization", async (_name, role, c) => {
    expect(await runCase(as[role]!, role, c)).toEqual(expectedOutcome(role, c));
  });

  it("lists members with name, email and effective role; filters by role", async () => {
    const m = await addMember(a.organizationId, "viewer,admin");
    const page = await ownerA.members.list({ search: m.user.email });
    expect(page.items).toEqual([{ id: m.id, userId: m.user.id, name: m.user.name, email: m.user.email, role: "admin", createdAt: m.createdAt }]);
    const owners = await ownerA.members.list({ role: "owner" });
    expect(owners.items.map((x) => x.email)).toEqual(["owner@org-a.test"]);
  });

  it("lets nobody change their own role or remove themselves", async () => {
    for (const role of ["owner", "admin"] as const) {
      const self = await memberIdOf(a.organizationId, a.users[role].id);
      const demote = await errorOf(as[role]!.members.updateRole({ memberId: self, role: "viewer" }));
      // The only owner hears the reason that matters to them: they are the last owner.
      expect(role === "owner" ? [demote.code, fieldsOf(demote), demote.message] : [demote.code]).toEqual(
        role === "owner" ? ["BAD_REQUEST", ["role"], expect.stringContaining("last owner")] : ["FORBIDDEN"],
      );
      expect((await errorOf(as[role]!.members.remove({ memberId: self }))).code).toBe("FORBIDDEN");
    }
    expect((await ownerA.members.list({ role: "admin", search: "admin@org-a" })).total).toBe(1);
    expect((await ownerA.members.list({ role: "owner" })).total).toBe(1);
  });

  it("keeps owners out of an admin's reach", async () => {
    const admin = as.admin!;
    const owner = await memberIdOf(a.organizationId, a.users.owner.id);
    const other = await addMember(a.organizationId, "viewer");
    expect((await errorOf(admin.members.updateRole({ memberId: owner, role: "viewer" }))).code).toBe("FORBIDDEN");
    expect((await errorOf(admin.members.remove({ memberId: owner }))).code).toBe("FORBIDDEN");
    expect((await errorOf(admin.members.updateRole({ memberId: other.id, role: "owner" }))).code).toBe("FORBIDDEN");
    expect((await errorOf(admin.members.invite({ email: "boss@a.test", role: "owner" }))).code).toBe("FORBIDDEN");
    // An admin may manage other admins and below.
    const peer = await addMember(a.organizationId, "admin");
    expect((await admin.members.updateRole({ memberId: peer.id, role: "designer" })).role).toBe("designer");
  });

  it("never leaves an organization without an owner", async () => {
    const c = await createTenant(t.db, "org-c");
    const first = await callerFor(t.db, c.users.owner);
    const firstId = await memberIdOf(c.organizationId, c.users.owner.id);
    const second = await addMember(c.organizationId, "admin");
    // The owner makes a second owner, who then demotes the first: one owner left.
    expect((await first.members.updateRole({ memberId: second.id, role: "owner" })).role).toBe("owner");
    const secondCaller = await callerFor(t.db, { id: second.user.id, email: second.user.email, name: second.user.name });
    expect((await secondCaller.members.updateRole({ memberId: firstId, role: "admin" })).role).toBe("admin");
    // The last owner can be neither demoted nor removed, even by the system (no self-check there).
    const system: Scope = { organizationId: c.organizationId, role: "owner", actor: { type: "system", id: "system" } };
    const demote = await updateMemberRole(t.db, system, second.id, "viewer").catch((e: unknown) => e);
    expect([demote instanceof FieldError, (demote as FieldError).field]).toEqual([true, "role"]);
    const remove = await removeMember(t.db, system, second.id).catch((e: unknown) => e);
    expect([remove instanceof FieldError, (remove as FieldError).field]).toEqual([true, "memberId"]);
    // Through the API as well: the former owner (now an admin) cannot touch the remaining one.
    const demoted = await callerFor(t.db, c.users.owner);
    expect((await errorOf(demoted.members.remove({ memberId: second.id }))).code).toBe("FORBIDDEN");
    const owners = await t.db.member.findMany({ where: { organizationId: c.organizationId, role: "owner" } });
    expect(owners.map((m) => m.userId)).toEqual([second.user.id]);
  });

  it("stores an invitation for better-auth to accept: pending, 7 days, by the inviter", async () => {
    const before = Date.now();
    const inv = await as.admin!.members.invite({ email: "  New.Person@Example.COM ", role: "analyst" });
    const row = await t.db.invitation.findUniqueOrThrow({ where: { id: inv.id } });
    expect(row).toMatchObject({ organizationId: a.organizationId, email: "new.person@example.com", role: "analyst", status: "pending", inviterId: a.users.admin.id });
    const days = (row.expiresAt.getTime() - before) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThan(7.01);
    expect(inv).toMatchObject({ expired: false, inviter: { id: a.users.admin.id, name: a.users.admin.name } });
  });

  it("refuses to invite a member or someone with a pending invitation (on the email field)", async () => {
    const member = await errorOf(ownerA.members.invite({ email: "VIEWER@org-a.test", role: "viewer" }));
    expect([member.code, fieldsOf(member)]).toEqual(["BAD_REQUEST", ["email"]]);
    await ownerA.members.invite({ email: "twice@a.test", role: "viewer" });
    const twice = await errorOf(ownerA.members.invite({ email: "twice@a.test", role: "designer" }));
    expect([twice.code, fieldsOf(twice), twice.message]).toEqual(["BAD_REQUEST", ["email"], "twice@a.test already has a pending invitation"]);
    // A member of another organization, or someone invited by another organization, may be invited.
    await ownerA.members.invite({ email: "viewer@org-b.test", role: "viewer" });
    await ownerA.members.invite({ email: "someone@b.test", role: "viewer" });
    // An expired or canceled invitation does not block a new one.
    const old = await ownerA.members.invite({ email: "expired@a.test", role: "viewer" });
    await t.db.invitation.update({ where: { id: old.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await ownerA.members.listInvitations({ search: "expired@" })).items[0]!.expired).toBe(true);
    await ownerA.members.invite({ email: "expired@a.test", role: "viewer" });
    const canceled = await ownerA.members.invite({ email: "canceled@a.test", role: "viewer" });
    await ownerA.members.cancelInvitation({ id: canceled.id });
    await ownerA.members.invite({ email: "canceled@a.test", role: "viewer" });
    expect(fieldsOf(await errorOf(ownerA.members.invite({ email: "not-an-email", role: "viewer" })))).toEqual(["email"]);
  });

  it("cancels pending invitations only", async () => {
    const inv = await ownerA.members.invite({ email: "cancel-me@a.test", role: "viewer" });
    expect((await ownerA.members.cancelInvitation({ id: inv.id })).status).toBe("canceled");
    const again = await errorOf(ownerA.members.cancelInvitation({ id: inv.id }));
    expect([again.code, fieldsOf(again)]).toEqual(["BAD_REQUEST", ["id"]]);
    expect((await ownerA.members.listInvitations({ status: "canceled", search: "cancel-me" })).total).toBe(1);
    expect((await ownerA.members.listInvitations({ status: "pending", search: "cancel-me" })).total).toBe(0);
  });

  it("records every change in the audit log", async () => {
    const m = await addMember(a.organizationId, "viewer");
    await as.admin!.members.updateRole({ memberId: m.id, role: "designer" as TRole });
    await as.admin!.members.remove({ memberId: m.id });
    const inv = await as.admin!.members.invite({ email: "audited@a.test", role: "viewer" });
    await as.admin!.members.cancelInvitation({ id: inv.id });
    const logs = await t.db.auditLog.findMany({ where: { entityId: { in: [m.id, inv.id] } }, orderBy: { createdAt: "asc" } });
    expect(logs.map((l) => [l.action, l.entityType, l.actorId, l.organizationId])).toEqual([
      ["member.updateRole", "member", a.users.admin.id, a.organizationId],
      ["member.remove", "member", a.users.admin.id, a.organizationId],
      ["invitation.create", "invitation", a.users.admin.id, a.organizationId],
      ["invitation.cancel", "invitation", a.users.admin.id, a.organizationId],
    ]);
    expect(logs[0]!.diff).toEqual({ role: ["viewer", "designer"] });
  });

  it("left the other organization's data untouched", async () => {
    expect(await snapshotOrg(t.db, b.organizationId)).toEqual(bBefore);
  });
});
