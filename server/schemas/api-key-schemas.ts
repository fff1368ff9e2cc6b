import { z } from "zod";
import { ZId, ZListInput } from "./common-schemas";

export const API_KEY_SCOPES = ["route", "evaluate", "import", "read"] as const;
export type TApiKeyScope = (typeof API_KEY_SCOPES)[number];

export const ZApiKeyCreate = z
  .object({
    name: z.string().trim().min(1, "required").max(80),
    scopes: z
      .array(z.enum(API_KEY_SCOPES))
      .min(1, "choose at least one scope")
      .refine((s) => new Set(s).size === s.length, "each scope once"),
    /** Optional; must be in the future. */
    expiresAt: z
      .date()
      .nullable()
      .default(null)
      .refine((d) => d === null || d.getTime() > Date.now(), "must be in the future"),
  })
  .strict();
export type TApiKeyCreate = z.infer<typeof ZApiKeyCreate>;
export const ZApiKeyRevoke = z.object({ id: ZId }).strict();
export const ZApiKeyListInput = ZListInput.extend({ includeRevoked: z.boolean().default(true) });
export type TApiKeyListInput = z.infer<typeof ZApiKeyListInput>;

/** What is shown of a key after creation: never the key or its hash. */
export const ZApiKeyOut = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    scopes: z.array(z.enum(API_KEY_SCOPES)),
    status: z.enum(["active", "expired", "revoked"]),
    createdAt: z.date(),
    lastUsedAt: z.date().nullable(),
    expiresAt: z.date().nullable(),
    revokedAt: z.date().nullable(),
    createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  })
  .strict();
export type TApiKeyOut = z.infer<typeof ZApiKeyOut>;

/** The only time the full key is returned. */
export const ZApiKeyCreated = z.object({ key: z.string(), apiKey: ZApiKeyOut }).strict();
export type TApiKeyCreated = z.infer<typeof ZApiKeyCreated>;
