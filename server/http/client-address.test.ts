import type { IncomingMessage } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuth } from "../auth/create-auth";
import { createTestDb, type TestDb } from "../db/create-test-db";
import { CLIENT_ADDRESS_HEADER, clientAddress, stampClientAddress, trustedProxyHops } from "./client-address";

describe("clientAddress", () => {
  it("is the socket's peer by default, whatever X-Forwarded-For says", () => {
    expect(clientAddress("::ffff:203.0.113.9", "1.2.3.4", 0)).toBe("203.0.113.9");
    expect(clientAddress("203.0.113.9", undefined, 0)).toBe("203.0.113.9");
  });

  it("behind N trusted proxies, is the N-th address from the right (what the outermost trusted proxy saw)", () => {
    expect(clientAddress("10.0.0.2", "6.6.6.6, 198.51.100.7", 1)).toBe("198.51.100.7");
    expect(clientAddress("10.0.0.2", "6.6.6.6, 198.51.100.7, 10.0.0.1", 2)).toBe("198.51.100.7");
    // Fewer entries than hops, or garbage: the peer.
    expect(clientAddress("10.0.0.2", "", 1)).toBe("10.0.0.2");
    expect(clientAddress("10.0.0.2", "<script>", 1)).toBe("10.0.0.2");
  });

  it("reads SWITCHYARD_TRUST_PROXY strictly (off by default)", () => {
    expect(trustedProxyHops(undefined)).toBe(0);
    expect(trustedProxyHops("false")).toBe(0);
    expect(trustedProxyHops("true")).toBe(1);
    expect(trustedProxyHops("2")).toBe(2);
    expect(() => trustedProxyHops("lots")).toThrow(/SWITCHYARD_TRUST_PROXY/);
  });

  it("overwrites a client-sent address header", () => {
    const req = {
      headers: { [CLIENT_ADDRESS_HEADER]: "1.1.1.1", "x-forwarded-for": "9.9.9.9" },
      rawHeaders: ["X-Switchyard-Client-Address", "1.1.1.1", "X-Forwarded-For", "9.9.9.9"],
      socket: { remoteAddress: "203.0.113.5" },
    } as unknown as IncomingMessage;
    stampClientAddress(req, 0);
    expect(req.headers[CLIENT_ADDRESS_HEADER]).toBe("203.0.113.5");
    expect(req.rawHeaders.filter((h) => h.toLowerCase() === CLIENT_ADDRESS_HEADER)).toHaveLength(1);
    expect(req.rawHeaders).toContain("203.0.113.5");
  });
});

describe("sign-in throttling cannot be bypassed with X-Forwarded-For", () => {
  let testDb: TestDb;
  let auth: ReturnType<typeof createAuth>;
  beforeAll(async () => {
    testDb = await createTestDb("pglite");
    auth = createAuth(testDb.db, "http://localhost:3000", { rateLimit: true });
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  const attempt = (address: string, forwardedFor: string) =>
    auth.handler(
      new Request("http://localhost:3000/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "http://localhost:3000", [CLIENT_ADDRESS_HEADER]: address, "x-forwarded-for": forwardedFor },
        body: JSON.stringify({ email: "nobody@example.com", password: "wrong-password" }),
      }),
    );

  it("counts every attempt of one client against its limit, whatever X-Forwarded-For each one claims", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 24; i++) statuses.push((await attempt("203.0.113.10", `198.51.100.${i}`)).status);
    expect(statuses.slice(0, 20).every((s) => s !== 429)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429]);
    // Another client is not affected.
    expect((await attempt("203.0.113.11", "198.51.100.1")).status).not.toBe(429);
  });
});
