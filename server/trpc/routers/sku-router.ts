import { z } from "zod";
import { ZId } from "../../schemas/common-schemas";
import { ZSkuCreate, ZSkuDelete, ZSkuListInput, ZSkuOut, ZSkuUpdate } from "../../schemas/sku-schemas";
import { createSku, deleteSku, getSku, listSkus, updateSku } from "../../services/sku-service";
import { procedureWith, router } from "../init";

const ZPage = z.object({ items: z.array(ZSkuOut), total: z.number(), page: z.number(), pageSize: z.number(), pageCount: z.number() });

export const skuRouter = router({
  list: procedureWith("read").input(ZSkuListInput).output(ZPage).query(({ ctx, input }) => listSkus(ctx.db, ctx.scope, input)),
  get: procedureWith("read").input(z.object({ id: ZId }).strict()).output(ZSkuOut).query(({ ctx, input }) => getSku(ctx.db, ctx.scope, input.id)),
  create: procedureWith("manageMasterData").input(ZSkuCreate).output(ZSkuOut).mutation(({ ctx, input }) => createSku(ctx.db, ctx.scope, input)),
  update: procedureWith("manageMasterData")
    .input(ZSkuUpdate)
    .output(ZSkuOut)
    .mutation(({ ctx, input }) => updateSku(ctx.db, ctx.scope, input.id, input.revision, input.fields)),
  delete: procedureWith("manageMasterData").input(ZSkuDelete).output(z.void()).mutation(({ ctx, input }) => deleteSku(ctx.db, ctx.scope, input.id, input.revision)),
});
