import { describe, expect, it } from "vitest";
import { sameOriginPath } from "./same-origin-path";

describe("sameOriginPath", () => {
  it.each(["/warehouses", "/rulesets/abc?tab=json#n1", "/simulations/x/orders?kind=channel&q=%23100"])("keeps the path %s", (p) => {
    expect(sameOriginPath(p, "/home")).toBe(p);
  });

  it.each([
    "/\\127.0.0.1:3401/b",
    "/%5C127.0.0.1:3401/b",
    "//evil.example/",
    "/%2F%2Fevil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "",
    null,
    undefined,
  ])("refuses %j (could leave the site)", (p) => {
    expect(sameOriginPath(p, "/home")).toBe("/home");
  });
});
