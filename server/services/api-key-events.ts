/**
 * Tells this process's live router that an API key was revoked (after the revocation committed), so
 * its cached verification is dropped at once. Other instances re-verify a key at least every second.
 */
import { EventEmitter } from "node:events";

const emitter = new EventEmitter();
emitter.setMaxListeners(0);

/** Calls `listener` with the SHA-256 of every key revoked in this process; returns the unsubscribe function. */
export function onApiKeyRevoked(listener: (hashedKey: string) => void): () => void {
  emitter.on("revoked", listener);
  return () => emitter.off("revoked", listener);
}

export function emitApiKeyRevoked(hashedKey: string): void {
  for (const listener of emitter.listeners("revoked") as ((h: string) => void)[]) {
    try {
      listener(hashedKey);
    } catch (e) {
      console.error("api key revocation listener failed", e);
    }
  }
}
