import { z } from "zod";
import "@/rules-schema/util/zod-messages";

export const ZId = z.string().min(1).max(100);
export const ZRevision = z.number().int().min(1).max(2_147_483_647, "is too large");

/** Search and pagination of a list. */
export const ZListInput = z
  .object({
    search: z.string().trim().max(200).default(""),
    page: z.number().int().min(1).max(1_000_000).default(1),
    pageSize: z.number().int().min(5).max(100).default(25),
  })
  .strict();
export type TListInput = z.infer<typeof ZListInput>;

export function pageOf<T>(items: T[], total: number, input: TListInput) {
  return { items, total, page: input.page, pageSize: input.pageSize, pageCount: Math.max(1, Math.ceil(total / input.pageSize)) };
}

export const ZCode = z
  .string()
  .trim()
  .min(1, "required")
  .max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "letters, digits, '.', '_' and '-' only");
