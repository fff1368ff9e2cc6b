import { z } from "zod";
import { ZId } from "../../schemas/common-schemas";
import { ZInventoryListInput, ZInventoryOut, ZInventorySetQuantity, ZInventoryUpdate, ZLowStockInput } from "../../schemas/inventory-schemas";
import { getInventory, listInventory, listLowStock, setInventoryQuantity, updateInventory } from "../../services/inventory-service";
import { procedureWith, router } from "../init";

const ZPage = z.object({ items: z.array(ZInventoryOut), total: z.number(), page: z.number(), pageSize: z.number(), pageCount: z.number() });

export const inventoryRouter = router({
  list: procedureWith("read").input(ZInventoryListInput).output(ZPage).query(({ ctx, input }) => listInventory(ctx.db, ctx.scope, input)),
  lowStock: procedureWith("read").input(ZLowStockInput).output(ZPage).query(({ ctx, input }) => listLowStock(ctx.db, ctx.scope, input)),
  get: procedureWith("read").input(z.object({ id: ZId }).strict()).output(ZInventoryOut).query(({ ctx, input }) => getInventory(ctx.db, ctx.scope, input.id)),
  setQuantity: procedureWith("manageMasterData").input(ZInventorySetQuantity).output(ZInventoryOut).mutation(({ ctx, input }) => setInventoryQuantity(ctx.db, ctx.scope, input)),
  update: procedureWith("manageMasterData")
    .input(ZInventoryUpdate)
    .output(ZInventoryOut)
    .mutation(({ ctx, input }) => updateInventory(ctx.db, ctx.scope, input.id, input.revision, input.fields)),
});
