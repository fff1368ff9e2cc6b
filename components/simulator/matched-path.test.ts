import { describe, expect, it } from "vitest";
import { GraphBuilder, cond } from "@/rules-schema/testing/factories";
import { matchedPathEdges } from "./matched-path";

/** start →(e1) n1 country=US →true(e2) n2 assign LA; n1 →false(e3) n3 amount>100 →true(e4) n4 hold; fallback n5 →(e5) n6 flag. */
function graph() {
  const b = new GraphBuilder("warehouseMatching", "first");
  const us = b.add("condition", cond("country", "equal", "US"));
  const la = b.add("assignWarehouse", { priority: 10, warehouseId: "wh-la" });
  const big = b.add("condition", cond("totalValue", "greaterThan", 100));
  const hold = b.add("hold", { priority: 10, reason: "Big order" });
  const fb = b.add("fallback");
  const flag = b.add("flag", { priority: 10, code: "none" });
  b.link("start", us, "next").link(us, la, "true").link(us, big, "false").link(big, hold, "true").link(fb, flag, "next");
  return b.build();
}
const marks = (entries: [string, boolean | null][]) => new Map(entries.map(([id, result]) => [id, { result }]));

describe("matchedPathEdges", () => {
  it.each([
    ["a US order lights Start → country → Los Angeles", [["n1", true], ["n2", true], ["n3", null], ["n4", false], ["n6", false]], ["e1", "e2"]],
    ["a big non-US order lights the false branch into the hold", [["n1", false], ["n2", false], ["n3", true], ["n4", true], ["n6", false]], ["e1", "e3", "e4"]],
    ["a small non-US order lights only the fallback's edge", [["n1", false], ["n2", false], ["n3", false], ["n4", false], ["n5", true], ["n6", true]], ["e5"]],
    ["nothing fired: no edge is lit", [["n1", false], ["n3", false]], []],
  ] as const)("%s", (_name, entries, expected) => {
    const lit = matchedPathEdges(graph(), marks(entries as unknown as [string, boolean | null][]));
    expect([...lit].sort()).toEqual([...expected]);
  });

  it("does not light an edge out of a test that went the other way, even into a fired action", () => {
    // The hold fired through another rule; the country test was true, so its `false` edge is not a path.
    const lit = matchedPathEdges(graph(), marks([["n1", true], ["n2", true], ["n3", null], ["n4", true]]));
    expect(lit.has("e3")).toBe(false);
    expect(lit.has("e4")).toBe(false);
  });
});
