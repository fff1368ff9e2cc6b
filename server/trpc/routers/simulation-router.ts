import {
  ZChangesInput,
  ZChangesPage,
  ZOrderTraceInput,
  ZOrderTraceOut,
  ZSimulationCreate,
  ZSimulationDefaults,
  ZSimulationId,
  ZSimulationListInput,
  ZSimulationOut,
  ZSimulationPage,
  ZSimulationSummary,
} from "../../schemas/simulation-schemas";
import { z } from "zod";
import {
  cancelSimulation,
  createSimulation,
  getSimulation,
  listChangedOrders,
  listSimulations,
  simulationDefaults,
  simulationOrderTrace,
} from "../../services/simulation-service";
import { procedureWith, router } from "../init";

export const simulationRouter = router({
  defaults: procedureWith("read")
    .input(z.object({ rulesetId: z.string().min(1).max(100) }).strict())
    .output(ZSimulationDefaults)
    .query(({ ctx, input }) => simulationDefaults(ctx.db, ctx.scope, input.rulesetId)),
  create: procedureWith("simulate").input(ZSimulationCreate).output(ZSimulationSummary).mutation(({ ctx, input }) => createSimulation(ctx.db, ctx.scope, input)),
  list: procedureWith("read").input(ZSimulationListInput).output(ZSimulationPage).query(({ ctx, input }) => listSimulations(ctx.db, ctx.scope, input)),
  get: procedureWith("read").input(ZSimulationId).output(ZSimulationOut).query(({ ctx, input }) => getSimulation(ctx.db, ctx.scope, input.id)),
  cancel: procedureWith("simulate")
    .input(ZSimulationId)
    .output(ZSimulationSummary)
    .mutation(({ ctx, input }) => cancelSimulation(ctx.db, ctx.scope, input.id, ctx.user.name)),
  changes: procedureWith("read").input(ZChangesInput).output(ZChangesPage).query(({ ctx, input }) => listChangedOrders(ctx.db, ctx.scope, input)),
  orderTrace: procedureWith("read").input(ZOrderTraceInput).output(ZOrderTraceOut).query(({ ctx, input }) => simulationOrderTrace(ctx.db, ctx.scope, input.id, input.orderId)),
});
