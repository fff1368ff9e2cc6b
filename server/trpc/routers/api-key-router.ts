import { z } from "zod";
import { ZApiKeyCreate, ZApiKeyCreated, ZApiKeyListInput, ZApiKeyOut, ZApiKeyRevoke } from "../../schemas/api-key-schemas";
import { createApiKey, listApiKeys, revokeApiKey } from "../../services/api-key-service";
import { procedureWith, router } from "../init";

const ZPage = z.object({ items: z.array(ZApiKeyOut), total: z.number(), page: z.number(), pageSize: z.number(), pageCount: z.number() });

export const apiKeyRouter = router({
  list: procedureWith("manageApiKeys").input(ZApiKeyListInput).output(ZPage).query(({ ctx, input }) => listApiKeys(ctx.db, ctx.scope, input)),
  create: procedureWith("manageApiKeys").input(ZApiKeyCreate).output(ZApiKeyCreated).mutation(({ ctx, input }) => createApiKey(ctx.db, ctx.scope, input)),
  revoke: procedureWith("manageApiKeys").input(ZApiKeyRevoke).output(ZApiKeyOut).mutation(({ ctx, input }) => revokeApiKey(ctx.db, ctx.scope, input.id)),
});
