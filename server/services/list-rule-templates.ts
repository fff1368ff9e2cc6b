import { STAGES } from "@/rules-schema/graph/graph-schema";
import { RULE_TEMPLATES, RULE_TEMPLATE_IDS } from "@/rules-schema/templates/rule-templates";
import type { Db } from "../db/create-db";
import type { TRuleTemplateListItem } from "../schemas/ruleset-schemas";
import { loadEvaluationContext } from "./load-evaluation-context";
import type { Scope } from "./scope";

/**
 * Every ruleset template in stage order, each built against the organization's master data: whether
 * it can be used here, why not, and which warehouses and channels it would use.
 */
export async function listRuleTemplates(db: Db, scope: Scope): Promise<TRuleTemplateListItem[]> {
  const context = await loadEvaluationContext(db, scope);
  const items = RULE_TEMPLATE_IDS.map((id): TRuleTemplateListItem => {
    const { title, description, stage, hitPolicy, build } = RULE_TEMPLATES[id];
    const built = build(context);
    return { id, title, description, stage, hitPolicy, available: built.ok, unavailableReason: built.ok ? null : built.reason, uses: built.ok ? built.uses : [] };
  });
  return items.sort((a, b) => STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage));
}
