import { z } from "zod";
import { ZId, ZListInput } from "../../schemas/common-schemas";
import { ZWarehouseCreate, ZWarehouseDelete, ZWarehouseOut, ZWarehouseUpdate } from "../../schemas/warehouse-schemas";
import { createWarehouse, deleteWarehouse, getWarehouse, listWarehouses, updateWarehouse } from "../../services/warehouse-service";
import { procedureWith, router } from "../init";

const ZPage = z.object({ items: z.array(ZWarehouseOut), total: z.number(), page: z.number(), pageSize: z.number(), pageCount: z.number() });

export const warehouseRouter = router({
  list: procedureWith("read").input(ZListInput).output(ZPage).query(({ ctx, input }) => listWarehouses(ctx.db, ctx.scope, input)),
  get: procedureWith("read").input(z.object({ id: ZId }).strict()).output(ZWarehouseOut).query(({ ctx, input }) => getWarehouse(ctx.db, ctx.scope, input.id)),
  create: procedureWith("manageMasterData").input(ZWarehouseCreate).output(ZWarehouseOut).mutation(({ ctx, input }) => createWarehouse(ctx.db, ctx.scope, input)),
  update: procedureWith("manageMasterData")
    .input(ZWarehouseUpdate)
    .output(ZWarehouseOut)
    .mutation(({ ctx, input }) => updateWarehouse(ctx.db, ctx.scope, input.id, input.revision, input.fields)),
  delete: procedureWith("manageMasterData").input(ZWarehouseDelete).output(z.void()).mutation(({ ctx, input }) => deleteWarehouse(ctx.db, ctx.scope, input.id, input.revision)),
});
