import { getDb } from "../db/get-db";
import { type Auth, createAuth } from "./create-auth";

const globalForAuth = globalThis as typeof globalThis & { __switchyardAuth?: Promise<Auth> };

/** The process-wide better-auth instance over the process-wide database. */
export function getAuth(): Promise<Auth> {
  globalForAuth.__switchyardAuth ??= getDb().then((db) => createAuth(db));
  return globalForAuth.__switchyardAuth;
}
