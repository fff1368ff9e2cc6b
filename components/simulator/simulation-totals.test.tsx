/** The totals colour a change only when it is a real regression or improvement against the baseline. */
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { emptySideTotals, emptySimulationTotals } from "@/rules-schema/simulate/simulation-totals";
import { SimulationTotals, lateTone } from "./simulation-totals";

/** 1,000 orders; the candidate assigns warehouses, so 900 orders get a deadline and 403 of them are late; the baseline decided nothing. */
function totals() {
  const t = emptySimulationTotals();
  t.orders = 1_000;
  t.changed = 900;
  t.candidate = { ...emptySideTotals(), orders: 1_000, decided: 900, undecided: 100, byDeadline: { late: 403, onTime: 497, noDeadline: 100 }, costByCurrency: { USD: 5_000 }, priced: 900, unpriced: 100 };
  t.baseline = { ...emptySideTotals(), orders: 1_000, undecided: 1_000, byDeadline: { noDeadline: 1_000 }, priced: 0, unpriced: 1_000 };
  return t;
}
const card = (html: string, id: string) => html.split(`data-testid="totals-card-${id}"`)[1]!.split('data-testid="totals-card-')[0]!;

describe("simulation totals", () => {
  it("does not paint +403 late in red against a baseline that runs nothing", () => {
    const html = renderToStaticMarkup(<SimulationTotals totals={totals()} onPickChange={() => {}} baselineRunsNothing />);
    expect(card(html, "late")).toContain("+403");
    expect(card(html, "late")).not.toContain("sim-delta bad");
    expect(card(html, "late")).toContain("sim-delta neutral");
    expect(html).not.toContain("sim-delta bad");
    expect(html).not.toContain("sim-delta good");
    expect(html).toContain("not a regression");
  });

  it("judges late orders by their share of the orders with a deadline", () => {
    // 10 % late on both sides, more orders with a deadline: not a regression.
    expect(lateTone({ late: 90, withDeadline: 900 }, { late: 10, withDeadline: 100 })).toBe("neutral");
    expect(lateTone({ late: 20, withDeadline: 100 }, { late: 10, withDeadline: 100 })).toBe("bad");
    expect(lateTone({ late: 5, withDeadline: 100 }, { late: 10, withDeadline: 100 })).toBe("good");
    // No order had a deadline on the baseline: nothing to compare with.
    expect(lateTone({ late: 403, withDeadline: 900 }, { late: 0, withDeadline: 0 })).toBe("neutral");
    expect(lateTone({ late: 3, withDeadline: 9 }, { late: 3, withDeadline: 9 })).toBe("flat");
  });

  it("still colours a real regression against a published baseline", () => {
    const t = totals();
    t.baseline = { ...t.candidate, byDeadline: { late: 100, onTime: 800, noDeadline: 100 }, costByCurrency: { USD: 4_000 } };
    const html = renderToStaticMarkup(<SimulationTotals totals={t} onPickChange={() => {}} />);
    expect(card(html, "late")).toContain("sim-delta bad");
    expect(card(html, "cost")).toContain("sim-delta bad");
  });

  it("says why there is no cost when no logistics rules ran", () => {
    const t = totals();
    t.candidate.costByCurrency = {};
    const html = renderToStaticMarkup(<SimulationTotals totals={t} onPickChange={() => {}} missingStages={["logisticsMatching"]} />);
    expect(card(html, "cost")).toContain("No logistics rules ran");
  });
});
