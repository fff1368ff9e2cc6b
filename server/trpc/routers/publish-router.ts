import { z } from "zod";
import { ZId } from "../../schemas/common-schemas";
import {
  ZDecideInput,
  ZPublishHistoryInput,
  ZPublishRequestOut,
  ZPublishRequestPage,
  ZPublishRequestsInput,
  ZPublishStatusInput,
  ZPublishStatusOut,
  ZPublishVersionInput,
  ZRejectInput,
  ZRollbackInput,
} from "../../schemas/publish-schemas";
import {
  approvePublish,
  cancelPublish,
  listPublishRequests,
  publishHistory,
  publishStatus,
  publishVersion,
  rejectPublish,
  rollbackVersion,
} from "../../services/publish-service";
import { procedureWith, router } from "../init";

export const publishRouter = router({
  status: procedureWith("read").input(ZPublishStatusInput).output(ZPublishStatusOut).query(({ ctx, input }) => publishStatus(ctx.db, ctx.scope, input)),
  requests: procedureWith("read").input(ZPublishRequestsInput).output(ZPublishRequestPage).query(({ ctx, input }) => listPublishRequests(ctx.db, ctx.scope, input)),
  history: procedureWith("read").input(ZPublishHistoryInput).output(z.array(ZPublishRequestOut)).query(({ ctx, input }) => publishHistory(ctx.db, ctx.scope, input.rulesetId)),
  publish: procedureWith("publish").input(ZPublishVersionInput).output(ZPublishRequestOut).mutation(({ ctx, input }) => publishVersion(ctx.db, ctx.scope, input)),
  rollback: procedureWith("publish").input(ZRollbackInput).output(ZPublishRequestOut).mutation(({ ctx, input }) => rollbackVersion(ctx.db, ctx.scope, input)),
  approve: procedureWith("publish").input(ZDecideInput).output(ZPublishRequestOut).mutation(({ ctx, input }) => approvePublish(ctx.db, ctx.scope, input)),
  reject: procedureWith("publish").input(ZRejectInput).output(ZPublishRequestOut).mutation(({ ctx, input }) => rejectPublish(ctx.db, ctx.scope, input)),
  cancel: procedureWith("publish").input(z.object({ id: ZId }).strict()).output(ZPublishRequestOut).mutation(({ ctx, input }) => cancelPublish(ctx.db, ctx.scope, input)),
});
