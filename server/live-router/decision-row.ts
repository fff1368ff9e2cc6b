/** One routing_decisions row; JSON columns as plain values. */
export interface DecisionRow {
  id: string;
  organizationId: string;
  orderId: string;
  externalId?: string;
  apiKeyId?: string | null;
  versions: unknown;
  decision: unknown;
  trace?: unknown;
  createdAt?: Date;
}
