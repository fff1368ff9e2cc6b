/**
 * `npm run db:setup` — also run by `predev` and `prestart`, so `npm run dev` and `npm start` do it first:
 * opens the configured database (PostgreSQL at DATABASE_URL, else PGlite in PGLITE_DIR, default
 * .data/pglite), applies pending migrations, seeds the demo merchant if it is not there yet (see
 * server/seed/seed-demo-merchant.ts), prints the demo login, and closes the database.
 *
 * It runs in its own process before the app starts; closing the database releases the PGlite data
 * directory's lock, so the Next.js server can open it next.
 *
 * Environment: SWITCHYARD_DEMO_ANCHOR=2026-11-20 fixes the end of the demo order history (reproducible
 * screenshots; default today 00:00 UTC). SWITCHYARD_DEMO_SEED=off only migrates.
 */
import { createDb } from "../server/db/create-db";
import { resolveDbConfig, type DbConfig } from "../server/db/resolve-db-config";
import { DEMO_ORG, DEMO_USERS } from "../server/seed/demo-merchant";
import { seedDemoMerchant, type SeedDemoMerchantResult } from "../server/seed/seed-demo-merchant";

async function main(): Promise<void> {
  const started = performance.now();
  const config = resolveDbConfig();
  const where = describe(config);
  const say = (message: string) => console.log(`[db:setup] ${message}`);
  say(`Database: ${where}. Applying migrations…`);
  const db = await createDb(config);
  let result: SeedDemoMerchantResult | null = null;
  try {
    if (/^(off|0|false|no)$/i.test(process.env.SWITCHYARD_DEMO_SEED?.trim() ?? "")) {
      say("SWITCHYARD_DEMO_SEED is off: the demo merchant is not seeded.");
    } else {
      result = await seedDemoMerchant(db, { log: say });
      say(result.message);
    }
  } finally {
    await db.$disconnect(); // PGlite: closes the database and releases its lock
  }
  say(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  if (result && result.status !== "foreign") printBanner(result);
}

function printBanner(result: SeedDemoMerchantResult): void {
  const url = `http://localhost:${process.env.PORT?.trim() || "3000"}`;
  const width = Math.max(...DEMO_USERS.map((u) => u.email.length));
  const rows = DEMO_USERS.map((u) => `    ${u.email.padEnd(width)}   ${u.password}   ${u.role}`);
  const lines = [
    `Switchyard demo merchant: ${DEMO_ORG.name}${result.anchor ? ` (orders up to ${result.anchor.slice(0, 10)})` : ""}`,
    `Open ${url} and sign in with any of (all share the same password):`,
    "",
    `    ${"email".padEnd(width)}   ${"password".padEnd(DEMO_USERS[0].password.length)}   role`,
    ...rows,
  ];
  const rule = "─".repeat(Math.max(...lines.map((l) => l.length)) + 2);
  console.log(["", rule, ...lines.map((l) => (l ? ` ${l}` : "")), rule, ""].join("\n"));
}

function describe(config: DbConfig): string {
  if (config.kind === "postgres") {
    try {
      const url = new URL(config.url);
      return `PostgreSQL ${url.hostname}${url.port ? `:${url.port}` : ""}${url.pathname} (DATABASE_URL)`;
    } catch {
      return "PostgreSQL (DATABASE_URL)";
    }
  }
  if (config.kind === "pglite") return `PGlite ${config.dataDir ?? "in memory"}`;
  return "PGlite";
}

// Exit explicitly: the wasm schema engine used by the migrations leaves a ~10 s timer behind, which would
// otherwise delay `next dev` by that much. Everything is closed and written by now.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error("[db:setup] failed:", error);
    process.exit(1);
  },
);
