import { z } from "zod";
import { ZId } from "../../schemas/common-schemas";
import { ZChannelCreate, ZChannelDelete, ZChannelListInput, ZChannelOut, ZChannelUpdate } from "../../schemas/channel-schemas";
import { createChannel, deleteChannel, getChannel, listChannels, updateChannel } from "../../services/channel-service";
import { procedureWith, router } from "../init";

const ZPage = z.object({ items: z.array(ZChannelOut), total: z.number(), page: z.number(), pageSize: z.number(), pageCount: z.number() });

export const channelRouter = router({
  list: procedureWith("read").input(ZChannelListInput).output(ZPage).query(({ ctx, input }) => listChannels(ctx.db, ctx.scope, input)),
  get: procedureWith("read").input(z.object({ id: ZId }).strict()).output(ZChannelOut).query(({ ctx, input }) => getChannel(ctx.db, ctx.scope, input.id)),
  create: procedureWith("manageMasterData").input(ZChannelCreate).output(ZChannelOut).mutation(({ ctx, input }) => createChannel(ctx.db, ctx.scope, input)),
  update: procedureWith("manageMasterData")
    .input(ZChannelUpdate)
    .output(ZChannelOut)
    .mutation(({ ctx, input }) => updateChannel(ctx.db, ctx.scope, input.id, input.revision, input.fields)),
  delete: procedureWith("manageMasterData").input(ZChannelDelete).output(z.void()).mutation(({ ctx, input }) => deleteChannel(ctx.db, ctx.scope, input.id, input.revision)),
});
