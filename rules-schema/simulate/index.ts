/**
 * The simulator core: replay orders against a candidate ruleset and its baseline, compare, total.
 * Framework-free; the simulation workers (server), the results screens and the benchmark use it.
 */
export * from "./simulation-schema";
export { createSimulator, diffOutcomes, mergesIntoEarlierOrder, type Simulator } from "./create-simulator";
export {
  evaluatePipeline,
  mergeDecisions,
  emptyDecision,
  orderStages,
  stageRank,
  type PipelineEvaluation,
  type PipelineStage,
  type StageEvaluation,
} from "../evaluate/evaluate-pipeline";
export { planPackages, planParcelRuns, unitChargeableGrams, type ParcelRun, type TPackagePlan } from "./plan-packages";
export { estimateCost, planShipment, priceParcels, shippingChannelId, splitLimitGrams, type TCostEstimate, type TShippingDecision } from "./estimate-cost";
export { assessDeadline, type TDeadlineAssessment } from "./assess-deadline";
export { nextDispatchCached } from "./dispatch-schedule";
export { addComparison, changeCounts, emptySideTotals, emptySimulationTotals, mergeSimulationTotals, rulesNeverFired } from "./simulation-totals";
