/** The holds CSV route on a real database: bad query input gets a 400 in words (never a 500), nothing from another organization. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDb, createTestDb } from "../db/create-test-db";
import { createTenant, type Tenant } from "../testing/tenant-fixtures";
import { handleHoldsCsv } from "./live-http";

describe("GET /api/live/holds.csv (pglite)", () => {
  let t: TestDb;
  let a: Tenant;
  beforeAll(async () => {
    t = await createTestDb("pglite");
    a = await createTenant(t.db, "holds-csv");
  });
  afterAll(async () => t?.drop());
  const ctx = () => ({ db: t.db, user: { id: a.users.viewer.id, email: a.users.viewer.email, name: a.users.viewer.name }, membership: { organizationId: a.organizationId, role: "viewer" as const } });
  const get = (q: string) => handleHoldsCsv(ctx() as never, new Request(`http://x/api/live/holds.csv${q}`), new Date("2026-12-03T12:00:00Z"));

  it.each([
    ["?from=garbage", "from"],
    ["?storeIds=%00", "storeIds"],
    ["?reason=a%00b", "reason"],
    ["?from=2026-12-03T00:00:00Z&to=2026-12-02T00:00:00Z", "to"],
  ])("refuses %s with a 400 naming the field", async (q, field) => {
    const res = await get(q);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { field: string }).field).toBe(field);
  });

  it("answers an empty queue with the header only", async () => {
    const res = await get("");
    expect(res.status).toBe(200);
    expect((await res.text()).trim()).toBe("order_number,order_id,store,platform,country,status,reasons,held_at,ship_by,hours_left,decision_id");
  });
});
