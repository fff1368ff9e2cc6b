/** The edit dialogs' pure parts: server field errors mapped onto fields, the stale-revision conflict, numbers as typed. */
import { describe, expect, it } from "vitest";
import type { FormError } from "@/lib/trpc-errors";
import { LOCAL_ERROR, conflictOf, dialogErrors, readNumber, revisioned, stalePathsOf } from "./edit-form-state";
import type { FieldErrors } from "./form-errors";

const err = (over: Partial<FormError>): FormError => ({ message: "Some fields need attention.", fieldErrors: {}, conflict: null, code: "BAD_REQUEST", ...over });
const none = new Set<string>();

describe("conflictOf", () => {
  it("is null without an error, and for an error that is not a conflict", () => {
    expect(conflictOf(null)).toBeNull();
    expect(conflictOf(err({ fieldErrors: { name: ["required"] } }))).toBeNull();
    expect(conflictOf(err({ message: "Not allowed", code: "FORBIDDEN" }))).toBeNull();
  });

  it("gives what the server holds now when someone saved first", () => {
    const current = { id: "s1", name: "Temu US", revision: 4 };
    expect(conflictOf<typeof current>(err({ message: "Someone else changed this store", code: "CONFLICT", conflict: { current } }))).toEqual({ current });
  });

  it("gives current null when the item no longer exists (a conflict without a payload)", () => {
    expect(conflictOf(err({ code: "CONFLICT", conflict: { current: null } }))).toEqual({ current: null });
    expect(conflictOf(err({ code: "CONFLICT", conflict: null }))).toEqual({ current: null });
  });
});

describe("dialogErrors", () => {
  const claimed = ["name", "site", "rateCard"];

  it("maps update errors (keyed `fields.…`) and create errors onto the same fields", () => {
    const update = dialogErrors(err({ fieldErrors: { "fields.name": ["required"], "fields.rateCard.bands.0.upToGrams": ["Must be more than 0"] } }), {}, none, claimed);
    const create = dialogErrors(err({ fieldErrors: { name: ["required"], "rateCard.bands.0.upToGrams": ["Must be more than 0"] } }), {}, none, claimed);
    expect(update.errors).toEqual({ name: ["required"], "rateCard.bands.0.upToGrams": ["Must be more than 0"] });
    expect(create.errors).toEqual(update.errors);
    expect(update.banner.unclaimed).toEqual([]);
    expect(update.banner.fieldErrorsLeft).toBe(2);
  });

  it("sends what no field shows to the banner (a refused delete's `id`, an unknown field)", () => {
    const { banner } = dialogErrors(err({ message: "This store has orders", code: "BAD_REQUEST", fieldErrors: { id: ["has 12 orders"], platformShopId: ["too long"] } }), {}, none, claimed);
    expect(banner.err?.message).toBe("This store has orders");
    expect(banner.unclaimed).toEqual([
      { key: "id", messages: ["has 12 orders"] },
      { key: "platformShopId", messages: ["too long"] },
    ]);
  });

  it("hides the errors of fields edited since the attempt, with their children", () => {
    const server = err({ fieldErrors: { name: ["required"], "rateCard.zones.0.code": ["required"], site: ["too long"] } });
    const { errors, banner } = dialogErrors(server, {}, new Set(["name", "rateCard.zones"]), claimed);
    expect(errors).toEqual({ site: ["too long"] });
    expect(banner.fieldErrorsLeft).toBe(1);
  });

  it("merges the browser's own findings, with a banner that asks for attention when nothing was sent", () => {
    const local: FieldErrors = { weightGrams: ["required"] };
    const { errors, banner } = dialogErrors(null, local, none, ["weightGrams"]);
    expect(errors).toEqual({ weightGrams: ["required"] });
    expect(banner.err).toEqual(LOCAL_ERROR);
    expect(dialogErrors(null, {}, none, claimed).banner.err).toBeNull();
  });
});

describe("stalePathsOf", () => {
  it("makes each edited key stale, or the paths its alias names", () => {
    expect(stalePathsOf<{ name: string; site: string }>({ name: "x" })).toEqual(["name"]);
    const aliases = { sku: ["skuId"], maxWeight: ["maxWeightGrams"], zones: [] };
    expect(stalePathsOf<{ sku: string | null; quantity: string; maxWeight: string; zones: string[] }>({ sku: null, quantity: "2", maxWeight: "1", zones: [] }, aliases)).toEqual([
      "skuId",
      "quantity",
      "maxWeightGrams",
    ]);
  });
});

describe("revisioned", () => {
  const formOf = (r: { name: string; revision: number }) => ({ name: r.name });

  it("opens a row with its form and revision, a new item with the empty form and revision 0", () => {
    const edit = revisioned({ name: "Temu US", revision: 7 }, { name: "" }, formOf);
    expect(edit.form).toEqual({ name: "Temu US" });
    expect(edit.token).toBe(7);
    const created = revisioned(null, { name: "" }, formOf);
    expect(created.form).toEqual({ name: "" });
    expect(created.token).toBe(0);
  });

  it("takes the revision of their version on a conflict (0 when it is gone)", () => {
    const { tokenOf } = revisioned(null, { name: "" }, formOf);
    expect(tokenOf({ name: "Theirs", revision: 9 })).toBe(9);
    expect(tokenOf(null)).toBe(0);
  });
});

describe("readNumber", () => {
  it("reads numbers, blank as null or required, and records what is not a number", () => {
    const local: FieldErrors = {};
    expect(readNumber(" 12.5 ", "weight", local, true)).toBe(12.5);
    expect(readNumber("", "length", local, false)).toBeNull();
    expect(readNumber("  ", "weight", local, true)).toBeNull();
    expect(readNumber("12kg", "width", local, false)).toBeNull();
    expect(readNumber("x", "qty", local, true, "must be a whole number")).toBeNull();
    expect(local).toEqual({ weight: ["required"], width: ["must be a number"], qty: ["must be a whole number"] });
  });
});
