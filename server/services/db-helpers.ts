import type { Db } from "../db/create-db";
import { Prisma } from "../db/generated/prisma/client";

/** A transaction client (what `db.$transaction(async (tx) => …)` passes). */
export type Tx = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

/** A unique index refused the write (Prisma P2002). */
export function uniqueViolation(e: unknown): boolean {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002";
}

/**
 * Serializes membership changes of one organization until the transaction ends (checks like "the last
 * owner" or "no pending invitation yet" would otherwise race). FOR NO KEY UPDATE does not block inserts
 * of rows referencing the organization.
 */
export async function lockOrganization(tx: Tx, organizationId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM organizations WHERE id = ${organizationId} FOR NO KEY UPDATE`;
}

/** Escapes `%`, `_` and `\` for a LIKE pattern. */
export function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, "\\$&")}%`;
}
