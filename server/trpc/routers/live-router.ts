import { z } from "zod";
import { ZDecisionDetail, ZDecisionGetInput, ZDecisionListInput, ZDecisionPage, ZDrift, ZHoldsQueue, ZHoldsQueueInput, ZTelemetry, ZTelemetryInput } from "../../schemas/live-schemas";
import { liveDrift } from "../../services/live-drift-service";
import { getDecision, holdsQueue, listDecisions } from "../../services/live-decision-service";
import { liveTelemetry } from "../../services/live-telemetry-service";
import { procedureWith, router } from "../init";

/** The Live section: every member reads it (decisions, the holds queue, rule telemetry). */
export const liveRouter = router({
  decisions: procedureWith("read").input(ZDecisionListInput).output(ZDecisionPage).query(({ ctx, input }) => listDecisions(ctx.db, ctx.scope, input)),
  decision: procedureWith("read").input(ZDecisionGetInput).output(ZDecisionDetail).query(({ ctx, input }) => getDecision(ctx.db, ctx.scope, input.id)),
  holds: procedureWith("read").input(ZHoldsQueueInput).output(ZHoldsQueue).query(({ ctx, input }) => holdsQueue(ctx.db, ctx.scope, input, new Date())),
  telemetry: procedureWith("read")
    .input(ZTelemetryInput.and(z.object({ utcOffsetMinutes: z.number().int().min(-840).max(840).default(0) })))
    .output(ZTelemetry)
    .query(({ ctx, input }) => liveTelemetry(ctx.db, ctx.scope, input, new Date())),
  drift: procedureWith("read").output(ZDrift).query(({ ctx }) => liveDrift(ctx.db, ctx.scope)),
});
