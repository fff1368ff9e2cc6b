import { describe, expect, it } from "vitest";
import { makeOrder } from "../testing/factories";
import { assessDeadline } from "./assess-deadline";
import { sellerContext } from "./simulation-fixtures";

const context = sellerContext();
// Los Angeles: Mon–Fri 08:00–16:00 Pacific (cut-off 16:00 = 00:00Z in winter), Thanksgiving 2026-11-26 off.
// Shenzhen: Mon–Sat 09:00–18:00 Shanghai (cut-off 18:00 = 10:00Z).

describe("assessDeadline", () => {
  it.each([
    ["paid Monday morning in LA, due Tuesday: leaves Monday 16:00, 16 h to spare", "wh-la", "2026-11-23T17:00:00Z", "2026-11-24T16:00:00Z", "ok", 16],
    ["paid after Friday's cut-off, due Saturday: the next dispatch is Monday, late", "wh-la", "2026-11-21T01:00:00Z", "2026-11-21T20:00:00Z", "late", -52],
    ["paid the evening before Thanksgiving, due Thursday: dispatch Friday, late by 24 h", "wh-la", "2026-11-26T01:00:00Z", "2026-11-27T00:00:00Z", "late", -24],
    ["due exactly at the cut-off: ok with no margin", "wh-la", "2026-11-23T17:00:00Z", "2026-11-24T00:00:00Z", "ok", 0],
    ["Shenzhen works on Saturday: paid Saturday morning, leaves the same day", "wh-sz", "2026-11-21T02:00:00Z", "2026-11-21T12:00:00Z", "ok", 2],
    ["margins are rounded to the hundredth of an hour", "wh-sz", "2026-11-21T02:00:00Z", "2026-11-21T10:20:00Z", "ok", 0.33],
  ])("%s", (_name, warehouseId, paidAt, shipByDeadline, risk, margin) => {
    const order = makeOrder({ createdAt: paidAt, paidAt, shipByDeadline });
    expect(assessDeadline(order, warehouseId, context)).toEqual({ deadline: risk, marginHours: margin });
  });

  it.each([
    ["no ship-by deadline", makeOrder({ shipByDeadline: null }), "wh-la", "noDeadline"],
    ["no deadline and no warehouse: the missing deadline is what the analyst sees", makeOrder({ shipByDeadline: null }), null, "noDeadline"],
    ["no warehouse assigned", makeOrder(), null, "noWarehouse"],
    ["a warehouse that is not in the master data", makeOrder(), "wh-gone", "noWarehouse"],
  ])("%s", (_name, order, warehouseId, risk) => {
    expect(assessDeadline(order, warehouseId, context)).toEqual({ deadline: risk, marginHours: null });
  });

  it("counts from the context's now when it is set (replaying at a later moment)", () => {
    const order = makeOrder({ createdAt: "2026-11-23T17:00:00Z", paidAt: "2026-11-23T17:00:00Z", shipByDeadline: "2026-11-24T16:00:00Z" });
    expect(assessDeadline(order, "wh-la", sellerContext({ now: "2026-11-24T01:00:00Z" }))).toEqual({ deadline: "late", marginHours: -8 });
  });

  it("a warehouse with no working day ahead is late, with no margin", () => {
    const closed = sellerContext({ warehouses: [{ id: "wh-la", country: "US", calendar: { timeZone: "America/Los_Angeles", workingDays: [] } }] });
    expect(assessDeadline(makeOrder(), "wh-la", closed)).toEqual({ deadline: "late", marginHours: null });
  });
});
