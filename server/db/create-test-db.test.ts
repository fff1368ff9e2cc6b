import { afterEach, describe, expect, it, vi } from "vitest";
import { createTestDb } from "./create-test-db";

describe("createTestDb", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("fails loudly, saying how to start PostgreSQL, when the server is unreachable", async () => {
    vi.stubEnv("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:1/postgres");
    await expect(createTestDb("postgres")).rejects.toThrow(/not reachable.*pg_ctlcluster --skip-systemctl-redirect/s);
  });
});
