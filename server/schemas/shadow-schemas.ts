import { z } from "zod";
import { ZId } from "./common-schemas";
import { ZPublishVersionInput } from "./publish-schemas";

export const ZShadowStart = z
  .object({
    rulesetId: ZId,
    number: z.number().int().min(1).max(2_147_483_647, "is not a version number"),
    /** Share of live orders evaluated, in percent (100 = every order). */
    samplePercent: z.number().min(0.1, "must be at least 0.1%").max(100, "must be at most 100%").default(100),
    name: z.string().trim().max(120).optional(),
  })
  .strict();
export type TShadowStart = z.input<typeof ZShadowStart>;

export const ZShadowRef = z.object({ id: ZId }).strict();

/** Promote: publish the shadow's version through the normal gate (the same fields as a publish, without the version). */
export const ZShadowPromote = ZPublishVersionInput.omit({ rulesetId: true, number: true }).extend({ id: ZId });
