import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb, type TestDbKind } from "../db/create-test-db";
import { createAuth } from "./create-auth";

describe.each<TestDbKind>(["pglite", "postgres"])("better-auth's organization endpoints are audited (%s)", (kind) => {
  let t: TestDb;
  let auth: ReturnType<typeof createAuth>;
  beforeAll(async () => {
    t = await createTestDb(kind);
    auth = createAuth(t.db, "http://localhost:3000", { rateLimit: false });
  });
  afterAll(async () => {
    await t?.drop();
  });

  async function signUp(email: string) {
    const { headers } = await auth.api.signUpEmail({ body: { email, password: "correct horse battery staple", name: email.split("@")[0]! }, returnHeaders: true });
    return new Headers({ cookie: headers.get("set-cookie")!.split(";")[0]! });
  }

  it("writes an entry, with the signed-in user as the actor, for invite, accept and role change; none for a refused request", async () => {
    const owner = await signUp("owner@acme.test");
    const ownerUser = await t.db.user.findUniqueOrThrow({ where: { email: "owner@acme.test" } });
    const org = await auth.api.createOrganization({ headers: owner, body: { name: "Acme", slug: "acme" } });
    await auth.api.setActiveOrganization({ headers: owner, body: { organizationId: org!.id } });
    const invitation = await auth.api.createInvitation({ headers: owner, body: { email: "ada@acme.test", role: "admin", organizationId: org!.id } });

    const ada = await signUp("ada@acme.test");
    const accepted = await auth.api.acceptInvitation({ headers: ada, body: { invitationId: invitation!.id } });
    const adaUser = await t.db.user.findUniqueOrThrow({ where: { email: "ada@acme.test" } });
    await auth.api.updateMemberRole({ headers: owner, body: { memberId: accepted!.member.id, role: "member", organizationId: org!.id } });
    // Ada (now a plain member) may not change roles: refused, and nothing is written for it.
    await expect(auth.api.updateMemberRole({ headers: ada, body: { memberId: accepted!.member.id, role: "owner", organizationId: org!.id } })).rejects.toThrow();

    const log = await t.db.auditLog.findMany({ where: { organizationId: org!.id }, orderBy: { createdAt: "asc" } });
    expect(log.map((e) => [e.action, e.actorId])).toEqual([
      ["organization.create", ownerUser.id],
      ["invitation.create", ownerUser.id],
      ["invitation.accept", adaUser.id],
      ["member.updateRole", ownerUser.id],
    ]);
    expect(log[1]).toMatchObject({ entityType: "invitation", entityId: invitation!.id, diff: { after: { email: "ada@acme.test", role: "admin" } } });
    expect(log[3]).toMatchObject({ entityType: "member", entityId: accepted!.member.id, diff: { role: "member" } });
  });
});
