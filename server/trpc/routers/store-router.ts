import { z } from "zod";
import { ZId } from "../../schemas/common-schemas";
import { ZStoreCreate, ZStoreDelete, ZStoreListInput, ZStoreOut, ZStoreUpdate } from "../../schemas/store-schemas";
import { createStore, deleteStore, getStore, listStores, updateStore } from "../../services/store-service";
import { procedureWith, router } from "../init";

const ZPage = z.object({ items: z.array(ZStoreOut), total: z.number(), page: z.number(), pageSize: z.number(), pageCount: z.number() });

export const storeRouter = router({
  list: procedureWith("read").input(ZStoreListInput).output(ZPage).query(({ ctx, input }) => listStores(ctx.db, ctx.scope, input)),
  get: procedureWith("read").input(z.object({ id: ZId }).strict()).output(ZStoreOut).query(({ ctx, input }) => getStore(ctx.db, ctx.scope, input.id)),
  create: procedureWith("manageMasterData").input(ZStoreCreate).output(ZStoreOut).mutation(({ ctx, input }) => createStore(ctx.db, ctx.scope, input)),
  update: procedureWith("manageMasterData")
    .input(ZStoreUpdate)
    .output(ZStoreOut)
    .mutation(({ ctx, input }) => updateStore(ctx.db, ctx.scope, input.id, input.revision, input.fields)),
  delete: procedureWith("manageMasterData").input(ZStoreDelete).output(z.void()).mutation(({ ctx, input }) => deleteStore(ctx.db, ctx.scope, input.id, input.revision)),
});
