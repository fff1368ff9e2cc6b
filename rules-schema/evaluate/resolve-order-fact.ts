import { LINES_FACT, MATCHED_RULE_COUNT_FACT, ORDER_FACTS, type TOrderFactId } from "../facts/fact-catalog";
import type { FactFrame } from "../facts/fact-frame";
import type { FactResolver } from "./interpret-condition";

/** The frame a compiled ruleset is evaluated over. */
export type EvalFrame = FactFrame;

/** Fact lookup over one order's frame: catalog facts, the order's lines, and the fallback gate. */
export function orderFactResolver(frame: EvalFrame): FactResolver {
  return (fact, params) => {
    if (fact === LINES_FACT) return frame.derived.lines;
    if (fact === MATCHED_RULE_COUNT_FACT) return frame.matchedCount;
    if (Object.prototype.hasOwnProperty.call(ORDER_FACTS, fact)) return ORDER_FACTS[fact as TOrderFactId].get(frame, params);
    return undefined;
  };
}
