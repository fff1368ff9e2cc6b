import { z } from "zod";
import { ZImportFormat } from "../import/import-formats";
import { ZId } from "./common-schemas";

export const IMPORT_STATUSES = ["running", "completed", "failed"] as const;

/** Order imports, newest first. */
export const ZImportListInput = z
  .object({
    page: z.number().int().min(1).max(1_000_000).default(1),
    pageSize: z.number().int().min(5).max(100).default(25),
    status: z.enum(IMPORT_STATUSES).optional(),
  })
  .strict();
export type TImportListInput = z.infer<typeof ZImportListInput>;

export const ZImportGetInput = z.object({ id: ZId }).strict();

/** A problem at one row of the file. `fatal` marks the one that stopped the import (a corrupt file). */
export const ZImportRowError = z.object({
  row: z.number(),
  field: z.string(),
  message: z.string(),
  externalId: z.string().optional(),
  fatal: z.boolean().optional(),
});
export type TImportRowError = z.infer<typeof ZImportRowError>;

/**
 * Something a person should know about an order that imported (or was skipped with nothing to ship):
 * a line without a SKU known by its variant id or title, a gift card or refunded line not routed.
 */
export const ZImportNotice = z.object({
  row: z.number(),
  field: z.string(),
  message: z.string(),
  externalId: z.string().optional(),
});
export type TImportNotice = z.infer<typeof ZImportNotice>;

const importSummaryShape = {
  id: z.string(),
  format: z.string(),
  fileName: z.string(),
  status: z.enum(IMPORT_STATUSES),
  /** The store, once known from the import's audit entry (null while running, or for an import the audit log has not recorded). */
  store: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
  /** Records read: orders (new or already present) plus rejected ones; = imported + skipped + failed. */
  totalRows: z.number(),
  /** Orders inserted. */
  importedRows: z.number(),
  /** Orders not imported: already present (same store and order number, left unchanged), or with nothing to ship. */
  skippedRows: z.number(),
  /** Of skippedRows, the orders with nothing left to ship (gift cards only; every line removed, refunded or cancelled). */
  nothingToShipRows: z.number(),
  /** Records rejected (each with one or more errors). */
  failedRows: z.number(),
  /** Every notice; only the first 1,000 are kept in `notices`. */
  noticeCount: z.number(),
  /** Why the import stopped early (a corrupt or unreadable file); null unless failed. */
  failure: z.object({ row: z.number(), message: z.string() }).nullable(),
  startedAt: z.date(),
  finishedAt: z.date().nullable(),
  createdById: z.string().nullable(),
};

export const ZImportSummary = z.object(importSummaryShape);
export type TImportSummary = z.infer<typeof ZImportSummary>;

/** One import with its errors and notices (the first 1,000 of each; `failedRows` and `noticeCount` count them all). */
export const ZImportReport = z.object({ ...importSummaryShape, errors: z.array(ZImportRowError), notices: z.array(ZImportNotice) });
export type TImportReport = z.infer<typeof ZImportReport>;

export const ZImportPage = z.object({ items: z.array(ZImportSummary), total: z.number(), page: z.number(), pageSize: z.number(), pageCount: z.number() });

/** Query parameters of POST /api/imports (the file is the body). */
export const ZImportUploadParams = z
  .object({
    format: ZImportFormat,
    storeId: ZId,
    /** Name shown in the import list; default: the multipart file name, else "upload". */
    fileName: z.string().trim().min(1).max(255).optional(),
    timeZone: z.string().trim().min(1).max(64).optional(),
    currency: z.string().trim().toUpperCase().length(3).optional(),
  })
  .strict();
export type TImportUploadParams = z.infer<typeof ZImportUploadParams>;
