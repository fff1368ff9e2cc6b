import { z } from "zod";
import {
  ZInvitationCancel,
  ZInvitationListInput,
  ZInvitationOut,
  ZInvite,
  ZMemberListInput,
  ZMemberOut,
  ZMemberRemove,
  ZMemberUpdateRole,
} from "../../schemas/member-schemas";
import { cancelInvitation, inviteMember, listInvitations, listMembers, removeMember, updateMemberRole } from "../../services/member-service";
import { procedureWith, router } from "../init";

const ZMemberPage = z.object({ items: z.array(ZMemberOut), total: z.number(), page: z.number(), pageSize: z.number(), pageCount: z.number() });
const ZInvitationPage = z.object({ items: z.array(ZInvitationOut), total: z.number(), page: z.number(), pageSize: z.number(), pageCount: z.number() });

export const memberRouter = router({
  list: procedureWith("read").input(ZMemberListInput).output(ZMemberPage).query(({ ctx, input }) => listMembers(ctx.db, ctx.scope, input)),
  updateRole: procedureWith("manageMembers").input(ZMemberUpdateRole).output(ZMemberOut).mutation(({ ctx, input }) => updateMemberRole(ctx.db, ctx.scope, input.memberId, input.role)),
  remove: procedureWith("manageMembers").input(ZMemberRemove).output(z.void()).mutation(({ ctx, input }) => removeMember(ctx.db, ctx.scope, input.memberId)),
  invite: procedureWith("manageMembers").input(ZInvite).output(ZInvitationOut).mutation(({ ctx, input }) => inviteMember(ctx.db, ctx.scope, input)),
  listInvitations: procedureWith("manageMembers").input(ZInvitationListInput).output(ZInvitationPage).query(({ ctx, input }) => listInvitations(ctx.db, ctx.scope, input)),
  cancelInvitation: procedureWith("manageMembers").input(ZInvitationCancel).output(ZInvitationOut).mutation(({ ctx, input }) => cancelInvitation(ctx.db, ctx.scope, input.id)),
});
