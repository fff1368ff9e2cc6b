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
  /** The entity's id, for machines and support (links, filters, copying). */
  entityId: z.string(),
  /**
   * What a person recognises the entity by: a ruleset's name and stage, a warehouse's name and code, a
   * member's name, an import's file name… Looked up now within the organization; for an entity deleted
   * since, the name the entry itself recorded, else null.
   */
  entityName: z.string().nullable(),
  /** True when the entity (of a kind that can be looked up) no longer exists in the organization. */
  entityDeleted: z.boolean(),
  /** The changed fields: { field: [before, after] }. */
  diff: z.record(z.string(), z.unknown()),
  /** Display names of the ids this entry's diff mentions (warehouseId, storeId, rulesetId, userId…): { id: name }. Ids that could not be resolved are absent. */
  names: z.record(z.string(), z.string()),
  createdAt: z.date(),
});
export type TAuditEntryOut = z.infer<typeof ZAuditEntryOut>;
