import { z } from "zod";
import { ZPublishRequestOut } from "../../schemas/publish-schemas";
import { ZShadowPromote, ZShadowRef, ZShadowStart } from "../../schemas/shadow-schemas";
import { ZSimulationSummary } from "../../schemas/simulation-schemas";
import { listShadows, promoteShadow, startShadow, stopShadow } from "../../services/shadow-service";
import { procedureWith, router } from "../init";

/** Shadow publish: admins put a version in shadow next to the live one, stop it or promote it; everyone reads. */
export const shadowRouter = router({
  list: procedureWith("read").output(z.array(ZSimulationSummary)).query(({ ctx }) => listShadows(ctx.db, ctx.scope)),
  start: procedureWith("publish")
    .input(ZShadowStart)
    .output(ZSimulationSummary)
    .mutation(({ ctx, input }) => startShadow(ctx.db, ctx.scope, { rulesetId: input.rulesetId, number: input.number, sampleRate: input.samplePercent / 100, name: input.name })),
  stop: procedureWith("publish").input(ZShadowRef).output(ZSimulationSummary).mutation(({ ctx, input }) => stopShadow(ctx.db, ctx.scope, input.id)),
  promote: procedureWith("publish")
    .input(ZShadowPromote)
    .output(ZPublishRequestOut)
    .mutation(({ ctx, input }) => {
      const { id, ...publish } = input;
      return promoteShadow(ctx.db, ctx.scope, id, publish);
    }),
});
