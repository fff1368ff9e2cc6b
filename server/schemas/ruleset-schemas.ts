import { z } from "zod";
import { STAGE_LABELS, ZChannelRef, ZHitPolicy, ZProblem, ZRuleGraph, ZStage, ZWarehouseRef } from "@/rules-schema";
import { ZGraphDiff } from "@/rules-schema/graph/diff-graphs";
import { RULE_TEMPLATES, ZRuleTemplateId } from "@/rules-schema/templates/rule-templates";
import { ZId, ZListInput, ZRevision } from "./common-schemas";

export const RULESET_VERSION_STATUSES = ["draft", "validated", "published", "archived"] as const;
export const ZRulesetVersionStatus = z.enum(RULESET_VERSION_STATUSES);

const ZName = z.string().trim().min(1, "required").max(120);
const ZVersionNumber = z.number().int().min(1).max(2_147_483_647, "is not a version number");

export const ZRulesetListInput = ZListInput.extend({ stage: ZStage.optional() });
export type TRulesetListInput = z.infer<typeof ZRulesetListInput>;

export const ZRulesetCreate = z
  .object({
    name: ZName,
    stage: ZStage,
    hitPolicy: ZHitPolicy,
    description: z.string().trim().max(2000).default(""),
    /** The starting graph; a graph with just a Start node when omitted. */
    graph: ZRuleGraph.optional(),
    /** Start from this template, built from the organization's master data (instead of `graph`). */
    template: ZRuleTemplateId.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.template !== undefined) {
      const template = RULE_TEMPLATES[v.template];
      if (v.graph) ctx.addIssue({ code: "custom", message: "start from a template or from a graph, not both", path: ["template"] });
      if (template.stage !== v.stage)
        ctx.addIssue({ code: "custom", message: `must be the template's stage (${STAGE_LABELS[template.stage]})`, path: ["stage"] });
    }
    if (v.graph && v.graph.stage !== v.stage) ctx.addIssue({ code: "custom", message: `must be the ruleset's stage (${v.stage})`, path: ["graph", "stage"] });
    if (v.graph && v.graph.hitPolicy !== v.hitPolicy) ctx.addIssue({ code: "custom", message: `must be the ruleset's hit policy (${v.hitPolicy})`, path: ["graph", "hitPolicy"] });
  });
export type TRulesetCreate = z.infer<typeof ZRulesetCreate>;

export const ZRulesetId = z.object({ id: ZId }).strict();
export const ZRulesetSaveDraft = z.object({ id: ZId, revision: ZRevision, graph: ZRuleGraph }).strict();
export type TRulesetSaveDraft = z.infer<typeof ZRulesetSaveDraft>;
export const ZRulesetSaveVersion = z.object({ id: ZId, revision: ZRevision, graph: ZRuleGraph, note: z.string().trim().min(1, "say what changed").max(500) }).strict();
export type TRulesetSaveVersion = z.infer<typeof ZRulesetSaveVersion>;
export const ZRulesetVersionInput = z.object({ id: ZId, number: ZVersionNumber }).strict();
export const ZRulesetDiffInput = z.object({ id: ZId, from: ZVersionNumber, to: ZVersionNumber }).strict();
export const ZRulesetDelete = z.object({ id: ZId, revision: ZRevision.optional() }).strict();

/** A user (or API key) who did something; `name` is null when the actor no longer exists. */
export const ZActor = z.object({ id: z.string(), name: z.string().nullable() });
export type TActor = z.infer<typeof ZActor>;

export const ZRulesetListItem = z.object({
  id: z.string(),
  name: z.string(),
  stage: ZStage,
  description: z.string(),
  /** Status and number of the newest version. */
  status: ZRulesetVersionStatus,
  latestVersionNumber: z.number(),
  publishedVersionNumber: z.number().nullable(),
  lastEditor: ZActor.nullable(),
  updatedAt: z.date(),
});
export type TRulesetListItem = z.infer<typeof ZRulesetListItem>;
export const ZRulesetPage = z.object({ items: z.array(ZRulesetListItem), total: z.number(), page: z.number(), pageSize: z.number(), pageCount: z.number() });

export const ZRulesetVersionSummary = z.object({
  number: z.number(),
  status: ZRulesetVersionStatus,
  contentHash: z.string().nullable(),
  revision: z.number(),
  createdBy: ZActor.nullable(),
  createdAt: z.date(),
  publishedAt: z.date().nullable(),
  publishedBy: ZActor.nullable(),
  note: z.string(),
  nodeCount: z.number(),
  /** Compiled rules; null while the graph does not compile. */
  ruleCount: z.number().nullable(),
  /** When the graph was last saved and by whom. */
  savedAt: z.date(),
  savedBy: ZActor.nullable(),
});
export type TRulesetVersionSummary = z.infer<typeof ZRulesetVersionSummary>;

/** A version with its graph. The compiled artifact stays on the server (the canvas compiles its own). */
export const ZRulesetVersionOut = ZRulesetVersionSummary.extend({ graph: ZRuleGraph });
export type TRulesetVersionOut = z.infer<typeof ZRulesetVersionOut>;

export const ZRulesetHeader = z.object({
  id: z.string(),
  name: z.string(),
  stage: ZStage,
  description: z.string(),
  publishedVersionNumber: z.number().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

/** A ruleset with its current draft (or newest version) and that graph's validation problems. */
export const ZRulesetOut = ZRulesetHeader.extend({ version: ZRulesetVersionOut, problems: z.array(ZProblem) });
export type TRulesetOut = z.infer<typeof ZRulesetOut>;

export const ZSaveDraftOut = z.object({
  versionNumber: z.number(),
  revision: z.number(),
  /** Set when the graph compiles (no errors); null otherwise. */
  contentHash: z.string().nullable(),
  problems: z.array(ZProblem),
  /** True when this save started a new draft version after a published one. */
  newVersion: z.boolean(),
});
export type TSaveDraftOut = z.infer<typeof ZSaveDraftOut>;

/** What a CONFLICT on saveDraft carries: the draft as stored now. */
export const ZStoredDraft = z.object({
  versionNumber: z.number(),
  status: ZRulesetVersionStatus,
  graph: ZRuleGraph,
  revision: z.number(),
  savedBy: ZActor.nullable(),
  savedAt: z.date(),
});
export type TStoredDraft = z.infer<typeof ZStoredDraft>;

export const ZRulesetVersionList = z.array(ZRulesetVersionSummary);
export const ZRulesetDiffOut = z.object({ from: z.number(), to: z.number(), diff: ZGraphDiff });

/** A ruleset template as this organization can use it. */
export const ZRuleTemplateListItem = z.object({
  id: ZRuleTemplateId,
  title: z.string(),
  description: z.string(),
  stage: ZStage,
  hitPolicy: ZHitPolicy,
  /** False when the organization lacks the master data the template needs; `unavailableReason` says which. */
  available: z.boolean(),
  unavailableReason: z.string().nullable(),
  /** Names of the warehouses and channels the template would use. */
  uses: z.array(z.string()),
});
export type TRuleTemplateListItem = z.infer<typeof ZRuleTemplateListItem>;
export const ZRuleTemplateList = z.array(ZRuleTemplateListItem);

/** What the designer's pickers and validator need of the master data (rulesets.masterData). */
export const ZDesignerMasterData = z.object({
  warehouses: z.array(ZWarehouseRef.extend({ code: z.string() })),
  channels: z.array(ZChannelRef.extend({ code: z.string(), active: z.boolean() })),
  stores: z.array(z.object({ id: z.string(), name: z.string(), platform: z.string() })),
  /** True when an organization has more than the designer loads of one kind. */
  truncated: z.boolean(),
  /**
   * Warehouses the published warehouse-matching rules can assign (what "Assigned warehouse" can be in
   * later stages, for the rule analysis); null when no warehouse rules are published.
   */
  arrivingWarehouseIds: z.array(z.string()).nullable(),
  /** Stock on hand (warehouse id → warehouse SKU → units), up to DESIGNER_STOCK_LIMIT rows, for the rule analysis's examples. */
  inventory: z.record(z.string(), z.record(z.string(), z.number().int())),
});
export type TDesignerMasterData = z.infer<typeof ZDesignerMasterData>;
