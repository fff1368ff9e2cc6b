import { mkdirSync } from "node:fs";
import { type BrowserContext, expect, test } from "@playwright/test";
import { signedInState, trpc } from "./support";

const OWNER = { email: "demo@switchyard.dev", password: "switchyard-demo" };
const SCREENS = process.env.E2E_SCREENS ?? "test-results/e2e/screens";
const LAPTOP = { width: 1366, height: 768 };

test.describe.configure({ mode: "serial", timeout: 180_000 });

let owner: Awaited<ReturnType<BrowserContext["storageState"]>>;
test.beforeAll(async ({ browser }) => {
  mkdirSync(SCREENS, { recursive: true });
  owner = await signedInState(browser, OWNER);
});

type Node = { id: string; kind: string; label?: string; position: { x: number; y: number }; data: Record<string, unknown> };
/** An auto-processing ruleset: tag orders whose total is above `threshold`. */
const tagGraph = (name: string, threshold: number) => ({
  schemaVersion: 1,
  name,
  stage: "autoProcessing",
  hitPolicy: "all",
  nodes: [
    { id: "start", kind: "start", position: { x: 0, y: 60 }, data: {} },
    { id: "big", kind: "condition", label: "Order above threshold", position: { x: 320, y: 60 }, data: { fact: "totalValue", operator: "greaterThan", operand: { type: "value", value: threshold } } },
    { id: "tag", kind: "addTag", label: "Tag for review", position: { x: 660, y: 60 }, data: { priority: 100, tag: "e2e-shadow" } },
  ] satisfies Node[],
  edges: [
    { id: "e-start", sourceId: "start", targetId: "big", sourceHandle: "next" },
    { id: "e-yes", sourceId: "big", targetId: "tag", sourceHandle: "true" },
  ],
});

test("an admin puts a version in shadow, routes orders, reads the shadow report and promotes it", async ({ browser }) => {
  const context = await browser.newContext({ storageState: owner, viewport: LAPTOP });
  const page = await context.newPage();
  const run = Date.now().toString(36).toUpperCase();
  const name = `E2E shadow ${run}`;

  // A ruleset whose v1 is live (tags orders above 100 000: none) and whose v2 tags orders above 10.
  const created = await trpc<{ id: string; version: { revision: number } }>(page.request, "rulesets.create", { name, stage: "autoProcessing", hitPolicy: "all", graph: tagGraph(name, 100_000) });
  const v1 = await trpc<{ revision: number }>(page.request, "rulesets.saveVersion", { id: created.id, revision: created.version.revision, graph: tagGraph(name, 100_000), note: "tag nothing yet" });
  await trpc(page.request, "publishing.publish", { rulesetId: created.id, number: 1, overrideReason: "E2E: a new ruleset", note: "" });
  await trpc(page.request, "rulesets.saveVersion", { id: created.id, revision: v1.revision, graph: tagGraph(name, 10), note: "tag orders above 10" });

  // Version history → Shadow on v2.
  await page.goto(`/rulesets/${created.id}/versions`);
  await page.getByTestId("shadow-2").click();
  const dialog = page.getByRole("dialog", { name: "Put v2 in shadow" });
  await expect(dialog).toContainText("It never changes an answer");
  await dialog.getByTestId("shadow-submit").click();
  await expect(page).toHaveURL(/\/simulations\/[^/]+$/, { timeout: 20_000 });
  const report = page.url();
  const banner = page.getByTestId("shadow-running");
  await expect(banner).toContainText("Shadow on live traffic");
  await expect(banner).toContainText("0 orders so far");

  // Orders through the API, as a merchant's system sends them.
  await page.goto("/api-keys");
  await page.getByRole("button", { name: "Create API key" }).click();
  const keyDialog = page.getByRole("dialog");
  await keyDialog.getByLabel("Name").fill(`E2E shadow ${run}`);
  await keyDialog.getByRole("button", { name: "Create key" }).click();
  const key = await keyDialog.getByLabel("API key", { exact: true }).inputValue();
  await keyDialog.getByRole("button", { name: "I have copied the key" }).click();
  const stores = await trpc<{ items: { id: string; platform: string }[] }>(page.request, "stores.list", { page: 1, pageSize: 100 }, "query");
  const storeId = stores.items[0]!.id;
  const orders = Array.from({ length: 12 }, (_, i) => ({
    id: `e2e-shadow-${run}-${i}`,
    externalId: `#SH-${run}-${i}`,
    platform: "other",
    storeId,
    createdAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    currency: "USD",
    totalValue: 20 + i,
    shippingAddress: { country: "US", postalCode: "90012", city: "Los Angeles" },
    lines: [{ platformSku: `E2E-SH-${i}`, warehouseSku: null, quantity: 1, unitPrice: 20 + i, weightGrams: 300 }],
  }));
  const res = await page.request.post("/api/v1/orders/route:batch", { headers: { authorization: `Bearer ${key}` }, data: { orders } });
  expect(res.status(), await res.text()).toBe(200);
  // Answered by v1: no order carries the v2 tag.
  const answers = (await res.json()) as { results: { decision: { tags: string[] } }[] };
  expect(answers.results.every((r) => !r.decision.tags.includes("e2e-shadow"))).toBe(true);

  // The report fills in as the router writes (every few seconds): 12 orders, each tagged only in the shadow.
  await page.goto(report);
  await expect(page.getByTestId("shadow-running")).toContainText("12 orders so far", { timeout: 30_000 });
  await expect(page.locator("#changed-orders")).toContainText(`#SH-${run}-0`, { timeout: 30_000 });
  await page.screenshot({ path: `${SCREENS}/shadow-report.png`, fullPage: true });

  // Promote: fewer than 500 orders, so the gate asks for the reason; v2 goes live.
  await page.getByTestId("shadow-promote").click();
  const promote = page.getByRole("dialog", { name: "Promote v2" });
  await expect(promote).toContainText("fewer than 500 orders");
  await expect(promote.getByTestId("promote-submit")).toBeDisabled();
  await promote.getByLabel("Reason to publish without a simulation").fill("E2E: shadowed on a dozen live orders");
  await promote.getByTestId("promote-submit").click();
  await expect(promote).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: "v2 is live now." })).toBeVisible();
  await expect(page.getByTestId("shadow-running")).toBeHidden();

  // Orders are answered by v2 from now on (the router reloads within a second of the publish).
  let n = 0;
  await expect
    .poll(async () => {
      const after = await page.request.post("/api/v1/orders/route", { headers: { authorization: `Bearer ${key}` }, data: { ...orders[0]!, id: `e2e-shadow-${run}-after-${n}`, externalId: `#SH-${run}-after-${n++}` } });
      return ((await after.json()) as { decision: { tags: string[] } }).decision.tags;
    }, { timeout: 15_000 })
    .toContain("e2e-shadow");
  await context.close();
});
