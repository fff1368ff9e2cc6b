import { z } from "zod";
import { ZAuditEntryOut, ZAuditListInput } from "../../schemas/audit-schemas";
import { listAuditLog } from "../../services/audit-service";
import { procedureWith, router } from "../init";

const ZPage = z.object({ items: z.array(ZAuditEntryOut), total: z.number(), page: z.number(), pageSize: z.number(), pageCount: z.number() });

/** Admins and owners see the audit log (the permission that comes with administration: manageMasterData). */
export const auditRouter = router({
  list: procedureWith("manageMasterData").input(ZAuditListInput).output(ZPage).query(({ ctx, input }) => listAuditLog(ctx.db, ctx.scope, input)),
});
