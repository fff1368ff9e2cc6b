import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDb } from "../../db/create-test-db";
import { verifyApiKey } from "../../services/api-key-service";
import { type Tenant, callerFor } from "../../testing/tenant-fixtures";
import { type Caller, DB_KINDS, type ProcedureCase, errorOf, expectedOutcome, fieldsOf, matrix, runCase, snapshotOrg, twoTenants } from "./router-test-kit";

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

describe.each(DB_KINDS)("API key router (%s)", (kind) => {
  let t: TestDb;
  let a: Tenant;
  let b: Tenant;
  let as: Record<string, Caller>;
  let ownerA: Caller;
  let aKey: { id: string };
  let bKey: { id: string; prefix: string };
  let bBefore: Awaited<ReturnType<typeof snapshotOrg>>;

  beforeAll(async () => {
    ({ t, a, b, as, ownerA } = await twoTenants(kind));
    aKey = (await ownerA.apiKeys.create({ name: "A router", scopes: ["route"] })).apiKey;
    bKey = (await (await callerFor(t.db, b.users.owner)).apiKeys.create({ name: "B router", scopes: ["route"] })).apiKey;
    bBefore = await snapshotOrg(t.db, b.organizationId);
  });
  afterAll(async () => {
    await t?.drop();
  });

  const cases: ProcedureCase[] = [
    {
      name: "apiKeys.list",
      permission: "manageApiKeys",
      own: async (c) => expect((await c.apiKeys.list({})).items.map((k) => k.id)).toContain(aKey.id),
      foreign: async (c) => expect((await c.apiKeys.list({ search: bKey.prefix })).items).toEqual([]),
      foreignCode: "OK",
    },
    {
      name: "apiKeys.create",
      permission: "manageApiKeys",
      own: (c, role) => c.apiKeys.create({ name: `key of ${role}`, scopes: ["read"] }),
      foreign: (c, role) => c.apiKeys.create({ name: `B key of ${role}`, scopes: ["read"], organizationId: b.organizationId } as never),
      foreignCode: "BAD_REQUEST",
    },
    {
      name: "apiKeys.revoke",
      permission: "manageApiKeys",
      own: async (c, role) => c.apiKeys.revoke({ id: (await ownerA.apiKeys.create({ name: `revoke ${role}`, scopes: ["read"] })).apiKey.id }),
      foreign: (c) => c.apiKeys.revoke({ id: bKey.id }),
      foreignCode: "NOT_FOUND",
    },
  ];

  it.each(matrix(cases))("%s as %s: allowed only with its permission, never on another organization", async (_name, role, c) => {
    expect(await runCase(as[role]!, role, c)).toEqual(expectedOutcome(role, c));
  });

  it("shows the key once and stores only its SHA-256 and prefix", async () => {
    const { key, apiKey } = await ownerA.apiKeys.create({ name: "Importer", scopes: ["import", "read"] });
    expect(key).toMatch(/^sy_live_[0-9A-Za-z]{8}_[0-9A-Za-z]{32}$/);
    expect(apiKey.prefix).toBe(key.slice(0, "sy_live_".length + 8));
    const row = await t.db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect([row.hashedKey, row.prefix, row.scopes, row.createdById]).toEqual([sha256(key), apiKey.prefix, ["import", "read"], a.users.owner.id]);
    // Nowhere in the database: neither the key table nor the audit log holds the key.
    const secret = key.slice(apiKey.prefix.length + 1);
    const [counted] = await t.db.$queryRaw<{ hits: bigint }[]>`
      SELECT (SELECT count(*) FROM api_keys k WHERE row_to_json(k)::text LIKE ${"%" + secret + "%"})
           + (SELECT count(*) FROM audit_logs l WHERE row_to_json(l)::text LIKE ${"%" + secret + "%"}) AS hits`;
    expect(Number(counted!.hits)).toBe(0);
    // And never again through the API: neither the key nor its hash.
    const listed = await ownerA.apiKeys.list({ search: apiKey.prefix });
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(JSON.stringify(listed)).not.toContain(row.hashedKey);
    expect(Object.keys(listed.items[0]!).sort()).toEqual(["createdAt", "createdBy", "expiresAt", "id", "lastUsedAt", "name", "prefix", "revokedAt", "scopes", "status"]);
    expect(listed.items[0]).toMatchObject({ status: "active", createdBy: { id: a.users.owner.id, name: a.users.owner.name }, lastUsedAt: null });
  });

  it("verifies a key: its organization and scopes; records the use; refuses after revocation", async () => {
    const { key, apiKey } = await as.admin!.apiKeys.create({ name: "Router", scopes: ["route", "evaluate"] });
    expect(await verifyApiKey(t.db, key)).toEqual({ organizationId: a.organizationId, keyId: apiKey.id, scopes: ["route", "evaluate"] });
    const used = (await ownerA.apiKeys.list({ search: apiKey.prefix })).items[0]!;
    expect(used.lastUsedAt).toBeInstanceOf(Date);
    for (const wrong of ["", "sy_live_x", `${key.slice(0, -1)}${key.endsWith("a") ? "b" : "a"}`, key.toUpperCase(), ` ${key}`]) {
      expect(await verifyApiKey(t.db, wrong)).toBeNull();
    }
    const revoked = await as.admin!.apiKeys.revoke({ id: apiKey.id });
    expect([revoked.status, revoked.revokedAt instanceof Date]).toEqual(["revoked", true]);
    expect(await verifyApiKey(t.db, key)).toBeNull();
    const twice = await errorOf(as.admin!.apiKeys.revoke({ id: apiKey.id }));
    expect([twice.code, fieldsOf(twice)]).toEqual(["BAD_REQUEST", ["id"]]);
    expect((await ownerA.apiKeys.list({ includeRevoked: false, search: apiKey.prefix })).total).toBe(0);
  });

  it("refuses an expired key", async () => {
    const expiresAt = new Date(Date.now() + 3_600_000);
    const { key, apiKey } = await ownerA.apiKeys.create({ name: "Short-lived", scopes: ["read"], expiresAt });
    expect((await verifyApiKey(t.db, key))?.keyId).toBe(apiKey.id);
    expect(await verifyApiKey(t.db, key, new Date(expiresAt.getTime() + 1))).toBeNull();
    await t.db.apiKey.update({ where: { id: apiKey.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await verifyApiKey(t.db, key)).toBeNull();
    expect((await ownerA.apiKeys.list({ search: apiKey.prefix })).items[0]!.status).toBe("expired");
  });

  it("validates names, scopes and expiry", async () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ name: " ", scopes: ["read"] }, "name"],
      [{ name: "k", scopes: [] }, "scopes"],
      [{ name: "k", scopes: ["admin"] }, "scopes.0"],
      [{ name: "k", scopes: ["read", "read"] }, "scopes"],
      [{ name: "k", scopes: ["read"], expiresAt: new Date(Date.now() - 1000) }, "expiresAt"],
    ];
    for (const [input, field] of bad) {
      const err = await errorOf(ownerA.apiKeys.create(input as never));
      expect([err.code, fieldsOf(err)], JSON.stringify(input)).toEqual(["BAD_REQUEST", [field]]);
    }
  });

  it("records creation and revocation in the audit log, without the key", async () => {
    const { apiKey } = await as.admin!.apiKeys.create({ name: "Audited", scopes: ["read"] });
    await as.admin!.apiKeys.revoke({ id: apiKey.id });
    const logs = await t.db.auditLog.findMany({ where: { entityId: apiKey.id }, orderBy: { createdAt: "asc" } });
    expect(logs.map((l) => [l.action, l.entityType, l.actorId])).toEqual([
      ["apiKey.create", "apiKey", a.users.admin.id],
      ["apiKey.revoke", "apiKey", a.users.admin.id],
    ]);
    expect(logs[0]!.diff).toMatchObject({ name: [null, "Audited"], prefix: [null, apiKey.prefix], scopes: [null, ["read"]] });
    const { hashedKey } = await t.db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(JSON.stringify(logs)).not.toContain(hashedKey);
    expect(Object.keys(logs[1]!.diff as object)).toEqual(["revokedAt"]);
  });

  it("left the other organization's data untouched", async () => {
    expect(await snapshotOrg(t.db, b.organizationId)).toEqual(bBefore);
  });
});
