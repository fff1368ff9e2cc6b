/**
 * Order-history import: streams a merchant's export through the format's parser (server/import) into
 * the `orders` table of one store.
 *
 * - Bounded memory: orders go to the database in batches (default 1,000) while the file is read; at
 *   most one batch is being written while the next is parsed, and only the first 1,000 errors (and
 *   1,000 notices) are kept.
 * - Each batch is ONE statement — a CTE that inserts the orders (`jsonb_to_recordset` of one JSON
 *   parameter, `ON CONFLICT ("storeId","externalId") DO NOTHING`) and adds the counts to the
 *   OrderImport row — so each batch is its own transaction: its orders and the progress counters
 *   commit together or not at all.
 * - Idempotent: an order the store already has (same externalId) is skipped and counted as such.
 * - Notices (a line without a SKU known by its variant id, a refunded line not routed…) are kept apart
 *   from errors: they never reject an order. An order with nothing left to ship (only gift cards, every
 *   line refunded or cancelled) is skipped with a notice: counted in `skippedRows` and, of those, in
 *   `nothingToShipRows` — so totalRows = importedRows + skippedRows + failedRows still holds.
 * - A bad record (parser error, or an order the database could not store) never reaches a batch: it
 *   is counted in `failedRows` with its errors (row, field, message, externalId).
 * - A file the parser cannot read on (broken CSV quoting, missing columns, unreadable JSON) or a
 *   source stream that breaks ends the import as `failed`; the orders read before that point are
 *   kept (written as complete batches) and the report says how many, and where it stopped.
 */
import { setImmediate as nextTurn } from "node:timers/promises";
import type { Db } from "../db/create-db";
import { Prisma } from "../db/generated/prisma/client";
import { type ImportError, type ImportNotice, type ImportSource, type TImportFormat, ZImportFormat, importOrders } from "../import";
import { can } from "../auth/roles";
import { assertTimeZone } from "../import/parse-timestamp";
import { ZCurrencyCode } from "../../rules-schema/order/order-schema";
import { pageOf } from "../schemas/common-schemas";
import { storableText } from "../schemas/input-guard";
import type { TImportListInput, TImportNotice, TImportReport, TImportRowError, TImportSummary } from "../schemas/import-schemas";
import { loadSkuCatalog } from "./import-orders-sku-catalog";
import { insertOrderRowsSql, orderRowJson, toOrderRow } from "./order-row";
import type { Scope } from "./scope";
import { FieldError, ForbiddenError, NotFoundError } from "./service-errors";

export const DEFAULT_IMPORT_BATCH_SIZE = 1_000;
/** Largest batch: one JSON parameter, so only the statement's size limits it. */
export const MAX_IMPORT_BATCH_SIZE = 10_000;
/** Errors kept in the report (and on the OrderImport row); `failedRows` counts every rejected record. */
export const MAX_KEPT_ERRORS = 1_000;
/** Notices kept in the report (and on the OrderImport row); `noticeCount` counts them all. */
export const MAX_KEPT_NOTICES = 1_000;
export const IMPORT_AUDIT_ACTION = "orders.import";
/** Longest stretch of parsing without letting the event loop run. */
const YIELD_AFTER_MS = 4;

export interface ImportProgress {
  importId: string;
  /** Records read so far (orders + rejected records). */
  totalRows: number;
  importedRows: number;
  /** Orders not imported: already in the store, or with nothing to ship (`nothingToShipRows`). */
  skippedRows: number;
  nothingToShipRows: number;
  failedRows: number;
  batches: number;
  elapsedMs: number;
}

export interface ImportOrderFileInput {
  format: TImportFormat;
  storeId: string;
  fileName: string;
  /** The file: a Node Readable or any (async) iterable of byte or text chunks (read once, as it comes). */
  source: ImportSource;
  /** IANA zone of timestamps written without an offset (TikTok Seller Center CSV). Default UTC. */
  timeZone?: string;
  /** Currency of amounts when the file names none. */
  defaultCurrency?: string;
  /** Orders per batch (default 1,000). */
  batchSize?: number;
  /** Called after each batch is committed (and once at the end). */
  onProgress?: (progress: ImportProgress) => void;
}

/** The final report of one run: the stored report plus figures only the run itself knows. */
export interface ImportRun extends TImportReport {
  /** All errors, including those beyond the first MAX_KEPT_ERRORS that were not kept. */
  errorCount: number;
  /** Batches committed. */
  batches: number;
  /** Paired platform SKUs of the store used to pair and weigh the lines. */
  catalogSize: number;
  elapsedMs: number;
}

/**
 * The parsers report a file they cannot read on — broken CSV quoting, missing columns, a JSON document
 * that does not parse or holds no orders — as an error at field `$` without an order id, and then stop.
 * Other `$` errors concern one record and the import goes on: a non-object element, and (native
 * format) one NDJSON line that is not JSON.
 */
export function isFileLevelError(format: TImportFormat, error: ImportError): boolean {
  if (error.field !== "$" || error.externalId !== undefined) return false;
  if (error.message === "expected an order object") return false;
  if (format === "native" && error.message.startsWith("not valid JSON")) return false;
  return true;
}

function checkInput(input: ImportOrderFileInput): { batchSize: number } {
  if (!ZImportFormat.safeParse(input.format).success) throw new FieldError("format", `Unknown import format "${input.format}"`);
  const batchSize = input.batchSize ?? DEFAULT_IMPORT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_IMPORT_BATCH_SIZE) {
    throw new FieldError("batchSize", `batchSize must be an integer from 1 to ${MAX_IMPORT_BATCH_SIZE}`);
  }
  if (input.timeZone !== undefined) {
    try {
      assertTimeZone(input.timeZone);
    } catch (e) {
      throw new FieldError("timeZone", (e as Error).message);
    }
  }
  if (input.defaultCurrency !== undefined && !ZCurrencyCode.safeParse(input.defaultCurrency).success) {
    throw new FieldError("defaultCurrency", `"${input.defaultCurrency}" is not an ISO-4217 currency code, e.g. USD`);
  }
  return { batchSize };
}

// $1 rows (JSON array) · $2 import id · $3 orders in the batch · $4 records rejected so far · $5 new errors (JSON array)
// · $6 orders skipped with nothing to ship so far · $7 new notices (JSON array). The right-hand sides see the
// row before the update: "skippedRows" - "nothingToShipRows" is the duplicates counted so far.
const BATCH_SQL =
  `WITH ins AS (${insertOrderRowsSql(1)} RETURNING 1), n AS (SELECT count(*)::int AS inserted FROM ins) ` +
  `UPDATE "order_imports" SET ` +
  `"totalRows" = "importedRows" + "skippedRows" - "nothingToShipRows" + $3::int + $4::int + $6::int, ` +
  `"importedRows" = "importedRows" + n.inserted, ` +
  `"skippedRows" = "skippedRows" - "nothingToShipRows" + $3::int - n.inserted + $6::int, ` +
  `"failedRows" = $4::int, ` +
  `"nothingToShipRows" = $6::int, ` +
  `"errors" = "errors" || $5::jsonb, ` +
  `"notices" = "notices" || $7::jsonb ` +
  `FROM n WHERE "order_imports"."id" = $2 RETURNING n.inserted AS inserted`;

/**
 * Imports one file of orders into a store of the caller's organization; see the module comment.
 * Throws ForbiddenError / FieldError before anything is written if the role may not import or the
 * store, format or options are wrong; otherwise
 * returns the report, with status "completed" or "failed" (the file or the database broke off).
 */
export async function importOrderFile(db: Db, scope: Scope, input: ImportOrderFileInput): Promise<ImportRun> {
  // The callers (upload route, CLI) decide the scope; this is the last line of defence.
  if (!can(scope.role, "importOrders")) throw new ForbiddenError(`Your role (${scope.role}) may not importOrders`);
  const { batchSize } = checkInput(input);
  const started = performance.now();
  const store = await db.store.findFirst({ where: { id: input.storeId, organizationId: scope.organizationId }, select: { id: true, name: true, platform: true } });
  if (!store) throw new FieldError("storeId", "Unknown store");
  const { catalog, size: catalogSize } = await loadSkuCatalog(db, scope.organizationId, store.id);
  const record = await db.orderImport.create({
    data: {
      organizationId: scope.organizationId,
      format: input.format,
      fileName: input.fileName.slice(0, 255) || "upload",
      status: "running",
      storeId: store.id,
      createdById: scope.actor.type === "user" ? scope.actor.id : null,
    },
  });
  const importId = record.id;

  // Counts of committed batches (exact once the last write has settled).
  let inserted = 0;
  let skipped = 0;
  let batches = 0;
  // Parser-side counts.
  let rejected = 0;
  let nothingToShip = 0;
  let errorCount = 0;
  let noticeCount = 0;
  let lastRow = 0;
  const errors: TImportRowError[] = [];
  let unsavedErrors: TImportRowError[] = [];
  const notices: TImportNotice[] = [];
  let unsavedNotices: TImportNotice[] = [];
  let fatal: TImportRowError | null = null;

  let batch: string[] = [];
  let inFlight: Promise<void> = Promise.resolve();
  // Set by the batch being written in the background (an object, so TypeScript does not narrow it).
  const write: { failure: { error: unknown; batch: number } | null } = { failure: null };

  const progress = (): ImportProgress => ({
    importId,
    totalRows: inserted + skipped + nothingToShip + rejected,
    importedRows: inserted,
    skippedRows: skipped + nothingToShip,
    nothingToShipRows: nothingToShip,
    failedRows: rejected,
    batches,
    elapsedMs: Math.round(performance.now() - started),
  });

  const report = (p: ImportProgress) => {
    try {
      input.onProgress?.(p);
    } catch {
      // A failing progress display must not fail the import.
    }
  };

  /** Starts writing the current batch once the previous write is done; parsing goes on meanwhile. */
  const flush = async (): Promise<void> => {
    await inFlight;
    if (write.failure) return;
    const rows = batch;
    batch = [];
    const newErrors = unsavedErrors;
    unsavedErrors = [];
    const newNotices = unsavedNotices;
    unsavedNotices = [];
    const failedSoFar = rejected;
    const nothingToShipSoFar = nothingToShip;
    const number = batches + 1;
    inFlight = (async () => {
      try {
        const result = await db.$queryRawUnsafe<{ inserted: number }[]>(
          BATCH_SQL,
          `[${rows.join(",")}]`,
          importId,
          rows.length,
          failedSoFar,
          JSON.stringify(newErrors),
          nothingToShipSoFar,
          JSON.stringify(newNotices),
        );
        const n = Number(result[0]?.inserted ?? 0);
        if (result.length === 0) throw new Error(`the import record ${importId} disappeared while importing`);
        inserted += n;
        skipped += rows.length - n;
        batches = number;
      } catch (error) {
        write.failure = { error, batch: number };
        return;
      }
      report(progress());
    })();
  };

  const keepError = (e: TImportRowError) => {
    errorCount++;
    if (errors.length < MAX_KEPT_ERRORS) {
      errors.push(e);
      unsavedErrors.push(e);
    }
  };

  const keepNotices = (list: readonly ImportNotice[]) => {
    for (const n of list) {
      noticeCount++;
      if (notices.length < MAX_KEPT_NOTICES) {
        const kept: TImportNotice = { row: n.row, field: n.field, message: n.message, ...(n.externalId !== undefined ? { externalId: n.externalId } : {}) };
        notices.push(kept);
        unsavedNotices.push(kept);
      }
    }
  };

  let previousErrorKey: string | null = null;
  try {
    const results = importOrders(input.format, input.source, {
      storeId: store.id,
      platform: store.platform,
      timeZone: input.timeZone,
      defaultCurrency: input.defaultCurrency,
      skuCatalog: catalog,
    });
    let lastTurn = performance.now();
    for await (const r of results) {
      // A source that hands over large buffered chunks keeps the parser in microtasks for long
      // stretches; let the event loop run now and then so the batch being written (socket I/O) and
      // other requests make progress meanwhile.
      if (performance.now() - lastTurn > YIELD_AFTER_MS) {
        await nextTurn();
        lastTurn = performance.now();
      }
      lastRow = Math.max(lastRow, r.row);
      if (r.ok === "skipped") {
        previousErrorKey = null;
        nothingToShip++;
        keepNotices(r.notices);
        continue;
      }
      if (r.ok) {
        previousErrorKey = null;
        if (r.notices) keepNotices(r.notices);
        const row = orderRowJson(toOrderRow(scope.organizationId, r.order, { importId }));
        if (!row.ok) {
          rejected++;
          keepError({ row: r.row, field: "$", message: row.message, externalId: r.order.externalId });
          continue;
        }
        batch.push(row.json);
        if (batch.length >= batchSize) {
          await flush();
          if (write.failure) break;
        }
        continue;
      }
      if (isFileLevelError(input.format, r)) {
        fatal = { row: r.row, field: r.field, message: r.message, fatal: true };
        continue; // the parser stops after it
      }
      // One record may report several errors, one after the other (same order id, or same row).
      const key = r.externalId !== undefined ? `id:${r.externalId}` : `row:${r.row}`;
      if (key !== previousErrorKey) rejected++;
      previousErrorKey = key;
      keepError({ row: r.row, field: r.field, message: r.message, ...(r.externalId !== undefined ? { externalId: r.externalId } : {}) });
    }
  } catch (error) {
    // The source broke off (an unreadable or truncated file, an aborted upload).
    fatal = { row: lastRow + 1, field: "$", message: `the file could not be read to the end: ${(error as Error)?.message ?? String(error)}`, fatal: true };
  }
  // Orders read before a failure of the file are complete orders: write them too.
  if (batch.length > 0 && !write.failure) await flush();
  await inFlight;

  if (write.failure) {
    const reason = (write.failure.error as Error)?.message ?? String(write.failure.error);
    fatal = { row: lastRow, field: "$", message: `the database refused batch ${write.failure.batch}: ${reason.split("\n")[0]}`, fatal: true };
  }
  const status = fatal ? "failed" : "completed";
  const elapsedMs = Math.round(performance.now() - started);

  const counts = {
    totalRows: inserted + skipped + nothingToShip + rejected,
    importedRows: inserted,
    skippedRows: skipped + nothingToShip,
    nothingToShipRows: nothingToShip,
    failedRows: rejected,
  };
  let finished;
  try {
    [finished] = await db.$transaction([
      db.orderImport.update({
        where: { id: importId },
        data: {
          status,
          finishedAt: new Date(),
          ...counts,
          errors: [...errors, ...(fatal ? [fatal] : [])] as Prisma.InputJsonValue,
          errorCount: errorCount + (fatal ? 1 : 0),
          notices: notices as Prisma.InputJsonValue,
          noticeCount,
          failure: fatal ? { row: fatal.row, message: fatal.message } : Prisma.DbNull,
        },
        include: { store: { select: { id: true, name: true } } },
      }),
      db.auditLog.create({
        data: {
          organizationId: scope.organizationId,
          actorType: scope.actor.type,
          // The system has no id in the audit log.
          actorId: scope.actor.type === "system" ? null : scope.actor.id,
          action: IMPORT_AUDIT_ACTION,
          entityType: "orderImport",
          entityId: importId,
          diff: {
            storeId: store.id,
            storeName: store.name,
            format: input.format,
            fileName: record.fileName,
            status,
            ...counts,
            errorCount,
            noticeCount,
            batches,
            elapsedMs,
            ...(fatal ? { failure: { row: fatal.row, message: fatal.message } } : {}),
          },
        },
      }),
    ]);
  } catch (error) {
    // The report could not be saved (the database refused it or is gone): never leave the import "running".
    await db.orderImport
      .update({
        where: { id: importId },
        data: { status: "failed", finishedAt: new Date(), ...counts, failure: { row: lastRow, message: `the import's report could not be saved: ${storableText(String((error as Error)?.message ?? error).split("\n")[0]!)}` } },
      })
      .catch(() => undefined);
    if (write.failure) throw write.failure.error; // the database is gone: report its first error
    throw error;
  }
  report({ ...progress(), elapsedMs });

  return {
    ...toSummary(finished),
    errors: readErrors(finished.errors),
    notices: readNotices(finished.notices),
    errorCount: errorCount + (fatal ? 1 : 0),
    batches,
    catalogSize,
    elapsedMs,
  };
}

// ---------------------------------------------------------------------------------------------
// Reading imports back
// ---------------------------------------------------------------------------------------------

type ImportRow = Prisma.OrderImportGetPayload<{ include: { store: { select: { id: true; name: true } } } }>;
const WITH_STORE = { store: { select: { id: true, name: true } } } as const;

function readErrors(value: Prisma.JsonValue): TImportRowError[] {
  return Array.isArray(value) ? (value as unknown as TImportRowError[]) : [];
}

function readNotices(value: Prisma.JsonValue): TImportNotice[] {
  return Array.isArray(value) ? (value as unknown as TImportNotice[]) : [];
}

function readFailure(value: Prisma.JsonValue | null): TImportSummary["failure"] {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return null;
  const f = value as { row?: unknown; message?: unknown };
  return typeof f.row === "number" && typeof f.message === "string" ? { row: f.row, message: f.message } : null;
}

function toSummary(row: Omit<ImportRow, "errors" | "notices">): TImportSummary {
  return {
    id: row.id,
    format: row.format,
    fileName: row.fileName,
    status: row.status,
    store: row.store ? { id: row.store.id, name: row.store.name } : null,
    totalRows: row.totalRows,
    importedRows: row.importedRows,
    skippedRows: row.skippedRows,
    nothingToShipRows: row.nothingToShipRows,
    failedRows: row.failedRows,
    noticeCount: row.noticeCount,
    failure: readFailure(row.failure),
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    createdById: row.createdById,
  };
}

/** The organization's imports, newest first (without their errors). */
export async function listOrderImports(db: Db, scope: Scope, input: TImportListInput) {
  const where: Prisma.OrderImportWhereInput = { organizationId: scope.organizationId, ...(input.status ? { status: input.status } : {}) };
  const [rows, total] = await Promise.all([
    db.orderImport.findMany({
      where,
      omit: { errors: true, notices: true },
      include: WITH_STORE,
      orderBy: [{ startedAt: "desc" }, { id: "desc" }],
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
    }),
    db.orderImport.count({ where }),
  ]);
  return pageOf(rows.map(toSummary), total, { search: "", page: input.page, pageSize: input.pageSize });
}

/** One import with its kept errors and notices; progress while it runs. */
export async function getOrderImport(db: Db, scope: Scope, id: string): Promise<TImportReport> {
  const row = await db.orderImport.findFirst({ where: { id, organizationId: scope.organizationId }, include: WITH_STORE });
  if (!row) throw new NotFoundError("Import", id);
  return { ...toSummary(row), errors: readErrors(row.errors), notices: readNotices(row.notices) };
}
