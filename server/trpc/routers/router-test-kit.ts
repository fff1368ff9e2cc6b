/**
 * Shared pieces of the router tests: a role × procedure matrix checked against two organizations.
 * Each procedure case says what its permission is, how to call it on the caller's own organization's
 * data, and how to aim it at the other organization's data (which must stay unknown and unchanged).
 */
import { TRPCError } from "@trpc/server";
import { ROLES, type TPermission, type TRole } from "../../auth/roles";
import type { Db } from "../../db/create-db";
import { type TestDb, createTestDb } from "../../db/create-test-db";
import { type Tenant, callerFor, createTenant } from "../../testing/tenant-fixtures";

export const DB_KINDS = ["pglite", "postgres"] as const;

/** Who holds each permission, spelled out here rather than derived from the code under test. */
export const HOLDERS: Record<TPermission, readonly TRole[]> = {
  read: ["owner", "admin", "designer", "analyst", "viewer"],
  simulate: ["owner", "admin", "designer", "analyst"],
  editRules: ["owner", "admin", "designer"],
  publish: ["owner", "admin"],
  manageMasterData: ["owner", "admin"],
  manageMembers: ["owner", "admin"],
  manageApiKeys: ["owner", "admin"],
  importOrders: ["owner", "admin"],
};

export type Caller = Awaited<ReturnType<typeof callerFor>>;

/** "OK", or the tRPC error code the call failed with. */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "OK";
  } catch (e) {
    return e instanceof TRPCError ? e.code : String(e);
  }
}

/** The error a call fails with (fails the test if it succeeds). */
export async function errorOf(p: Promise<unknown>): Promise<TRPCError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TRPCError) return e;
    throw e;
  }
  throw new Error("expected the call to fail");
}

/** The field-level messages the error formatter would send (FieldError or zod issues). */
export function fieldsOf(e: TRPCError): string[] {
  const cause = e.cause as { field?: string; issues?: { path?: readonly (PropertyKey | { key: PropertyKey })[] }[] } | undefined;
  if (cause?.field) return [cause.field];
  // Same reading of issue paths as the error formatter (Standard Schema path segments may be { key }).
  return (cause?.issues ?? []).map((i) => (i.path ?? []).map((p) => String(typeof p === "object" && p !== null ? p.key : p)).join("."));
}

export interface ProcedureCase {
  /** e.g. "stores.update" */
  name: string;
  permission: TPermission;
  /** Calls the procedure on the caller's own organization (fresh data per role where it changes things). */
  own: (caller: Caller, role: TRole) => Promise<unknown>;
  /** Calls it on the other organization's data; it must fail with `foreignCode` (or pass its own checks when "OK"). */
  foreign: (caller: Caller, role: TRole) => Promise<unknown>;
  foreignCode: "NOT_FOUND" | "BAD_REQUEST" | "OK";
}

/** Rows for `it.each`: every case for every role. */
export function matrix(cases: ProcedureCase[]): [string, TRole, ProcedureCase][] {
  return cases.flatMap((c) => ROLES.map((role): [string, TRole, ProcedureCase] => [c.name, role, c]));
}

/** What a matrix row must give: allowed roles succeed on their own data, others get FORBIDDEN everywhere. */
export function expectedOutcome(role: TRole, c: ProcedureCase): { own: string; foreign: string } {
  const allowed = HOLDERS[c.permission].includes(role);
  return { own: allowed ? "OK" : "FORBIDDEN", foreign: allowed ? c.foreignCode : "FORBIDDEN" };
}

/** Runs one matrix row (own data first, then the other organization's). */
export async function runCase(caller: Caller, role: TRole, c: ProcedureCase): Promise<{ own: string; foreign: string }> {
  const own = await codeOf(c.own(caller, role));
  const foreign = await codeOf(c.foreign(caller, role));
  return { own, foreign };
}

/** One caller per role, created once (the role is resolved when the caller is made). */
export async function callersOf(db: Db, tenant: Tenant): Promise<Record<TRole, Caller>> {
  const out = {} as Record<TRole, Caller>;
  for (const role of ROLES) out[role] = await callerFor(db, tenant.users[role]);
  return out;
}

/** Everything an organization owns, to prove that the other organization's calls changed nothing. */
export async function snapshotOrg(db: Db, organizationId: string) {
  const where = { organizationId };
  const byId = { id: "asc" } as const;
  return {
    stores: await db.store.findMany({ where, orderBy: byId }),
    warehouses: await db.warehouse.findMany({ where, orderBy: byId }),
    channels: await db.logisticsChannel.findMany({ where, orderBy: byId }),
    skus: await db.sku.findMany({ where, orderBy: byId }),
    pairings: await db.skuPairing.findMany({ where, orderBy: byId }),
    inventory: await db.inventory.findMany({ where, orderBy: byId }),
    members: await db.member.findMany({ where, orderBy: byId }),
    invitations: await db.invitation.findMany({ where, orderBy: byId }),
    apiKeys: await db.apiKey.findMany({ where, orderBy: byId }),
    auditLogs: await db.auditLog.findMany({ where, orderBy: byId }),
  };
}

/** The stored version a CONFLICT carries (what the client receives as `data.conflict.current`). */
export function currentOf<T>(e: TRPCError): T {
  return (e.cause as unknown as { current: T }).current;
}

/** A fresh test database of `kind` with two organizations: `a` (a caller per role, `ownerA` among them) and `b`. */
export async function twoTenants(kind: (typeof DB_KINDS)[number]): Promise<{ t: TestDb; a: Tenant; b: Tenant; as: Record<TRole, Caller>; ownerA: Caller }> {
  const t = await createTestDb(kind);
  const a = await createTenant(t.db, "org-a");
  const b = await createTenant(t.db, "org-b");
  const as = await callersOf(t.db, a);
  return { t, a, b, as, ownerA: as.owner };
}
