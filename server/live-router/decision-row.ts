export type { DecisionInput, DecisionRow } from "../services/decision-store";
