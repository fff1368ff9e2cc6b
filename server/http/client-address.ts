/**
 * The client address that sign-in throttling counts attempts by. A client can write any
 * `X-Forwarded-For` it likes, so it is believed only when the app is configured to sit behind that many
 * reverse proxies (`SWITCHYARD_TRUST_PROXY`, a number of hops; off by default). The production server
 * stamps the address it decided on into CLIENT_ADDRESS_HEADER (overwriting whatever the client sent), and
 * better-auth reads that header alone.
 */
import type { IncomingMessage } from "node:http";
import { CLIENT_ADDRESS_HEADER } from "../auth/create-auth";

export { CLIENT_ADDRESS_HEADER };

/** Reverse proxies in front of the app whose `X-Forwarded-For` entries are trusted (0: none, the default). */
export function trustedProxyHops(value = process.env.SWITCHYARD_TRUST_PROXY): number {
  const text = (value ?? "").trim().toLowerCase();
  if (text === "" || text === "0" || text === "false" || text === "off") return 0;
  if (text === "true" || text === "on") return 1;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 10) throw new Error(`SWITCHYARD_TRUST_PROXY must be a number of proxies from 0 to 10, got "${value}"`);
  return n;
}

/**
 * The client's address: the socket's peer, or — behind `hops` trusted proxies — the address the
 * outermost trusted proxy saw (the `hops`-th entry from the right of X-Forwarded-For, which the client
 * cannot forge because each trusted proxy appends the peer it saw).
 */
export function clientAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, hops: number): string {
  const peer = (socketAddress ?? "").replace(/^::ffff:/, "") || "unknown";
  if (hops === 0 || forwardedFor === undefined) return peer;
  const entries = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor)
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  // Our peer is the nearest proxy; it appended the address it saw last.
  const pick = entries[entries.length - hops];
  return pick && /^[0-9a-fA-F.:]{2,45}$/.test(pick) ? pick.replace(/^::ffff:/, "") : peer;
}

/** Overwrites CLIENT_ADDRESS_HEADER on an incoming request with the address decided here. */
export function stampClientAddress(req: IncomingMessage, hops = trustedProxyHops()): void {
  req.headers[CLIENT_ADDRESS_HEADER] = clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], hops);
  // rawHeaders is what the fast path copies: drop any client-sent copy there too.
  for (let i = req.rawHeaders.length - 2; i >= 0; i -= 2) {
    if (req.rawHeaders[i]!.toLowerCase() === CLIENT_ADDRESS_HEADER) req.rawHeaders.splice(i, 2);
  }
  req.rawHeaders.push(CLIENT_ADDRESS_HEADER, req.headers[CLIENT_ADDRESS_HEADER] as string);
}
