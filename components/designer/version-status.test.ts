import { describe, expect, it } from "vitest";
import { liveStatus } from "./version-status";

describe("the status shown for the version on the canvas", () => {
  it.each<[string, Parameters<typeof liveStatus>, ReturnType<typeof liveStatus>]>([
    ["a validated version just published (elsewhere or here) says published", ["validated", 1, 1], "published"],
    ["a published version rolled back from says archived", ["published", 2, 1], "archived"],
    ["a version rolled back to says published", ["archived", 1, 1], "published"],
    ["a draft stays a draft, whatever is live", ["draft", 3, 2], "draft"],
    ["a validated version not yet published stays validated", ["validated", 2, 1], "validated"],
    ["nothing live: validated stays validated", ["validated", 1, null], "validated"],
  ])("%s", (_what, args, expected) => {
    expect(liveStatus(...args)).toBe(expected);
  });
});
