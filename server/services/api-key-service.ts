import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Db } from "../db/create-db";
import type { Prisma } from "../db/generated/prisma/client";
import {
  API_KEY_SCOPES,
  type TApiKeyCreate,
  type TApiKeyCreated,
  type TApiKeyListInput,
  type TApiKeyOut,
  type TApiKeyScope,
  ZApiKeyOut,
} from "../schemas/api-key-schemas";
import { pageOf } from "../schemas/common-schemas";
import type { Scope } from "./scope";
import { FieldError, NotFoundError } from "./service-errors";
import { emitApiKeyRevoked } from "./api-key-events";
import { writeAuditLog } from "./write-audit-log";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const KEY_PATTERN = /^sy_live_[0-9A-Za-z]{8}_[0-9A-Za-z]{32}$/;
/** lastUsedAt is refreshed at most this often, so that verification is not a write per request. */
const LAST_USED_GRANULARITY_MS = 60_000;

/** `length` uniformly random base62 characters (rejection sampling: no modulo bias). */
export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248) out += BASE62[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

export const hashApiKey = (key: string) => createHash("sha256").update(key, "utf8").digest("hex");

const selectOut = { createdBy: { select: { id: true, name: true } } } as const;
type Row = Prisma.ApiKeyGetPayload<{ include: typeof selectOut }>;

function statusOf(row: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): TApiKeyOut["status"] {
  if (row.revokedAt) return "revoked";
  if (row.expiresAt && row.expiresAt <= now) return "expired";
  return "active";
}
const toOut = (row: Row, now = new Date()): TApiKeyOut =>
  ZApiKeyOut.parse({
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    status: statusOf(row, now),
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    createdBy: row.createdBy,
  });
const auditView = (row: Prisma.ApiKeyGetPayload<object>) => ({ name: row.name, prefix: row.prefix, scopes: row.scopes, expiresAt: row.expiresAt, revokedAt: row.revokedAt });

/** Creates a key and returns it in full, once; only its SHA-256 and its visible prefix are stored. */
export async function createApiKey(db: Db, scope: Scope, input: TApiKeyCreate): Promise<TApiKeyCreated> {
  const prefix = `sy_live_${randomBase62(8)}`;
  const key = `${prefix}_${randomBase62(32)}`;
  return db.$transaction(async (tx) => {
    const row = await tx.apiKey.create({
      data: {
        organizationId: scope.organizationId,
        name: input.name,
        prefix,
        hashedKey: hashApiKey(key),
        scopes: input.scopes,
        expiresAt: input.expiresAt,
        createdById: scope.actor.type === "user" ? scope.actor.id : null,
      },
      include: selectOut,
    });
    await writeAuditLog(tx, scope, { action: "apiKey.create", entityType: "apiKey", entityId: row.id, after: auditView(row) });
    return { key, apiKey: toOut(row) };
  });
}

export async function listApiKeys(db: Db, scope: Scope, input: TApiKeyListInput) {
  const where: Prisma.ApiKeyWhereInput = {
    organizationId: scope.organizationId,
    ...(input.includeRevoked ? {} : { revokedAt: null }),
    ...(input.search ? { OR: [{ name: { contains: input.search, mode: "insensitive" } }, { prefix: { contains: input.search, mode: "insensitive" } }] } : {}),
  };
  const [rows, total] = await Promise.all([
    db.apiKey.findMany({ where, include: selectOut, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: (input.page - 1) * input.pageSize, take: input.pageSize }),
    db.apiKey.count({ where }),
  ]);
  const now = new Date();
  return pageOf(
    rows.map((r) => toOut(r, now)),
    total,
    input,
  );
}

export async function revokeApiKey(db: Db, scope: Scope, id: string): Promise<TApiKeyOut> {
  let hashedKey = "";
  const out = await db.$transaction(async (tx) => {
    const before = await tx.apiKey.findFirst({ where: { id, organizationId: scope.organizationId }, include: selectOut });
    if (!before) throw new NotFoundError("API key", id);
    const { count } = await tx.apiKey.updateMany({ where: { id, organizationId: scope.organizationId, revokedAt: null }, data: { revokedAt: new Date() } });
    if (count === 0) throw new FieldError("id", "The key is already revoked");
    const after = await tx.apiKey.findUniqueOrThrow({ where: { id }, include: selectOut });
    await writeAuditLog(tx, scope, { action: "apiKey.revoke", entityType: "apiKey", entityId: id, before: auditView(before), after: auditView(after) });
    hashedKey = after.hashedKey;
    return toOut(after);
  });
  // Committed: this process's router forgets the key now (others within a second).
  emitApiKeyRevoked(hashedKey);
  return out;
}

export interface VerifiedApiKey {
  organizationId: string;
  keyId: string;
  scopes: TApiKeyScope[];
}

/**
 * The organization and scopes of a presented key, or null when it is malformed, unknown, revoked or
 * expired. The lookup is by the key's SHA-256 (unique index), so timing reveals nothing about stored
 * keys; the stored hash is compared again in constant time. Records the use in `lastUsedAt`.
 */
export async function verifyApiKey(db: Db, presentedKey: string, now = new Date()): Promise<VerifiedApiKey | null> {
  if (!KEY_PATTERN.test(presentedKey)) return null;
  const hashed = hashApiKey(presentedKey);
  const row = await db.apiKey.findUnique({ where: { hashedKey: hashed } });
  if (!row) return null;
  if (!timingSafeEqual(Buffer.from(row.hashedKey, "hex"), Buffer.from(hashed, "hex"))) return null;
  if (row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_GRANULARITY_MS) {
    await db.apiKey.updateMany({ where: { id: row.id, revokedAt: null }, data: { lastUsedAt: now } });
  }
  return { organizationId: row.organizationId, keyId: row.id, scopes: row.scopes.filter((s): s is TApiKeyScope => (API_KEY_SCOPES as readonly string[]).includes(s)) };
}
