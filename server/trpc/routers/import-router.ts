import { ZImportGetInput, ZImportListInput, ZImportPage, ZImportReport } from "../../schemas/import-schemas";
import { getOrderImport, listOrderImports } from "../../services/import-orders-service";
import { procedureWith, router } from "../init";

/**
 * Order imports. Files are uploaded to POST /api/imports (a stream, not a tRPC input); these read the
 * imports back: `get` also shows a running import's progress.
 */
export const importRouter = router({
  list: procedureWith("read").input(ZImportListInput).output(ZImportPage).query(({ ctx, input }) => listOrderImports(ctx.db, ctx.scope, input)),
  get: procedureWith("read").input(ZImportGetInput).output(ZImportReport).query(({ ctx, input }) => getOrderImport(ctx.db, ctx.scope, input.id)),
});
