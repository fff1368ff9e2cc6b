import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { organization } from "better-auth/plugins/organization";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb, type TestDbKind } from "./create-test-db";

// The better-auth tables in prisma/schema.prisma must be the ones better-auth 1.x (core + organization
// plugin) reads and writes. better-auth checks the generated client's data model against its own schema
// when it starts (a mismatch throws on the first request), and the flow below writes every auth table.
const KINDS: TestDbKind[] = ["pglite", "postgres"];

describe.each(KINDS)("better-auth on the Prisma schema (%s)", (kind) => {
  let testDb: TestDb;
  beforeAll(async () => {
    testDb = await createTestDb(kind);
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  function makeAuth() {
    return betterAuth({
      secret: "switchyard-test-secret-0123456789abcdef",
      baseURL: "http://localhost:3000",
      database: prismaAdapter(testDb.db, { provider: "postgresql" }),
      emailAndPassword: { enabled: true },
      plugins: [organization()],
      telemetry: { enabled: false },
    });
  }

  it("signs up, creates an organization, invites, and the rows land in our tables", async () => {
    const auth = makeAuth();
    const { headers: signUpHeaders, response } = await auth.api.signUpEmail({
      body: { email: "owner@example.com", password: "correct horse battery staple", name: "Olive Owner" },
      returnHeaders: true,
    });
    const cookie = signUpHeaders.get("set-cookie")?.split(";")[0];
    expect(cookie).toBeTruthy();
    const headers = new Headers({ cookie: cookie! });

    const org = await auth.api.createOrganization({ headers, body: { name: "Acme Trading", slug: "acme-trading" } });
    expect(org?.slug).toBe("acme-trading");
    await auth.api.setActiveOrganization({ headers, body: { organizationId: org!.id } });
    await auth.api.createInvitation({
      headers,
      body: { email: "analyst@example.com", role: "member", organizationId: org!.id },
    });

    const db = testDb.db;
    const user = await db.user.findUniqueOrThrow({
      where: { email: "owner@example.com" },
      include: { accounts: true, sessions: true, members: true },
    });
    expect(user.id).toBe(response.user.id);
    expect(user.accounts).toHaveLength(1);
    expect(user.accounts[0]!.providerId).toBe("credential");
    expect(user.accounts[0]!.password).toBeTruthy();
    expect(user.sessions[0]!.activeOrganizationId).toBe(org!.id);
    expect(user.members).toEqual([expect.objectContaining({ organizationId: org!.id, role: "owner" })]);

    const stored = await db.organization.findUniqueOrThrow({ where: { id: org!.id }, include: { invitations: true } });
    expect(stored.settings).toEqual({}); // ours, defaulted: better-auth never writes it
    expect(stored.invitations).toEqual([
      expect.objectContaining({ email: "analyst@example.com", role: "member", status: "pending", inviterId: user.id }),
    ]);

    const session = await auth.api.getSession({ headers });
    expect(session?.user.email).toBe("owner@example.com");
  });
});
