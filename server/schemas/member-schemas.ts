import { z } from "zod";
import { ROLES } from "../auth/roles";
import { ZId, ZListInput } from "./common-schemas";

export const INVITATION_STATUSES = ["pending", "accepted", "rejected", "canceled"] as const;
export const INVITATION_TTL_DAYS = 7;

export const ZMemberListInput = ZListInput.extend({ role: z.enum(ROLES).optional() });
export type TMemberListInput = z.infer<typeof ZMemberListInput>;
export const ZMemberUpdateRole = z.object({ memberId: ZId, role: z.enum(ROLES) }).strict();
export const ZMemberRemove = z.object({ memberId: ZId }).strict();

export const ZMemberOut = z.object({
  id: z.string(),
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  /** The effective role (the strongest of the stored ones). */
  role: z.enum(ROLES),
  createdAt: z.date(),
});
export type TMemberOut = z.infer<typeof ZMemberOut>;

export const ZInvite = z
  .object({
    email: z.string().trim().toLowerCase().max(254).pipe(z.email("must be an email address")),
    role: z.enum(ROLES),
  })
  .strict();
export type TInvite = z.infer<typeof ZInvite>;
export const ZInvitationListInput = ZListInput.extend({ status: z.enum(INVITATION_STATUSES).optional() });
export type TInvitationListInput = z.infer<typeof ZInvitationListInput>;
export const ZInvitationCancel = z.object({ id: ZId }).strict();

export const ZInvitationOut = z.object({
  id: z.string(),
  email: z.string(),
  role: z.string().nullable(),
  status: z.string(),
  /** A pending invitation past its expiry can no longer be accepted. */
  expired: z.boolean(),
  expiresAt: z.date(),
  createdAt: z.date(),
  inviter: z.object({ id: z.string(), name: z.string(), email: z.string() }),
});
export type TInvitationOut = z.infer<typeof ZInvitationOut>;
