import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { organization } from "better-auth/plugins/organization";
import type { Db } from "../db/create-db";
import { auditOrganizationEndpoints } from "./audit-organization-endpoints";

/**
 * Secret for signing sessions: BETTER_AUTH_SECRET when set (required when several app instances share
 * a database); otherwise a random secret made on first start and kept in `.data/auth-secret`, so a
 * single-machine install is secure without configuration.
 */
function authSecret(): string {
  const secret = process.env.BETTER_AUTH_SECRET;
  if (secret !== undefined) {
    if (secret.length < 32) throw new Error("BETTER_AUTH_SECRET must be at least 32 characters long.");
    return secret;
  }
  const file = path.join(process.env.SWITCHYARD_DATA_DIR ?? path.join(process.cwd(), ".data"), "auth-secret");
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(path.dirname(file), { recursive: true });
    const fresh = randomBytes(32).toString("hex");
    try {
      writeFileSync(file, fresh, { mode: 0o600, flag: "wx" });
      return fresh;
    } catch {
      // Another process created it first: use theirs.
      return readFileSync(file, "utf8").trim();
    }
  }
}

/**
 * The request header better-auth takes the client's address from: set by the production server
 * (server/http/client-address.ts), never trusted from the client.
 */
export const CLIENT_ADDRESS_HEADER = "x-switchyard-client-address";

/** better-auth with email + password, sessions in our database, and organizations with our roles. */
export function createAuth(db: Db, baseURL = process.env.BETTER_AUTH_URL ?? "http://localhost:3000", options: { rateLimit?: boolean } = {}) {
  return betterAuth({
    secret: authSecret(),
    baseURL,
    database: prismaAdapter(db, { provider: "postgresql" }),
    emailAndPassword: { enabled: true, minPasswordLength: 8, autoSignIn: true },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    // Password guessing is slowed per client address: 20 sign-in attempts a minute. The address is the one
    // the production server stamps (server/http/client-address.ts): X-Forwarded-For only counts behind
    // SWITCHYARD_TRUST_PROXY trusted proxies, so a client cannot pick a new address per attempt.
    advanced: { ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] } },
    rateLimit: { enabled: options.rateLimit ?? process.env.NODE_ENV === "production", window: 60, max: 300, customRules: { "/sign-in/email": { window: 60, max: 20 }, "/sign-up/email": { window: 60, max: 5 } } },
    plugins: [organization({ creatorRole: "owner", allowUserToCreateOrganization: true }), nextCookies()],
    // Member, role and invitation changes made through better-auth's own endpoints are audited like ours.
    hooks: { after: auditOrganizationEndpoints(db) },
    telemetry: { enabled: false },
  });
}
export type Auth = ReturnType<typeof createAuth>;
