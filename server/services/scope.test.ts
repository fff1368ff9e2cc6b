import { describe, expect, it } from "vitest";
import { ScopeRefused, scopeFromSession } from "./scope";

/** The one permission check behind tRPC procedures and the HTTP upload and export routes. */
describe("scopeFromSession", () => {
  const user = { id: "u-1" };
  const refusal = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      return e instanceof ScopeRefused ? [e.status, e.message] : e;
    }
    return null;
  };

  it("gives the membership's organization and role, acting as the user", () => {
    expect(scopeFromSession({ user, membership: { organizationId: "org-1", role: "designer" } }, "editRules")).toEqual({ organizationId: "org-1", role: "designer", actor: { type: "user", id: "u-1" } });
  });

  it("refuses signed-out callers (401), callers without an organization and roles without the permission (403)", () => {
    expect(refusal(() => scopeFromSession({ user: null, membership: null }, "read"))).toEqual([401, "Sign in first"]);
    expect(refusal(() => scopeFromSession({ user, membership: null }, "read"))).toEqual([403, "You are not a member of any organization"]);
    expect(refusal(() => scopeFromSession({ user, membership: { organizationId: "org-1", role: "viewer" } }, "importOrders"))).toEqual([403, "Your role (viewer) may not importOrders"]);
  });
});
