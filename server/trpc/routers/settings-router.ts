import { ZOrganizationSettings, ZOrganizationSettingsUpdate } from "../../schemas/publish-schemas";
import { getOrganizationSettings, updateOrganizationSettings } from "../../services/organization-settings-service";
import { procedureWith, router } from "../init";

/** Switchyard's organization settings: everyone reads them, admins change them. */
export const settingsRouter = router({
  get: procedureWith("read").output(ZOrganizationSettings).query(({ ctx }) => getOrganizationSettings(ctx.db, ctx.scope)),
  update: procedureWith("manageMembers").input(ZOrganizationSettingsUpdate).output(ZOrganizationSettings).mutation(({ ctx, input }) => updateOrganizationSettings(ctx.db, ctx.scope, input)),
});
