/**
 * The production server (`npm start`): Next.js serves the app from the production build, and the two
 * live-routing endpoints — POST /api/v1/orders/route and /api/v1/orders/route:batch — are answered by
 * node:http directly, with the very same handlers as their Next route files (server/http/routing-http.ts).
 * Next's request pipeline costs about 1.2 ms a request on this 2-core machine (an empty route answers
 * ~850 requests/s); the live router must answer 1,000/s with p99 under 20 ms.
 *
 *   npm start [-- -p PORT] [-H HOST]      (PORT / HOSTNAME from the environment otherwise; default 3000)
 */
import http from "node:http";
import { PerformanceObserver, monitorEventLoopDelay } from "node:perf_hooks";
import { Readable } from "node:stream";
import next from "next";
import { getApiDeps } from "../live-router/api-deps";
import { stampClientAddress, trustedProxyHops } from "./client-address";
import { handleRouteBatch, handleRouteOrder } from "./routing-http";
import { getSimulationRunner } from "../simulation/get-simulation-runner";
import { startDecisionUpkeep } from "../live-router/decision-upkeep";

function arg(flag: string, long: string): string | undefined {
  const i = process.argv.findIndex((a) => a === flag || a === long);
  return i === -1 ? undefined : process.argv[i + 1];
}

const port = Number(arg("-p", "--port") ?? process.env.PORT ?? 3000);
const hostname = arg("-H", "--hostname") ?? process.env.HOSTNAME ?? "0.0.0.0";

const FAST: Record<string, typeof handleRouteOrder> = {
  "/api/v1/orders/route": handleRouteOrder,
  "/api/v1/orders/route:batch": handleRouteBatch,
};

/** Answers a request with a Web-API handler: Node request → Request, Response → Node response. */
async function serveFast(handler: typeof handleRouteOrder, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  const request = new Request(`http://${req.headers.host ?? "localhost"}${req.url}`, {
    method: req.method,
    headers,
    body: Readable.toWeb(req) as ReadableStream<Uint8Array>,
    duplex: "half",
  } as RequestInit);
  const response = await handler(await getApiDeps(), request);
  const body = Buffer.from(await response.arrayBuffer());
  const out: Record<string, string> = {};
  response.headers.forEach((v, k) => (out[k] = v));
  out["content-length"] = String(body.length);
  res.writeHead(response.status, out);
  res.end(body);
}

/**
 * Diagnostics for `npm run bench:router` (SWITCHYARD_LOOP_DELAY_REPORT=1): every second, one stdout line
 * `loop-delay {"at":…,"p50Ms":…,"p99Ms":…,"maxMs":…}` with how long callbacks waited for the event loop in
 * that second — the delay work on the main thread (a shadow's evaluations, say) adds to every request,
 * apart from the database's.
 */
function reportLoopDelay(): void {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const ms = (ns: number) => Math.round(ns / 1e4) / 100;
  // Garbage collection on the main thread in that second: its total and its longest pause.
  let gcMs = 0;
  let gcMaxMs = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gcMs += e.duration;
      gcMaxMs = Math.max(gcMaxMs, e.duration);
    }
  }).observe({ entryTypes: ["gc"] });
  const r2 = (x: number) => Math.round(x * 100) / 100;
  setInterval(() => {
    console.log(`loop-delay ${JSON.stringify({ at: Date.now(), p50Ms: ms(h.percentile(50)), p99Ms: ms(h.percentile(99)), maxMs: ms(h.max), gcMs: r2(gcMs), gcMaxMs: r2(gcMaxMs) })}`);
    h.reset();
    gcMs = 0;
    gcMaxMs = 0;
  }, 1000).unref();
}

async function main(): Promise<void> {
  const app = next({ dev: false, hostname, port, dir: process.cwd() });
  const handle = app.getRequestHandler();
  await app.prepare();
  // Resume unfinished simulations and load the live router before the first request.
  getSimulationRunner().catch((error: unknown) => console.error("The simulation runner did not start:", error));
  void getApiDeps()
    .then((deps) => startDecisionUpkeep(deps.db))
    .catch((error: unknown) => console.error("The live router did not start:", error));
  const hops = trustedProxyHops();
  const server = http.createServer((req, res) => {
    // Sign-in throttling counts by this address; a client-sent X-Forwarded-For counts only behind trusted proxies.
    stampClientAddress(req, hops);
    const path = (req.url ?? "/").split("?", 1)[0]!;
    const fast = req.method === "POST" ? FAST[path] : undefined;
    if (!fast) {
      void handle(req, res);
      return;
    }
    serveFast(fast, req, res).catch((error: unknown) => {
      console.error(`${req.method} ${path} failed:`, error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/problem+json" });
      res.end(JSON.stringify({ type: "about:blank", title: "Internal Server Error", status: 500, detail: "The request failed unexpectedly" }));
    });
  });
  server.keepAliveTimeout = 65_000;
  server.listen(port, hostname, () => console.log(`▲ Switchyard on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port} (production)`));
  if (process.env.SWITCHYARD_LOOP_DELAY_REPORT === "1") reportLoopDelay();
  const stop = () => server.close(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
