import { expect, type Page, test } from "@playwright/test";
import { newRuleset, signedInState } from "./support";

const DESIGNER = { email: "ops@switchyard.dev", password: "switchyard-demo" };
const SCREENS = "test-results/e2e/screens";
const MOD = process.platform === "darwin" ? "Meta" : "Control";

test.describe.configure({ mode: "serial", timeout: 180_000 });

/** Sign-in is rate-limited per address: the file signs in once and shares the session. */
let storage: Awaited<ReturnType<import("@playwright/test").BrowserContext["storageState"]>>;
test.beforeAll(async ({ browser }) => {
  storage = await signedInState(browser, DESIGNER);
});
test.use({ viewport: { width: 1500, height: 950 } });

async function designerPage(browser: import("@playwright/test").Browser) {
  const context = await browser.newContext({ storageState: storage, viewport: { width: 1500, height: 950 } });
  return { context, page: await context.newPage() };
}

/** A locator's box once it has stopped moving (the view may still be gliding to fit). */
async function settledBox(locator: import("@playwright/test").Locator) {
  let last = await locator.boundingBox();
  for (let i = 0; i < 40; i++) {
    await locator.page().waitForTimeout(50);
    const now = await locator.boundingBox();
    if (now && last && now.x === last.x && now.y === last.y && now.width === last.width) return now;
    last = now;
  }
  return last!;
}

/** Drags from a node's source handle to another node's target handle (again if the first drag did not connect). */
async function connect(page: Page, fromNode: string, handle: string, toNode: string) {
  const from = page.locator(`[data-id="${fromNode}"] .react-flow__handle.source[data-handleid="${handle}"]`);
  const to = page.locator(`[data-id="${toNode}"] .react-flow__handle.target`);
  const edges = page.locator(".react-flow__edge");
  const before = await edges.count();
  for (let attempt = 0; attempt < 2; attempt++) {
    const a = await settledBox(from);
    const b = await settledBox(to);
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await page.mouse.down();
    await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
    await page.mouse.up();
    try {
      await expect(edges).toHaveCount(before + 1, { timeout: 2_000 });
      return;
    } catch {
      // The canvas moved under the drag: measure again and drag once more.
    }
  }
}

const nodeIdOf = async (page: Page, kind: string, nth = 0) => (await page.locator(`.react-flow__node:has([data-kind="${kind}"])`).nth(nth).getAttribute("data-id"))!;
const nodes = (page: Page) => page.locator(".react-flow__node");
const status = (page: Page) => page.getByTestId("save-status");
async function expectNoProblems(page: Page) {
  await page.getByRole("tab", { name: /Problems/ }).click();
  await expect(page.getByTestId("no-problems")).toBeVisible();
}

/** Replaces the text of a Monaco editor the way a person pastes. */
async function typeInto(page: Page, testId: string, text: string) {
  const editor = page.getByTestId(testId);
  await expect(editor).toHaveAttribute("data-state", "ready", { timeout: 20_000 });
  await editor.locator(".monaco-editor").click();
  await page.keyboard.press(`${MOD}+A`);
  await page.keyboard.press("Delete");
  // One line: Monaco re-indents pasted line breaks, and JSON does not care.
  await page.keyboard.insertText(JSON.stringify(JSON.parse(text)));
}
/** The whole text of a Monaco editor (it renders only visible lines). */
async function editorText(page: Page, testId: string): Promise<string> {
  await expect(page.getByTestId(testId)).toHaveAttribute("data-state", "ready", { timeout: 20_000 });
  const uri = await page.getByTestId(testId).getAttribute("data-model-uri");
  return page.evaluate((u) => {
    const m = (window as unknown as { monaco: { editor: { getModel(x: unknown): { getValue(): string } | null }; Uri: { parse(s: string): unknown } } }).monaco;
    return m.editor.getModel(m.Uri.parse(u!))?.getValue() ?? "";
  }, uri);
}

test("a designer starts from a template and tests it on a real order and on a sample", async ({ browser }) => {
  const { context, page } = await designerPage(browser);
  await page.goto("/rulesets");
  await page.getByRole("button", { name: "New ruleset" }).click();
  const dialog = page.getByRole("dialog", { name: "New ruleset" });
  await dialog.getByRole("radio", { name: "US orders from Los Angeles" }).check();
  await expect(dialog.getByLabel("Stage")).toHaveValue("warehouseMatching");
  await dialog.getByLabel("Name").fill(`LA first ${Date.now()}`);
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/\/rulesets\/[^/]+$/);
  await expect(nodes(page)).toHaveCount(4, { timeout: 20_000 });
  // No errors (the count also holds the rule analysis's findings: this template leaves non-US orders without a warehouse).
  await expect(page.getByRole("tab", { name: /Problems/ }).locator(".count")).not.toHaveClass(/warn/);
  // Master-data ids show as names on the nodes.
  await expect(page.locator('[data-kind="assignWarehouse"]')).toContainText("Los Angeles");

  // An order from history: search, pick, evaluate; the trace lands on the canvas.
  await page.getByRole("tab", { name: "Test" }).click();
  await page.getByLabel("Search orders").fill("#14");
  const first = page.getByRole("list", { name: "Orders" }).getByRole("button").first();
  await expect(first).toContainText("#14");
  await first.click();
  await page.getByRole("button", { name: "Evaluate draft" }).click();
  const result = page.getByRole("region", { name: "Test result" });
  // Rules by their action node's name and what it does, not by compiled ids.
  await expect(result.getByRole("list", { name: "Rules evaluated" })).toContainText("Ship locally");
  await expect(result.getByRole("list", { name: "Rules evaluated" })).not.toContainText("rule:");
  await expect(page.locator(".rule-node.trace-true, .rule-node.trace-false").first()).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/designer-test-history.png` });

  // A sample order to Germany: the country test is the first to fail and nothing is decided.
  await page.getByText("Sample JSON", { exact: true }).click();
  const sample = JSON.parse(await editorText(page, "sample-order-editor")) as Record<string, unknown>;
  await typeInto(page, "sample-order-editor", JSON.stringify({ ...sample, shippingAddress: { country: "DE", city: "Berlin", postalCode: "10115", addressValid: true } }, null, 2));
  await page.getByRole("button", { name: "Evaluate draft" }).click();
  await expect(result.getByTestId("decision-empty")).toBeVisible();
  const countryNode = page.locator(".rule-node.trace-first-fail");
  await expect(countryNode).toHaveCount(1);
  await expect(countryNode).toContainText('actual "DE"');
  await expect(countryNode).toContainText('expected "US"');
  await expect(result).toContainText("first failing test: country");
  await page.screenshot({ path: `${SCREENS}/designer-test-sample-trace.png` });

  // A malformed sample is caught by the order's JSON Schema before anything runs.
  await typeInto(page, "sample-order-editor", JSON.stringify({ ...sample, lines: [{ platformSku: "X", quantity: "two" }] }, null, 2));
  await expect(page.getByRole("list", { name: "Sample order errors" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Evaluate draft" })).toBeDisabled();
  await context.close();
});

test("the side panels fold away for more canvas, and the choice is remembered", async ({ browser }) => {
  const { context, page } = await designerPage(browser);
  await page.goto("/rulesets");
  await page.locator("table.data tbody tr").filter({ has: page.locator("strong", { hasText: /^Channels$/ }) }).click();
  await expect(page.getByRole("heading", { name: "Channels" })).toBeVisible({ timeout: 20_000 });
  await expect(nodes(page).first()).toBeVisible();
  const width = async () => (await page.getByTestId("canvas").boundingBox())!.width;
  const before = await width();
  await page.getByRole("button", { name: "Hide palette" }).click();
  await page.getByRole("button", { name: "Hide side panel" }).click();
  await expect.poll(width).toBeGreaterThan(before + 400);
  // The canvas keeps its height (the side panel is gone, not moved below it).
  const height = (await page.getByTestId("canvas").boundingBox())!.height;
  expect(height).toBeGreaterThan(450);
  await expect(page.getByRole("tab", { name: "Inspector" })).toBeHidden();
  await expect(page.getByTestId("canvas")).toHaveAttribute("data-view-moving", "false");
  await page.screenshot({ path: `${SCREENS}/designer-panels-folded.png` });
  // Clicking a node brings the inspector back; a reload keeps the palette folded.
  await nodes(page).first().click();
  await expect(page.getByRole("button", { name: "Hide side panel" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("button", { name: "Show palette" })).toBeVisible({ timeout: 20_000 });
  await page.getByRole("button", { name: "Show palette" }).click();
  await context.close();
});

test("a weight typed in kg is saved in kg, shown the same after a reload, and a negative weight is refused", async ({ browser }) => {
  const { context, page } = await designerPage(browser);
  const name = `E2E heavy ${Date.now()}`;
  await newRuleset(page, name, { stage: "orderReview" });
  const palette = page.getByRole("complementary", { name: "Add a node" });
  await palette.getByRole("button", { name: "Condition", exact: true }).click();
  const inspector = page.getByLabel("Inspector: Condition");
  await inspector.getByLabel("Fact", { exact: true }).selectOption({ label: "Total weight · number" });
  await inspector.getByLabel("Operator").selectOption({ label: "is greater than" });
  // Type 2, then choose kg: the 2 stays and means 2 kg, the base quantity is shown, the node agrees.
  await inspector.getByLabel("Value", { exact: true }).fill("2");
  await inspector.getByLabel("Value unit").selectOption("kg");
  await expect(inspector.getByLabel("Value", { exact: true })).toHaveValue("2");
  await expect(inspector.getByTestId("quantity-hint")).toHaveText("= 2,000 g");
  const condition = page.locator('[data-kind="condition"]');
  await expect(condition).toContainText("Total weight is greater than 2 kg");
  await page.screenshot({ path: `${SCREENS}/designer-weight-kg.png` });

  // A negative weight is refused where it is typed.
  await inspector.getByLabel("Value", { exact: true }).fill("-1");
  await expect(inspector.getByText("A weight cannot be below zero (-1000)")).toBeVisible();
  await inspector.getByLabel("Value", { exact: true }).fill("2.5");
  await expect(inspector.getByTestId("quantity-hint")).toHaveText("= 2,500 g");

  // Saved and reloaded: the same quantity (stored as 2,500 g), in the unit it reads best in.
  await expect(status(page)).toHaveText(/^All changes saved/, { timeout: 15_000 });
  await page.reload();
  await expect(condition).toContainText("Total weight is greater than 2.5 kg");
  await condition.click();
  await expect(page.getByLabel("Inspector: Condition").getByLabel("Value", { exact: true })).toHaveValue("2.5");
  await expect(page.getByLabel("Inspector: Condition").getByLabel("Value unit")).toHaveValue("kg");
  await context.close();
});

test("a designer builds a rule with the inspector, undoes, copies, lays out, autosaves and resolves a conflict", async ({ browser }) => {
  const { context, page } = await designerPage(browser);
  const name = `E2E EU check ${Date.now()}`;
  await newRuleset(page, name, { stage: "orderReview", hitPolicy: "all" });
  await expect(nodes(page)).toHaveCount(1);

  // Drag a Condition from the palette onto the canvas; click to add a Hold.
  const palette = page.getByRole("complementary", { name: "Add a node" });
  await palette.getByRole("button", { name: "Condition", exact: true }).dragTo(page.getByTestId("canvas"), { targetPosition: { x: 420, y: 220 } });
  await expect(page.locator('[data-kind="condition"]')).toBeVisible();
  // The inspector edits the selected node: a country list picked by name.
  const inspector = page.getByLabel("Inspector: Condition");
  await inspector.getByLabel("Operator").selectOption({ label: "is one of" });
  await inspector.getByLabel("Search countries").fill("germ");
  await inspector.getByLabel("Search countries").press("Enter");
  await inspector.getByLabel("Search countries").fill("france");
  await inspector.getByLabel("Search countries").press("Enter");
  await expect(inspector.getByLabel("Countries chosen")).toContainText("Germany");
  await expect(page.locator('[data-kind="condition"]')).toContainText("Destination country is one of DE, FR");
  await inspector.getByLabel("Name on the canvas").fill("EU destination");

  await palette.getByRole("button", { name: "Hold", exact: true }).click();
  const holdInspector = page.getByLabel("Inspector: Hold");
  await holdInspector.getByLabel("Reason").fill("EU customs check");
  await expect(page.locator('[data-kind="hold"]')).toContainText("Hold: EU customs check");
  // Unconnected: problems on the nodes and in the list; a problem focuses its node.
  await expect(page.locator('[data-kind="hold"].has-errors')).toBeVisible();
  await page.getByRole("tab", { name: /Problems/ }).click();
  const problems = page.getByRole("list", { name: "Problems" });
  await problems.getByRole("button", { name: /No path from Start leads to this action/ }).click();
  await expect(page.locator('.react-flow__node.selected:has([data-kind="hold"])')).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/designer-problems.png` });

  await page.getByRole("button", { name: "Auto-layout" }).click();
  // The view glides to fit the new layout: wait until it has stopped, not for a fixed time.
  await expect(page.getByTestId("canvas")).toHaveAttribute("data-view-moving", "false");
  const cond = await nodeIdOf(page, "condition");
  const hold = await nodeIdOf(page, "hold");
  await connect(page, "start", "next", cond);
  await connect(page, cond, "true", hold);
  await expect(page.locator(".react-flow__edge")).toHaveCount(2);
  await expectNoProblems(page);
  // Auto-layout puts each edge's target right of its source.
  await page.getByRole("button", { name: "Auto-layout" }).click();
  await expect
    .poll(async () => {
      const xs = await Promise.all(["start", cond, hold].map(async (id) => (await page.locator(`.react-flow__node[data-id="${id}"]`).boundingBox())!.x));
      return xs[0]! < xs[1]! && xs[1]! < xs[2]!;
    })
    .toBe(true);

  // The JSON view is the compiled json-rules-engine rules, in step with the canvas.
  await page.getByRole("tab", { name: "JSON" }).click();
  await expect(page.getByTestId("compiled-rules")).toContainText("1 json-rules-engine rule");
  await expect.poll(() => editorText(page, "compiled-rules-editor"), { timeout: 15_000 }).toContain('"operator": "in"');
  expect(await editorText(page, "compiled-rules-editor")).toContain('"DE"');
  await page.screenshot({ path: `${SCREENS}/designer-json.png` });

  // Autosave, then a reload shows the same graph.
  await expect(status(page)).toHaveText(/^All changes saved/, { timeout: 15_000 });
  await page.reload();
  await expect(nodes(page)).toHaveCount(3);
  await expect(page.locator('[data-kind="condition"]')).toContainText("EU destination");

  // Undo / redo with the keyboard.
  await page.locator(`.react-flow__node[data-id="${hold}"]`).click();
  await page.keyboard.press("Delete");
  await expect(nodes(page)).toHaveCount(2);
  await page.keyboard.press(`${MOD}+Z`);
  await expect(nodes(page)).toHaveCount(3);
  await expect(page.locator(".react-flow__edge")).toHaveCount(2);
  await page.keyboard.press(`${MOD}+Shift+Z`);
  await expect(nodes(page)).toHaveCount(2);
  await page.keyboard.press(`${MOD}+Z`);
  await expect(nodes(page)).toHaveCount(3);

  // Copy and paste a node: a copy with its settings, under a new id.
  await page.locator(`.react-flow__node[data-id="${cond}"]`).click();
  await page.keyboard.press(`${MOD}+C`);
  await page.keyboard.press(`${MOD}+V`);
  await expect(page.locator('[data-kind="condition"]')).toHaveCount(2);
  await expect(page.locator('[data-kind="condition"]').nth(1)).toContainText("EU destination");
  await page.keyboard.press(`${MOD}+Z`);
  await expect(page.locator('[data-kind="condition"]')).toHaveCount(1);
  await expect(status(page)).toHaveText(/^All changes saved/, { timeout: 15_000 });

  // Freeze this graph as a version with a note; the history keeps it.
  await page.getByRole("button", { name: "Save version…" }).click();
  const freeze = page.getByRole("dialog", { name: "Save as a version" });
  await freeze.getByRole("button", { name: "Save v1" }).click();
  await expect(freeze.locator(".field .error")).toContainText("say what changed");
  await freeze.getByLabel("What changed").fill("EU orders held for customs check");
  await freeze.getByRole("button", { name: "Save v1" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved v1 as a version" })).toBeVisible();
  await expect(page.locator(".designer-meta")).toContainText("v1 (validated)");

  // Someone else saves the same draft from another tab…
  const other = await context.newPage();
  await other.goto(page.url());
  await other.getByRole("complementary", { name: "Add a node" }).getByRole("button", { name: "Flag", exact: true }).click();
  await expect(status(other)).toHaveText(/^All changes saved/, { timeout: 15_000 });
  await other.close();
  // …so our next autosave is refused and both versions are shown side by side.
  await palette.getByRole("button", { name: "Add tag", exact: true }).click();
  const conflict = page.getByRole("dialog", { name: "Someone else saved this draft" });
  await expect(conflict).toBeVisible({ timeout: 15_000 });
  await expect(conflict.getByRole("list", { name: "Differences" })).toContainText("Only in yours: Add tag");
  await expect(conflict.getByRole("list", { name: "Differences" })).toContainText("Only in theirs: Flag");
  await page.screenshot({ path: `${SCREENS}/designer-conflict.png` });
  await conflict.getByRole("button", { name: "Load theirs (discard mine)" }).click();
  await expect(page.locator('[data-kind="flag"]')).toBeVisible();
  await expect(page.locator('[data-kind="addTag"]')).toHaveCount(0);
  await expect(status(page)).toHaveText(/All changes saved/);

  // Import json-rules-engine rules: schema markers first, then a decompiled graph.
  await page.getByRole("button", { name: "Import rules…" }).click();
  const imp = page.getByRole("dialog", { name: "Import rules" });
  await typeInto(page, "import-rules-editor", JSON.stringify([{ conditions: { all: [{ fact: "country", value: "US" }] }, event: { type: "hold" } }], null, 2));
  await expect(imp.getByTestId("json-markers")).toBeVisible({ timeout: 15_000 });
  await expect(imp.getByRole("button", { name: "Replace canvas" })).toBeDisabled();
  const rules = [
    { conditions: { all: [{ fact: "cancellationRequested", operator: "equal", value: true }] }, event: { type: "intercept", params: { reason: "Buyer cancelled" } }, priority: 50 },
    { conditions: { any: [{ fact: "addressValid", operator: "equal", value: false }, { fact: "country", operator: "in", value: ["RU", "BY"] }] }, event: { type: "hold", params: { reason: "Check address" } } },
  ];
  await typeInto(page, "import-rules-editor", JSON.stringify(rules, null, 2));
  await expect(imp.getByTestId("json-markers")).toHaveCount(0, { timeout: 15_000 });
  await imp.getByRole("button", { name: "Decompile" }).click();
  await imp.getByRole("button", { name: "Replace canvas" }).click();
  await expect(page.locator('[data-kind="intercept"]')).toContainText("Buyer cancelled");
  await expect(page.locator('[data-kind="hold"]')).toContainText("Check address");
  await expectNoProblems(page);
  await page.screenshot({ path: `${SCREENS}/designer-imported.png` });
  // One undo brings the previous graph back.
  await page.locator(".react-flow__pane").click({ position: { x: 10, y: 10 } });
  await page.keyboard.press(`${MOD}+Z`);
  await expect(page.locator('[data-kind="flag"]')).toBeVisible();
  await expect(page.locator('[data-kind="intercept"]')).toHaveCount(0);

  // The history lists the frozen version with its note, and the draft that followed.
  await page.getByRole("link", { name: "History" }).click();
  await expect(page.getByTestId("version-1")).toContainText("validated");
  await expect(page.getByTestId("version-1")).toContainText("EU orders held for customs check");
  await expect(page.getByTestId("version-2")).toContainText("draft");

  await page.goto("/rulesets");
  const row = page.getByRole("region", { name: "Order review" }).locator("tr", { hasText: name });
  await expect(row).toContainText("draft");
  await context.close();
});

test("a designer declares customs with HS codes from the SKU master data and sees the declaration in the Test panel", async ({ browser }) => {
  const { context, page } = await designerPage(browser);
  const name = `E2E customs ${Date.now()}`;
  await newRuleset(page, name, { stage: "autoProcessing", hitPolicy: "all" });

  const palette = page.getByRole("complementary", { name: "Add a node" });
  await palette.getByRole("button", { name: "Customs declaration", exact: true }).click();
  const inspector = page.getByLabel("Inspector: Customs declaration");
  await expect(page.locator('[data-kind="customsDeclaration"]')).toContainText("Declare 30% of the order value, at most 20");
  // A bad fallback HS code is a field problem in words; a good one is kept as digits.
  await inspector.getByLabel("HS code when the SKU has none").fill("94-05");
  await expect(inspector.getByText("an HS code has 6 to 10 digits")).toBeVisible();
  await inspector.getByLabel("HS code when the SKU has none").fill("9405.42");
  await inspector.getByLabel("Share of the order value (%)").fill("50");
  await expect(page.locator('[data-kind="customsDeclaration"]')).toContainText("Declare 50% of the order value, at most 20");
  await connect(page, "start", "next", await nodeIdOf(page, "customsDeclaration"));
  await expectNoProblems(page);

  // An order from history: its paired lines carry their SKUs' HS codes.
  await page.getByRole("tab", { name: "Test" }).click();
  await page.getByLabel("Search orders").fill("#14");
  const first = page.getByRole("list", { name: "Orders" }).getByRole("button").first();
  await expect(first).toContainText("#14");
  await first.click();
  await page.getByRole("button", { name: "Evaluate draft" }).click();
  const decision = page.getByRole("region", { name: "Test result" }).getByTestId("decision");
  await expect(decision).toContainText("Customs value");
  await expect(decision).toContainText(/\d+\.\d\d [A-Z]{3} \(share of the order value/);
  await expect(decision).toContainText("HS codes");
  await page.screenshot({ path: `${SCREENS}/designer-customs.png` });
  await context.close();
});

test("a designer builds a 20-row channel table by pasting from a spreadsheet, tests an order, sees the row that matched, exports and re-imports it", async ({ browser }) => {
  const { context, page } = await designerPage(browser);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const name = `E2E channel table ${Date.now()}`;
  await newRuleset(page, name, { stage: "logisticsMatching", hitPolicy: "first" });
  await page.getByRole("complementary", { name: "Add a node" }).getByRole("button", { name: "Decision table", exact: true }).click();
  const tableId = await nodeIdOf(page, "decisionTable");
  await connect(page, "start", "next", tableId);
  await page.getByTestId("open-table-editor").click();
  const editor = page.getByTestId("table-editor");
  const grid = editor.getByTestId("table-grid");

  // Twenty rows as a spreadsheet copies them: tab-separated, CRLF, channels by name.
  const rows: [string, string, string, string][] = [
    ["DE, FR, NL", "0–0.5", "no", "DHL Paket (from Hamburg)"],
    ["DE, FR, NL", "0.5–2", "no", "DHL Paket (from Hamburg)"],
    ["DE, FR, NL", "2–30", "no", "DHL Paket (from Hamburg)"],
    ["US", "0–0.5", "no", "USPS Ground Advantage (from LA)"],
    ["US", "0.5–2", "no", "USPS Ground Advantage (from LA)"],
    ["US", "2–30", "no", "USPS Ground Advantage (from LA)"],
    ["US", "0–2", "yes", "YunExpress Battery Line"],
    ["GB, CA, AU", "0–0.5", "no", "4PX Global Express Standard"],
    ["GB, CA, AU", "0.5–2", "no", "4PX Global Express Standard"],
    ["GB, CA, AU", "2–20", "no", "4PX Global Express Standard"],
    ["GB, CA, AU", "0–2", "yes", "YunExpress Battery Line"],
    ["JP, KR", "0–0.5", "no", "YunExpress Global Direct"],
    ["JP, KR", "0.5–2", "no", "YunExpress Global Direct"],
    ["JP, KR", "2–30", "no", "YunExpress Global Direct"],
    ["MX, BR", "0–2", "no", "YunExpress Global Direct"],
    ["MX, BR", "2–30", "no", "YunExpress Global Direct"],
    ["IL, SA", "0–30", "no", "YunExpress Global Direct"],
    ["ES, IT", "0–2", "yes", "4PX Global Express Standard"],
    ["ES, IT", "0–20", "no", "4PX Global Express Standard"],
    ["", "0–2", "no", "China Post Registered Air Mail"],
  ];
  await editor.getByTestId("cell-0-country").click();
  await page.evaluate((t) => navigator.clipboard.writeText(t), rows.map((r) => r.join("\t")).join("\r\n") + "\r\n");
  await page.keyboard.press(`${MOD}+V`);
  await expect(editor.getByTestId("table-status")).toContainText("Pasted 20 rows (19 added)");
  await expect(editor).toContainText("20 rows · 3 conditions · 1 action");
  await expect(editor.getByTestId("cell-4-channel")).toHaveText("USPS Ground Advantage (from LA)");
  await expect(editor.getByTestId("cell-19-country")).toHaveText("any");

  // Type to edit: a weight that does not read is kept and shown as a problem at the cell, then fixed.
  await editor.getByTestId("cell-19-weight").click();
  await page.keyboard.press("h");
  await expect(editor.getByTestId("cell-input")).toBeFocused();
  await page.keyboard.type("eavy");
  await page.keyboard.press("Enter");
  await expect(editor.getByTestId("cell-19-weight")).toHaveClass(/has-problem/);
  await expect(editor.getByTestId("table-status")).toContainText('Row 20, Chargeable weight: "heavy"');
  await page.keyboard.press("Enter");
  await page.keyboard.press(`${MOD}+A`);
  await page.keyboard.press("Delete");
  await page.keyboard.type("0–2 kg");
  await page.keyboard.press("Enter");
  await expect(editor.getByTestId("cell-19-weight")).not.toHaveClass(/has-problem/);
  // Keyboard navigation: up two rows, left to the country column.
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowLeft");
  await expect(editor.getByTestId("table-status")).toContainText("Row 18");
  await expect(editor.getByTestId("cell-17-country")).toHaveClass(/focused/);
  await page.screenshot({ path: `${SCREENS}/decision-table-pasted.png` });
  // A column on a fact with a parameter gets the parameter's picker; deleting the column takes its cells.
  await editor.getByTestId("table-add-condition").click();
  await editor.getByTestId("table-col-c1").click();
  const panel = editor.getByTestId("table-column-panel");
  await panel.getByLabel("Column fact").selectOption({ label: "In stock at warehouse" });
  await expect(panel.getByLabel("Column operator")).toHaveValue("equal");
  await expect(panel.getByLabel("Warehouse")).toBeVisible();
  await panel.getByRole("button", { name: "Delete column" }).click();
  await expect(editor).toContainText("20 rows · 3 conditions · 1 action");
  await editor.getByTestId("table-editor-close").click();
  await expectNoProblems(page);

  // A US order of 850 g without a battery: row 5 decides; rows 1–3 fail at the country, row 4 at the weight.
  await page.getByRole("tab", { name: "Test" }).click();
  await page.getByText("Sample JSON", { exact: true }).click();
  await page.getByRole("button", { name: "Evaluate draft" }).click();
  const result = page.getByRole("region", { name: "Test result" });
  await expect(result.getByTestId("decision")).toContainText("USPS Ground Advantage");
  await expect(result.getByRole("list", { name: "Rules evaluated" })).toContainText("Decision table · Row 5");
  await expect(page.locator(`[data-id="${tableId}"]`)).toContainText("Row 5 decided");
  await page.getByRole("tab", { name: "Inspector" }).click();
  await page.locator(`[data-id="${tableId}"]`).click();
  await page.getByTestId("open-table-editor").click();
  await expect(editor.getByTestId("table-row-4")).toHaveClass(/row-fired/);
  await expect(editor.getByTestId("cell-3-weight")).toHaveClass(/first-fail/);
  await expect(editor.getByTestId("cell-3-weight")).toHaveAttribute("title", "First failing cell: actual 0.85 kg, expected 0–0.5 kg");
  await expect(editor.getByTestId("cell-0-country")).toHaveClass(/first-fail/);
  await editor.getByTestId("cell-3-weight").click();
  await expect(editor.getByTestId("table-status")).toContainText("no match at Chargeable weight is between (inclusive) (kg): actual 0.85 kg, expected 0–0.5 kg");
  await page.screenshot({ path: `${SCREENS}/decision-table-trace.png` });

  // Export to Excel and CSV, delete five rows, import the Excel file: the twenty rows are back; Undo goes back to fifteen.
  const [xlsx] = await Promise.all([page.waitForEvent("download"), editor.getByTestId("table-export-xlsx").click()]);
  const xlsxPath = `${SCREENS}/channel-table.xlsx`;
  await xlsx.saveAs(xlsxPath);
  const [csv] = await Promise.all([page.waitForEvent("download"), editor.getByTestId("table-export-csv").click()]);
  const csvText = (await import("node:fs")).readFileSync(await csv.path(), "utf8");
  expect(csvText.split("\r\n")[0]).toBe("\uFEFFSwitchyard decision table,hit policy,first,priority,100");
  expect(csvText).toContain('"GB, CA, AU"');
  await editor.getByTestId("table-row-0").getByRole("rowheader").click();
  await editor.getByTestId("table-row-4").getByRole("rowheader").click({ modifiers: ["Shift"] });
  await editor.getByRole("button", { name: "Delete 5 rows" }).click();
  await expect(editor).toContainText("15 rows · 3 conditions");
  await editor.getByTestId("table-import-file").setInputFiles(xlsxPath);
  await expect(editor.getByTestId("table-file-message")).toContainText("Imported 20 rows and 4 columns from channel-table.xlsx");
  await expect(editor).toContainText("20 rows · 3 conditions");
  await expect(editor.getByTestId("cell-4-channel")).toHaveText("USPS Ground Advantage (from LA)");
  await grid.focus();
  await page.keyboard.press(`${MOD}+Z`);
  await expect(editor).toContainText("15 rows · 3 conditions");
  await page.keyboard.press(`${MOD}+Y`);
  await expect(editor).toContainText("20 rows · 3 conditions");
  await editor.getByTestId("table-editor-close").click();

  // json-rules-engine rules that share their facts and actions are offered as one table when imported.
  await page.getByRole("button", { name: "Import rules…" }).click();
  const imp = page.getByRole("dialog", { name: "Import rules" });
  const jre = [
    { name: "EU light", priority: 30, conditions: { all: [{ fact: "country", operator: "in", value: ["DE", "FR"] }, { fact: "chargeableWeightGrams", operator: "lessThanInclusive", value: 500 }] }, event: { type: "addTag", params: { tag: "eu-light" } } },
    { name: "EU", priority: 20, conditions: { all: [{ fact: "country", operator: "in", value: ["DE", "FR", "IT"] }] }, event: { type: "addTag", params: { tag: "eu" } } },
    { name: "Heavy", priority: 10, conditions: { all: [{ fact: "chargeableWeightGrams", operator: "lessThanInclusive", value: 30000 }] }, event: { type: "addTag", params: { tag: "parcel" } } },
  ];
  await typeInto(page, "import-rules-editor", JSON.stringify(jre, null, 2));
  await expect(imp.getByTestId("json-markers")).toHaveCount(0, { timeout: 15_000 });
  await imp.getByRole("button", { name: "Decompile" }).click();
  await expect(imp.getByText("import them as one decision table (3 rows × 3 columns)")).toBeVisible();
  await imp.getByTestId("import-as-table").check();
  await page.screenshot({ path: `${SCREENS}/decision-table-import-offer.png` });
  await imp.getByRole("button", { name: "Replace canvas" }).click();
  await expect(page.locator('[data-kind="decisionTable"]')).toContainText("3 rows · first match · Destination country, Chargeable weight → Add tag");
  await expectNoProblems(page);
  await context.close();
});
