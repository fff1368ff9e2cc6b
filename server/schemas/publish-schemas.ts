import { z } from "zod";
import { ZStage } from "@/rules-schema";
import { ZId, ZRevision } from "./common-schemas";
import { ZActor, ZRulesetVersionStatus } from "./ruleset-schemas";

const ZVersionNumber = z.number().int().min(1).max(2_147_483_647, "is not a version number");
const ZNote = z.string().trim().max(500).default("");

export const PUBLISH_KINDS = ["publish", "rollback"] as const;
export const ZPublishKind = z.enum(PUBLISH_KINDS);
export type TPublishKind = z.infer<typeof ZPublishKind>;

/** approved = took effect; superseded = another publish of the same ruleset took effect first. */
export const PUBLISH_REQUEST_STATUSES = ["pending", "approved", "rejected", "cancelled", "superseded"] as const;
export const ZPublishRequestStatus = z.enum(PUBLISH_REQUEST_STATUSES);
export type TPublishRequestStatus = z.infer<typeof ZPublishRequestStatus>;

export const ZPublishVersionInput = z
  .object({
    rulesetId: ZId,
    number: ZVersionNumber,
    /** The ruleset's publish revision the caller saw; a publish in between makes this one a conflict. */
    expectedRevision: ZRevision.optional(),
    /** Publish without a qualifying simulation (admins): the reason is audited. */
    overrideReason: z.string().trim().min(1, "give a reason").max(500).optional(),
    /** Publish while cases of the ruleset's test suite fail on this version (admins): the reason is audited. */
    suiteOverrideReason: z.string().trim().min(1, "give a reason").max(500).optional(),
    note: ZNote,
  })
  .strict();
export type TPublishVersionInput = z.infer<typeof ZPublishVersionInput>;

export const ZRollbackInput = z
  .object({
    rulesetId: ZId,
    number: ZVersionNumber,
    expectedRevision: ZRevision.optional(),
    reason: z.string().trim().min(1, "say why you roll back").max(500),
  })
  .strict();
export type TRollbackInput = z.infer<typeof ZRollbackInput>;

export const ZDecideInput = z.object({ id: ZId, note: ZNote }).strict();
export const ZRejectInput = z.object({ id: ZId, note: z.string().trim().min(1, "say why you reject it").max(500) }).strict();
export type TDecideInput = z.infer<typeof ZDecideInput>;

export const ZPublishStatusInput = z.object({ rulesetId: ZId, number: ZVersionNumber.optional() }).strict();
export type TPublishStatusInput = z.infer<typeof ZPublishStatusInput>;

export const ZPublishRequestsInput = z
  .object({
    status: ZPublishRequestStatus.optional(),
    page: z.number().int().min(1).max(1_000_000).default(1),
    pageSize: z.number().int().min(5).max(100).default(25),
  })
  .strict();
export type TPublishRequestsInput = z.infer<typeof ZPublishRequestsInput>;

export const ZPublishHistoryInput = z.object({ rulesetId: ZId }).strict();

export const ZPublishRequestOut = z.object({
  id: z.string(),
  rulesetId: z.string(),
  rulesetName: z.string(),
  stage: ZStage,
  versionNumber: z.number(),
  versionHash: z.string(),
  kind: ZPublishKind,
  status: ZPublishRequestStatus,
  simulationId: z.string().nullable(),
  overrideReason: z.string().nullable(),
  suiteOverrideReason: z.string().nullable(),
  /** The test suite's run on this version when it was requested. */
  suiteResult: z.lazy(() => ZSuiteSummary).nullable(),
  note: z.string(),
  requestedBy: ZActor.nullable(),
  requestedAt: z.date(),
  decidedBy: ZActor.nullable(),
  decidedAt: z.date().nullable(),
  decisionNote: z.string(),
});
export type TPublishRequestOut = z.infer<typeof ZPublishRequestOut>;

export const ZPublishRequestPage = z.object({
  items: z.array(ZPublishRequestOut),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  pageCount: z.number(),
});

/** A test suite's run on one version: how many cases, which failed (key, name and what differed). */
export const ZSuiteSummary = z.object({
  total: z.number().int(),
  passed: z.number().int(),
  failed: z.array(z.object({ key: z.string(), name: z.string(), diff: z.string() })),
});
export type TSuiteSummary = z.infer<typeof ZSuiteSummary>;

const ZVersionBrief = z.object({
  number: z.number(),
  status: ZRulesetVersionStatus,
  contentHash: z.string().nullable(),
  ruleCount: z.number().nullable(),
  publishedAt: z.date().nullable(),
});

/** What publishing a version needs, for the publish dialog. */
export const ZPublishStatusOut = z.object({
  rulesetId: z.string(),
  rulesetName: z.string(),
  /** The ruleset's publish revision (bumped by every publish and rollback). */
  revision: z.number(),
  live: ZVersionBrief.nullable(),
  /** The version asked about (default: the newest). */
  version: ZVersionBrief,
  /** The newest completed simulation of exactly this version against the live one. */
  simulationId: z.string().nullable(),
  requireApproval: z.boolean(),
  /** The ruleset's test suite run on this version (null: the version does not compile). */
  suite: ZSuiteSummary.nullable(),
  /**
   * Why the version cannot be published as it is; empty when it can. `overridable`: an admin may
   * publish anyway with a reason given in the input field named by `overrideField`.
   */
  blockers: z.array(
    z.object({ field: z.string(), message: z.string(), overridable: z.boolean(), overrideField: z.enum(["overrideReason", "suiteOverrideReason"]).optional() }),
  ),
  pending: z.array(ZPublishRequestOut),
});
export type TPublishStatusOut = z.infer<typeof ZPublishStatusOut>;

export const ZOrganizationSettings = z.object({
  /** A publish or rollback takes effect only once a second admin approves it. */
  requirePublishApproval: z.boolean().default(false),
  /** Live decisions older than this many days are deleted (in batches, hourly); the rule and outcome counts stay. */
  decisionRetentionDays: z.number().int("must be a whole number of days").min(1, "must be at least 1 day").max(3650, "must be at most 3,650 days (10 years)").default(90),
});
export type TOrganizationSettings = z.infer<typeof ZOrganizationSettings>;
export const ZOrganizationSettingsUpdate = ZOrganizationSettings.partial().strict();
export type TOrganizationSettingsUpdate = z.infer<typeof ZOrganizationSettingsUpdate>;
