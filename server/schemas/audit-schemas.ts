import { z } from "zod";
import { ZId, ZListInput } from "./common-schemas";

export const ZAuditListInput = ZListInput.extend({
  entityType: z.string().trim().min(1).max(40).optional(),
  entityId: ZId.optional(),
  actorId: ZId.optional(),
  /** Inclusive lower bound of createdAt. */
  from: z.date().optional(),
  /** Exclusive upper bound of createdAt. */
  to: z.date().optional(),
}).refine((i) => !i.from || !i.to || i.from < i.to, { message: "must be after the start", path: ["to"] });
export type TAuditListInput = z.infer<typeof ZAuditListInput>;

export const ZAuditEntryOut = z.object({
  id: z.string(),
  actorType: z.enum(["user", "apiKey", "system"]),
  actorId: z.string().nullable(),
  /** The user's or API key's name, when it still exists. */
  actorName: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  /** The changed fields: { field: [before, after] }. */
  diff: z.record(z.string(), z.unknown()),
  createdAt: z.date(),
});
export type TAuditEntryOut = z.infer<typeof ZAuditEntryOut>;
