import { expect, test } from "@playwright/test";
import { signIn, trpc } from "./support";

const DESIGNER = { email: "ops@switchyard.dev", password: "switchyard-demo", name: "Daniel Okafor" };
const SCREENS = "test-results/e2e/screens";
/** A 1366×768 laptop. */
const LAPTOP = { width: 1366, height: 768 };

/** Sign-in is rate-limited per address: each page signs in once. */

type Node = { id: string; kind: string; label?: string; position: { x: number; y: number }; data: Record<string, unknown> };
type Edge = { id: string; sourceId: string; targetId: string; sourceHandle: "next" | "true" | "false" | "member" };
const graphOf = (name: string, hitPolicy: "first" | "all", nodes: Node[], edges: Edge[]) => ({ schemaVersion: 1, name, stage: "orderReview", hitPolicy, nodes, edges });

/** start → "Ships to the US" → yes: flag "us" / no: hold. */
const V1_NODES: Node[] = [
  { id: "start", kind: "start", position: { x: 0, y: 60 }, data: {} },
  { id: "is-us", kind: "condition", label: "Ships to the US", position: { x: 320, y: 60 }, data: { fact: "country", operator: "equal", operand: { type: "value", value: "US" } } },
  { id: "flag-us", kind: "flag", position: { x: 660, y: -40 }, data: { priority: 100, code: "us" } },
  { id: "hold-other", kind: "hold", position: { x: 660, y: 160 }, data: { priority: 100, reason: "Check the address" } },
];
const V1_EDGES: Edge[] = [
  { id: "e-start", sourceId: "start", targetId: "is-us", sourceHandle: "next" },
  { id: "e-yes", sourceId: "is-us", targetId: "flag-us", sourceHandle: "true" },
  { id: "e-no", sourceId: "is-us", targetId: "hold-other", sourceHandle: "false" },
];

type Ruleset = { id: string; version: { number: number; revision: number } };
type Saved = { versionNumber: number; revision: number; newVersion: boolean };

test("a designer reads the version history, opens a version read-only and compares it", async ({ page }) => {
  await page.setViewportSize(LAPTOP);
  await signIn(page, DESIGNER);
  const name = `E2E history ${Date.now()}`;
  const created = await trpc<Ruleset>(page.request, "rulesets.create", { name, stage: "orderReview", hitPolicy: "first", graph: graphOf(name, "first", V1_NODES, V1_EDGES) });
  // A second save with a change: still the draft v1, at a new revision.
  const relabelled = V1_NODES.map((n) => (n.id === "hold-other" ? { ...n, label: "Hold the rest" } : n));
  const saved = await trpc<Saved>(page.request, "rulesets.saveDraft", { id: created.id, revision: created.version.revision, graph: graphOf(name, "first", relabelled, V1_EDGES) });
  expect([saved.versionNumber, saved.newVersion]).toEqual([1, false]);

  await page.goto(`/rulesets/${created.id}/versions`);
  await expect(page.getByRole("heading", { name: "Version history" })).toBeVisible();
  const v1 = page.getByTestId("version-1");
  await expect(v1).toContainText("draft");
  await expect(v1).toContainText("current draft");
  await expect(v1).toContainText("4 nodes");
  await expect(v1).toContainText("2 rules");
  await expect(v1.locator("code.hash")).toHaveText(/^[0-9a-f]{10}$/);
  await expect(v1).toContainText(DESIGNER.name);
  await page.screenshot({ path: `${SCREENS}/history-one-version.png` });

  await v1.getByRole("link", { name: "Open v1 read-only" }).click();
  await expect(page).toHaveURL(new RegExp(`/rulesets/${created.id}/versions/1$`));
  await expect(page.getByTestId("readonly-tag")).toHaveText("Read-only v1 (draft)");
  await expect(page.locator(".react-flow__node")).toHaveCount(4);
  await expect(page.locator(".react-flow__edge")).toHaveCount(3);
  // Nothing on a saved version can be moved or connected.
  await expect(page.locator(".react-flow__node.draggable")).toHaveCount(0);
  const startBefore = (await page.locator('.react-flow__node[data-id="start"]').boundingBox())!;
  const node = page.locator('.react-flow__node[data-id="flag-us"]');
  const before = (await node.boundingBox())!;
  const handle = (await page.locator('.react-flow__node[data-id="start"] .react-flow__handle.source').boundingBox())!;
  await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
  await page.mouse.down();
  await page.mouse.move(before.x + 20, before.y + 20, { steps: 6 });
  await expect(page.locator(".react-flow__connection")).toHaveCount(0); // no line follows the pointer
  await page.mouse.up();
  await page.mouse.move(before.x + 60, before.y + 15);
  await page.mouse.down();
  await page.mouse.move(before.x + 160, before.y + 140, { steps: 6 });
  await page.mouse.up();
  await expect(page.locator(".react-flow__edge")).toHaveCount(3);
  // Dragging a node pans the canvas instead: the node keeps its place relative to its neighbours.
  const start = (await page.locator('.react-flow__node[data-id="start"]').boundingBox())!;
  const after = (await node.boundingBox())!;
  expect(Math.round(after.x - start.x)).toBe(Math.round(before.x - startBefore.x));
  await expect(page.getByRole("link", { name: "Open draft in designer" })).toHaveAttribute("href", `/rulesets/${created.id}`);
  await page.getByRole("button", { name: "Fit View" }).click();
  await page.locator('.react-flow__node[data-id="hold-other"]').click();
  const details = page.getByRole("region", { name: "Selected node" });
  await expect(details).toContainText("Hold the rest");
  await expect(details).toContainText("Check the address");
  await expect(page.locator('.react-flow__node[data-id="hold-other"]')).toHaveClass(/gv-focus/);
  await page.screenshot({ path: `${SCREENS}/version-read-only.png` });

  await page.goto(`/rulesets/${created.id}/diff?from=1&to=1`);
  await expect(page.getByRole("heading", { name: "Compare v1 → v1" })).toBeVisible();
  await expect(page.getByRole("complementary", { name: "Changes" })).toContainText("No differences");
  await expect(page.locator(".react-flow__node")).toHaveCount(4);
  await expect(page.locator(".react-flow__node.gv-mark")).toHaveCount(0);
  await page.screenshot({ path: `${SCREENS}/diff-no-differences.png` });
});

test("the diff of two versions marks and lists added, removed, changed and moved nodes", async ({ page }) => {
  await page.setViewportSize(LAPTOP);
  await signIn(page, DESIGNER);
  const name = `E2E diff ${Date.now()}`;
  const created = await trpc<Ruleset>(page.request, "rulesets.create", { name, stage: "orderReview", hitPolicy: "first", graph: graphOf(name, "first", V1_NODES, V1_EDGES) });

  // "Save version" freezes v1 with a note; the next save starts v2.
  const frozen = await trpc<Saved>(page.request, "rulesets.saveVersion", { id: created.id, revision: created.version.revision, graph: graphOf(name, "first", V1_NODES, V1_EDGES), note: "US flag, hold the rest" });
  expect([frozen.versionNumber, frozen.newVersion]).toEqual([1, false]);

  const current = await trpc<Ruleset>(page.request, "rulesets.get", { id: created.id }, "query");
  // v2: the condition now tests CA (changed), the flag moved, the hold is gone, a tag is new, every match fires.
  const v2Nodes: Node[] = [
    ...V1_NODES.filter((n) => n.id !== "hold-other").map((n) =>
      n.id === "is-us"
        ? { ...n, label: "Ships to Canada", data: { ...n.data, operand: { type: "value", value: "CA" } } }
        : n.id === "flag-us"
          ? { ...n, position: { x: 700, y: -120 } }
          : n,
    ),
    { id: "tag-ca", kind: "addTag", position: { x: 700, y: 300 }, data: { priority: 100, tag: "canada" } },
  ];
  const v2Edges: Edge[] = [...V1_EDGES.filter((e) => e.id !== "e-no"), { id: "e-tag", sourceId: "is-us", targetId: "tag-ca", sourceHandle: "false" }];
  const saved = await trpc<Saved>(page.request, "rulesets.saveDraft", { id: created.id, revision: current.version.revision, graph: graphOf(name, "all", v2Nodes, v2Edges) });
  expect([saved.versionNumber, saved.newVersion]).toEqual([2, true]);

  await page.goto(`/rulesets/${created.id}/versions`);
  await expect(page.getByTestId("version-2")).toContainText("draft");
  await expect(page.getByTestId("version-1")).toContainText("validated");
  await expect(page.getByTestId("version-1")).toContainText("US flag, hold the rest");
  await expect(page.getByTestId("version-2")).toContainText("4 nodes");
  await expect(page.getByTestId("version-1")).toContainText("4 nodes");
  await page.getByRole("checkbox", { name: "Pick v2 to compare" }).check();
  await page.getByRole("checkbox", { name: "Pick v1 to compare" }).check();
  await page.screenshot({ path: `${SCREENS}/history-two-picked.png` });
  await page.getByRole("link", { name: "Compare v1 → v2" }).click();

  await expect(page).toHaveURL(/\/diff\?from=1&to=2$/);
  await expect(page.getByRole("heading", { name: "Compare v1 → v2" })).toBeVisible();
  for (const [mark, text] of [
    ["added", "1 added"],
    ["removed", "1 removed"],
    ["changed", "1 changed"],
    ["moved", "1 moved"],
  ] as const) {
    await expect(page.getByTestId(`count-${mark}`)).toHaveText(text);
  }
  // On the canvas: both versions' nodes, each difference marked.
  await expect(page.locator(".react-flow__node")).toHaveCount(5);
  await expect(page.locator('.react-flow__node[data-id="tag-ca"]')).toHaveClass(/gv-added/);
  await expect(page.locator('.react-flow__node[data-id="hold-other"]')).toHaveClass(/gv-removed/);
  await expect(page.locator('.react-flow__node[data-id="is-us"]')).toHaveClass(/gv-changed/);
  await expect(page.locator('.react-flow__node[data-id="flag-us"]')).toHaveClass(/gv-moved/);
  await expect(page.locator(".react-flow__edge.gv-edge-added")).toHaveCount(1);
  await expect(page.locator(".react-flow__edge.gv-edge-removed")).toHaveCount(1);

  // In the list: what changed, field by field.
  const changes = page.getByRole("complementary", { name: "Changes" });
  await expect(changes.getByRole("region", { name: "Settings" })).toContainText("First match wins");
  await expect(changes.getByRole("region", { name: "Settings" })).toContainText("Every match fires");
  await expect(changes.getByRole("region", { name: "Added nodes" })).toContainText('Tag "canada"');
  await expect(changes.getByRole("region", { name: "Removed nodes" })).toContainText("Check the address");
  const changed = changes.getByRole("region", { name: "Changed nodes" });
  await expect(changed).toContainText("Ships to Canada");
  await expect(changed.locator(".field-rows li", { hasText: "Operand › value" })).toContainText(/US\s*→\s*CA/);
  await expect(changed.locator(".field-rows li", { hasText: "Label" })).toContainText(/Ships to the US\s*→\s*Ships to Canada/);
  await expect(changes.getByRole("region", { name: "Connections" })).toContainText("Ships to Canada → Add tag");
  await page.screenshot({ path: `${SCREENS}/diff-v1-v2.png` });

  // A click on the canvas picks the node's entry in the list. The diff opens at a readable zoom, so
  // the last nodes may lie past the canvas edge: fit the whole graph first, as a person would.
  await expect(page.getByTestId("graph-view")).toHaveAttribute("data-first-view", "set");
  await page.getByRole("button", { name: "Fit View", exact: true }).click();
  await page.locator('.react-flow__node[data-id="hold-other"]').click();
  await expect(changes.locator('[data-change-id="hold-other"]')).toHaveClass(/active/);
  // A click in the list centres the node on the canvas.
  await changes.getByRole("region", { name: "Added nodes" }).getByRole("button").click();
  const added = page.locator('.react-flow__node[data-id="tag-ca"]');
  await expect(added).toHaveClass(/gv-focus/);
  const canvas = (await page.getByTestId("canvas").boundingBox())!;
  await expect
    .poll(async () => {
      const b = (await added.boundingBox())!;
      return Math.hypot(b.x + b.width / 2 - (canvas.x + canvas.width / 2), b.y + b.height / 2 - (canvas.y + canvas.height / 2));
    })
    .toBeLessThan(10);
  await page.screenshot({ path: `${SCREENS}/diff-v1-v2-focused.png` });

  await page.getByRole("button", { name: "Swap versions" }).click();
  await expect(page.getByRole("heading", { name: "Compare v2 → v1" })).toBeVisible();
  await expect(page.locator('.react-flow__node[data-id="hold-other"]')).toHaveClass(/gv-added/);
  await expect(page.locator('.react-flow__node[data-id="tag-ca"]')).toHaveClass(/gv-removed/);
  await expect(page).toHaveURL(/\/diff\?from=2&to=1$/);

  // A warehouse change reads as names: "Los Angeles … → Shenzhen …", never the warehouses' ids.
  const warehouses = await trpc<{ items: { id: string; code: string; name: string }[] }>(page.request, "warehouses.list", { page: 1, pageSize: 50 }, "query");
  const la = warehouses.items.find((w) => w.code === "LA-3PL")!;
  const sz = warehouses.items.find((w) => w.code === "SZ-01")!;
  const shipFrom = (warehouseId: string) => ({
    schemaVersion: 1,
    name: `${name} warehouses`,
    stage: "warehouseMatching",
    hitPolicy: "first",
    nodes: [
      { id: "start", kind: "start", position: { x: 0, y: 0 }, data: {} },
      { id: "ship", kind: "assignWarehouse", position: { x: 320, y: 0 }, data: { priority: 100, warehouseId } },
    ],
    edges: [{ id: "e", sourceId: "start", targetId: "ship", sourceHandle: "next" }],
  });
  const wr = await trpc<Ruleset>(page.request, "rulesets.create", { name: `${name} warehouses`, stage: "warehouseMatching", hitPolicy: "first", graph: shipFrom(la.id) });
  await trpc<Saved>(page.request, "rulesets.saveVersion", { id: wr.id, revision: wr.version.revision, graph: shipFrom(la.id), note: "LA" });
  const afterFreeze = await trpc<Ruleset>(page.request, "rulesets.get", { id: wr.id }, "query");
  await trpc<Saved>(page.request, "rulesets.saveDraft", { id: wr.id, revision: afterFreeze.version.revision, graph: shipFrom(sz.id) });
  await page.goto(`/rulesets/${wr.id}/diff?from=1&to=2`);
  const changedNodes = page.getByRole("complementary", { name: "Changes" }).getByRole("region", { name: "Changed nodes" });
  await expect(changedNodes).toContainText(la.name);
  await expect(changedNodes).toContainText(sz.name);
  await expect(changedNodes.locator(".field-rows li").first()).toContainText(/^Warehouse/);
  await expect(changedNodes).not.toContainText("Warehouse id");
  await expect(page.getByRole("main")).not.toContainText(la.id);
  await expect(page.getByRole("main")).not.toContainText(sz.id);
  await page.screenshot({ path: `${SCREENS}/diff-warehouse-names.png` });
});
