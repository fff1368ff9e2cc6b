/**
 * Tells listeners that a publish or rollback committed. In-process: an EventEmitter (embedded mode and
 * the instance that published). Across instances: the publishing transaction also runs
 * `pg_notify(PUBLISH_CHANNEL, payload)`, which PostgreSQL delivers only if the transaction commits.
 */
import { EventEmitter } from "node:events";

export const PUBLISH_CHANNEL = "switchyard_publish";

export interface TPublishedEvent {
  organizationId: string;
  rulesetId: string;
  versionNumber: number;
}

const emitter = new EventEmitter();
emitter.setMaxListeners(0);

/** Calls `listener` after every publish or rollback that commits in this process; returns the unsubscribe function. */
export function onPublished(listener: (event: TPublishedEvent) => void): () => void {
  emitter.on("published", listener);
  return () => emitter.off("published", listener);
}

/** Notifies in-process listeners (call after the transaction commits). A failing listener does not stop the others. */
export function emitPublished(event: TPublishedEvent): void {
  for (const listener of emitter.listeners("published") as ((e: TPublishedEvent) => void)[]) {
    try {
      listener({ organizationId: event.organizationId, rulesetId: event.rulesetId, versionNumber: event.versionNumber });
    } catch (e) {
      console.error("publish listener failed", e);
    }
  }
}

/** The NOTIFY payload: exactly { organizationId, rulesetId, versionNumber }. */
export function publishPayload(event: TPublishedEvent): string {
  return JSON.stringify({ organizationId: event.organizationId, rulesetId: event.rulesetId, versionNumber: event.versionNumber });
}
