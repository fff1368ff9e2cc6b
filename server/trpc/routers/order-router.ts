import { ZOrderDetail, ZOrderId, ZOrderPage, ZOrderSearchInput } from "../../schemas/order-schemas";
import { getOrder, searchOrders } from "../../services/order-service";
import { procedureWith, router } from "../init";

export const orderRouter = router({
  search: procedureWith("read").input(ZOrderSearchInput).output(ZOrderPage).query(({ ctx, input }) => searchOrders(ctx.db, ctx.scope, input)),
  get: procedureWith("read").input(ZOrderId).output(ZOrderDetail).query(({ ctx, input }) => getOrder(ctx.db, ctx.scope, input.id)),
});
