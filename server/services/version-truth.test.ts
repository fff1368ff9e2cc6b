/**
 * Versions tell the truth: publishing or archiving a version does not change when it was saved, and
 * after a rollback the designer opens the live version (saving from it starts a new draft).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZRuleGraph } from "@/rules-schema/graph/graph-schema";
import { GraphBuilder, cond } from "@/rules-schema/testing/factories";
import { type TestDb, createTestDb } from "../db/create-test-db";
import { type Tenant, callerFor, createTenant } from "../testing/tenant-fixtures";

const graph = (code: string) => {
  const b = new GraphBuilder("orderReview", "all");
  const c = b.add("condition", cond("country", "equal", "US"));
  b.link("start", c, "next").link(c, b.add("flag", { code }), "true");
  return ZRuleGraph.parse(b.build());
};

describe("versions tell the truth", () => {
  let t: TestDb;
  let a: Tenant;
  beforeAll(async () => {
    t = await createTestDb("pglite");
    a = await createTenant(t.db, "version-truth");
  }, 120_000);
  afterAll(async () => {
    await t?.drop();
  });

  it("keeps each version's saved time through publish, a second publish and a rollback, and opens the live version after the rollback", async () => {
    const owner = await callerFor(t.db, a.users.owner);
    const created = await owner.rulesets.create({ name: "Truth", stage: "orderReview", hitPolicy: "all", graph: graph("v1") });
    const v1 = await owner.rulesets.saveVersion({ id: created.id, revision: created.version.revision, graph: graph("v1"), note: "first" });
    const savedAt = async (n: number) => (await owner.rulesets.version({ id: created.id, number: n })).savedAt.getTime();
    const v1Saved = await savedAt(1);
    const reason = { overrideReason: "test" };
    await owner.publishing.publish({ rulesetId: created.id, number: 1, ...reason });
    expect(await savedAt(1)).toBe(v1Saved);

    const v2 = await owner.rulesets.saveVersion({ id: created.id, revision: v1.revision, graph: graph("v2"), note: "second" });
    expect(v2.versionNumber).toBe(2);
    const v2Saved = await savedAt(2);
    await owner.publishing.publish({ rulesetId: created.id, number: 2, ...reason });
    expect([await savedAt(1), await savedAt(2)]).toEqual([v1Saved, v2Saved]);

    await owner.publishing.rollback({ rulesetId: created.id, number: 1, reason: "v2 flags too much" });
    expect([await savedAt(1), await savedAt(2)]).toEqual([v1Saved, v2Saved]);

    // The newest version (v2) is archived now: the designer opens v1, the live one.
    const opened = await owner.rulesets.get({ id: created.id });
    expect(opened.publishedVersionNumber).toBe(1);
    expect([opened.version.number, opened.version.status]).toEqual([1, "published"]);
    // Editing it starts a new draft (v3) from what is live, with no conflict.
    const edited = await owner.rulesets.saveDraft({ id: created.id, revision: opened.version.revision, graph: graph("v3") });
    expect([edited.versionNumber, edited.newVersion]).toEqual([3, true]);
  });
});
