import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { basename } from "node:path";
import { type Db, createDb } from "../server/db/create-db";
import { IMPORT_FORMATS, type TImportFormat } from "../server/import";
import { type ImportProgress, type ImportRun, importOrderFile } from "../server/services/import-orders-service";
import type { Scope } from "../server/services/scope";
import { FieldError } from "../server/services/service-errors";
import { type CliIo, CliError, EXIT } from "./cli-io";
import { expectChoice, expectPositionals, parseArgs } from "./parse-args";
import { describeFsError } from "./read-json-file";

const FORMAT_IDS = IMPORT_FORMATS.map((f) => f.id) as TImportFormat[];
/** Errors printed in the text report; the rest are counted (the first 1,000 are kept in the database). */
export const PRINTED_ERRORS = 20;
const PROGRESS_EVERY_MS = 1_000;

export interface ImportCommandDeps {
  /** Opens the database; default `createDb()` (DATABASE_URL, else PGlite in PGLITE_DIR / .data/pglite). */
  openDb?: () => Promise<Db>;
  /** Disconnect the database at the end (default true; false for a database the caller owns). */
  closeDb?: boolean;
}

const fmt = (n: number) => n.toLocaleString("en-US");

/**
 * `switchyard import <file> --org <slug|id> --store <name|id> --format <format> [--time-zone TZ]
 * [--currency USD] [--json]`: imports an order file as the organization's `system` actor.
 * Progress goes to stderr, the report to stdout. Exit 0 completed (bad rows are reported), 1 the import
 * failed (the database could not be opened, or the file broke off), 2 bad arguments / unknown org,
 * store or format / unreadable file.
 */
export async function importCommand(argv: readonly string[], io: CliIo, deps: ImportCommandDeps = {}): Promise<number> {
  const args = parseArgs(argv, { values: ["org", "store", "format", "time-zone", "currency"], booleans: ["json"] });
  const [file] = expectPositionals(args, ["file"]) as [string];
  const format = expectChoice("format", args.values.format, FORMAT_IDS);
  if (!format) throw new CliError(`missing --format: one of ${FORMAT_IDS.join(", ")}`, EXIT.BAD_INPUT, true);
  const orgKey = args.values.org;
  if (!orgKey) throw new CliError("missing --org <slug|id>", EXIT.BAD_INPUT, true);
  const storeKey = args.values.store;
  if (!storeKey) throw new CliError("missing --store <name|id>", EXIT.BAD_INPUT, true);
  try {
    if (!(await stat(file)).isFile()) throw new CliError(`${file}: cannot read: not a file`);
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`${file}: cannot read: ${describeFsError(err)}`);
  }

  let db: Db;
  try {
    db = await (deps.openDb ?? (() => createDb()))();
  } catch (err) {
    throw new CliError(`switchyard import: cannot open the database: ${(err as Error).message}`, EXIT.FAILED);
  }
  try {
    const org = await db.organization.findFirst({ where: { OR: [{ id: orgKey }, { slug: orgKey }] }, select: { id: true, slug: true, name: true } });
    if (!org) throw new CliError(`unknown organization "${orgKey}" (give its slug or id)`);
    const stores = await db.store.findMany({ where: { organizationId: org.id }, select: { id: true, name: true, platform: true }, orderBy: { name: "asc" } });
    const store = stores.find((s) => s.id === storeKey) ?? stores.find((s) => s.name === storeKey) ?? stores.find((s) => s.name.toLowerCase() === storeKey.toLowerCase());
    if (!store) {
      const known = stores.length ? stores.map((s) => `"${s.name}" (${s.platform})`).join(", ") : "none";
      throw new CliError(`unknown store "${storeKey}" in ${org.slug}; its stores: ${known}`);
    }

    const scope: Scope = { organizationId: org.id, role: "owner", actor: { type: "system", id: "cli" } };
    io.stderr.write(`Importing ${file} (${format}) into ${org.slug} / ${store.name}…\n`);
    let lastProgress = 0;
    const onProgress = (p: ImportProgress) => {
      if (p.elapsedMs - lastProgress < PROGRESS_EVERY_MS) return;
      lastProgress = p.elapsedMs;
      const perSec = (p.importedRows + p.skippedRows) / Math.max(p.elapsedMs / 1000, 0.001);
      io.stderr.write(
        `  ${fmt(p.totalRows)} read · ${fmt(p.importedRows)} imported · ${fmt(p.skippedRows - p.nothingToShipRows)} already present · ${fmt(p.nothingToShipRows)} nothing to ship · ${fmt(p.failedRows)} bad · ${fmt(Math.round(perSec))} orders/s\n`,
      );
    };
    let run: ImportRun;
    try {
      run = await importOrderFile(db, scope, {
        format,
        storeId: store.id,
        fileName: basename(file),
        source: createReadStream(file),
        timeZone: args.values["time-zone"],
        defaultCurrency: args.values.currency?.toUpperCase(),
        onProgress,
      });
    } catch (err) {
      if (err instanceof FieldError) throw new CliError(`--${cliOption(err.field)}: ${err.message}`);
      throw new CliError(`switchyard import: the import failed: ${(err as Error).message}`, EXIT.FAILED);
    }
    io.stdout.write(args.booleans.has("json") ? `${JSON.stringify(run)}\n` : formatReport(run, file));
    return run.status === "completed" ? EXIT.OK : EXIT.FAILED;
  } finally {
    if (deps.closeDb ?? true) await db.$disconnect();
  }
}

function cliOption(field: string): string {
  return field === "timeZone" ? "time-zone" : field === "defaultCurrency" ? "currency" : field === "storeId" ? "store" : field;
}

/** The human-readable report: counts, then the first errors and the first notices as `row N  field  message`. */
export function formatReport(run: ImportRun, file: string): string {
  const lines = [
    `Import ${run.id} of ${file} (${run.format}) into ${run.store?.name ?? "?"}: ${run.status} in ${(run.elapsedMs / 1000).toFixed(1)} s`,
    `  records read      ${fmt(run.totalRows)}`,
    `  imported          ${fmt(run.importedRows)}`,
    `  already present   ${fmt(run.skippedRows - run.nothingToShipRows)}`,
    `  nothing to ship   ${fmt(run.nothingToShipRows)}`,
    `  bad rows          ${fmt(run.failedRows)}${run.errorCount ? ` (${fmt(run.errorCount)} errors)` : ""}`,
    `  notices           ${fmt(run.noticeCount)}`,
  ];
  if (run.failure) {
    lines.push(
      `  FAILED at row ${run.failure.row}: ${run.failure.message}`,
      `  The ${fmt(run.importedRows + run.skippedRows)} orders read before it are kept (${fmt(run.batches)} batches); fix the file and import it again — orders already imported are skipped.`,
    );
  }
  const rowErrors = run.errors.filter((e) => !e.fatal);
  if (rowErrors.length) {
    lines.push("", "Errors (row  field  message):");
    for (const e of rowErrors.slice(0, PRINTED_ERRORS)) lines.push(`  row ${e.row}  ${e.field}  ${e.message}${e.externalId ? `  [order ${e.externalId}]` : ""}`);
    const more = run.errorCount - (run.failure ? 1 : 0) - Math.min(rowErrors.length, PRINTED_ERRORS);
    if (more > 0) lines.push(`  …and ${fmt(more)} more (the first ${fmt(rowErrors.length)} are kept: switchyard's import list shows them)`);
  }
  if (run.notices.length) {
    lines.push("", "Notices (imported anyway; row  field  message):");
    for (const e of run.notices.slice(0, PRINTED_ERRORS)) lines.push(`  row ${e.row}  ${e.field}  ${e.message}${e.externalId ? `  [order ${e.externalId}]` : ""}`);
    const more = run.noticeCount - Math.min(run.notices.length, PRINTED_ERRORS);
    if (more > 0) lines.push(`  …and ${fmt(more)} more (the first ${fmt(run.notices.length)} are kept: switchyard's import list shows them)`);
  }
  return `${lines.join("\n")}\n`;
}
