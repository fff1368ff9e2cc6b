import { z } from "zod";
import { ZId } from "../../schemas/common-schemas";
import { ZPairingDelete, ZPairingFields, ZPairingListInput, ZPairingOut, ZPairingUpdate } from "../../schemas/sku-schemas";
import { createPairing, deletePairing, getPairing, listPairings, updatePairing } from "../../services/pairing-service";
import { procedureWith, router } from "../init";

const ZPage = z.object({ items: z.array(ZPairingOut), total: z.number(), page: z.number(), pageSize: z.number(), pageCount: z.number() });

export const pairingRouter = router({
  list: procedureWith("read").input(ZPairingListInput).output(ZPage).query(({ ctx, input }) => listPairings(ctx.db, ctx.scope, input)),
  get: procedureWith("read").input(z.object({ id: ZId }).strict()).output(ZPairingOut).query(({ ctx, input }) => getPairing(ctx.db, ctx.scope, input.id)),
  create: procedureWith("manageMasterData").input(ZPairingFields).output(ZPairingOut).mutation(({ ctx, input }) => createPairing(ctx.db, ctx.scope, input)),
  update: procedureWith("manageMasterData")
    .input(ZPairingUpdate)
    .output(ZPairingOut)
    .mutation(({ ctx, input }) => updatePairing(ctx.db, ctx.scope, input.id, input.updatedAt, input.fields)),
  delete: procedureWith("manageMasterData").input(ZPairingDelete).output(z.void()).mutation(({ ctx, input }) => deletePairing(ctx.db, ctx.scope, input.id, input.updatedAt)),
});
