import { expect, type Page, test } from "@playwright/test";
import { signIn } from "./support";

const DEMO = { email: "demo@switchyard.dev", password: "switchyard-demo" };
const VIEWER = { email: "viewer@switchyard.dev", password: DEMO.password };
const SCREENS = "test-results/e2e/screens";

/** Sign-in is rate-limited per address: each test signs in once. */

const rows = (page: Page) => page.locator("table.data tbody tr");

test("the owner sees the demo merchant's stores, channels, SKUs, pairings and stock", async ({ page }) => {
  await signIn(page, DEMO);

  await page.goto("/stores");
  await expect(page.getByRole("heading", { name: "Stores" })).toBeVisible();
  await expect(rows(page)).toHaveCount(4);
  await expect(page.locator(".pager")).toContainText("4 items");
  for (const name of ["Temu US", "TikTok Shop US", "AliExpress", "Shopify"]) await expect(page.locator("table.data")).toContainText(name);
  await expect(page.getByRole("button", { name: "New store" })).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/stores-owner.png`, fullPage: true });

  await page.goto("/channels");
  await expect(page.getByRole("heading", { name: "Logistics channels" })).toBeVisible();
  for (const code of ["YUN-GD", "USPS-GA", "DHL-PAKET"]) await expect(page.locator("table.data")).toContainText(code);
  await expect(rows(page).filter({ hasText: "CP-RAM" })).toContainText("All countries");
  await page.screenshot({ path: `${SCREENS}/channels-owner.png`, fullPage: true });

  await page.goto("/skus");
  await expect(page.getByRole("heading", { name: "SKUs & pairings" })).toBeVisible();
  await expect(rows(page).first()).toBeVisible();
  const skuTotal = Number((await page.locator(".pager span").first().innerText()).replace(/[^\d]/g, ""));
  expect(skuTotal).toBeGreaterThanOrEqual(150);
  expect(skuTotal).toBeLessThanOrEqual(250);
  await page.screenshot({ path: `${SCREENS}/skus-owner.png` });

  await page.getByRole("tab", { name: "Store pairings" }).click();
  await expect(page).toHaveURL(/tab=pairings/);
  await expect(page.locator("table.data tr.group-row").first()).toBeVisible();
  await expect(page.getByRole("button", { name: "New pairing" })).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/pairings-owner.png` });

  await page.goto("/inventory");
  await expect(page.getByRole("heading", { name: "Inventory" })).toBeVisible();
  await expect(rows(page).first()).toBeVisible();
  await page.getByRole("tab", { name: /Low stock/ }).click();
  await expect(page).toHaveURL(/tab=low/);
  // Either rows under their threshold with a red/amber badge, or a clear empty state.
  await expect(page.locator("table.data tbody tr .badge.red, table.data tbody tr .badge.amber, .empty").first()).toBeVisible();
  if ((await page.locator(".empty").count()) > 0) await expect(page.locator(".empty")).toContainText("Nothing is low on stock");
  else await expect(rows(page).first().locator(".badge.red, .badge.amber")).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/low-stock-owner.png` });
});

test("the owner adds a channel, fixing a bad rate card first, and edits a stock quantity", async ({ page }) => {
  await signIn(page, DEMO);

  await page.goto("/channels");
  await page.getByRole("button", { name: "New channel" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Code", { exact: true }).fill("E2E-EXPRESS");
  await dialog.getByLabel("Name", { exact: true }).fill("E2E Express Line");
  await dialog.getByLabel("Carrier", { exact: true }).fill("E2E Logistics");
  await dialog.getByText("SZ-01", { exact: true }).click();
  await dialog.getByLabel("Destination countries").fill("US, CA");
  await dialog.getByLabel("Max weight").fill("2");
  await dialog.getByRole("button", { name: "+ Add zone" }).click();
  await dialog.getByLabel("Zone 1 code").fill("NA");
  await dialog.getByLabel("Zone 1 countries").fill("US CA");
  await dialog.getByRole("button", { name: "+ Add band" }).click();
  await dialog.getByLabel("Band 1 up to grams").fill("0");
  await dialog.getByLabel("Band 1 fixed").fill("4.2");
  await dialog.getByLabel("Band 1 per kg").fill("9.5");
  await dialog.getByRole("button", { name: "Save", exact: true }).click();

  // The server's error for rateCard.bands.0.upToGrams shows under that cell; nothing typed is lost.
  await expect(dialog.locator(".cell-error")).toContainText("Must be more than 0");
  await expect(dialog.getByLabel("Band 1 up to grams")).toHaveAttribute("aria-invalid", "true");
  await expect(dialog.getByLabel("Code", { exact: true })).toHaveValue("E2E-EXPRESS");
  await expect(dialog.getByLabel("Zone 1 countries")).toHaveValue("US CA");
  await page.screenshot({ path: `${SCREENS}/channel-rate-card-error.png` });

  await dialog.getByLabel("Band 1 up to grams").fill("2000");
  await expect(dialog.locator(".cell-error")).toHaveCount(0);
  // The preview prices a parcel in the browser: 4.20 + 9.50 × 0.5 kg.
  await dialog.getByLabel("Preview weight in grams").fill("500");
  await expect(dialog.getByTestId("preview-price")).toContainText("8.95");
  await page.screenshot({ path: `${SCREENS}/channel-rate-card-preview.png` });
  await dialog.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  const created = rows(page).filter({ hasText: "E2E-EXPRESS" });
  await expect(created).toContainText("2 kg");
  await expect(created).toContainText("US, CA");
  await expect(created).toContainText("SZ-01");

  await page.goto("/inventory");
  await page.getByLabel("Warehouse").selectOption({ label: "SZ-01 — Shenzhen Longhua warehouse" });
  await page.getByLabel("Search by SKU").fill("LL-BAG-BLK");
  await expect(rows(page)).toHaveCount(1);
  await rows(page).getByRole("button", { name: "Edit" }).click();
  await page.getByLabel("Quantity").fill("4321");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(rows(page)).toContainText("4,321");
  await page.screenshot({ path: `${SCREENS}/inventory-edited.png` });
});

test("a viewer reads master data without any edit control", async ({ page }) => {
  await signIn(page, VIEWER);
  const noEditControls = async () => {
    // The screen knows the member's role once `me` has loaded; only then is "no edit control" meaningful.
    await expect(page.locator('.page-head[data-role="viewer"]')).toBeVisible();
    for (const name of ["New store", "New channel", "New SKU", "New pairing", "Set stock", "Edit"]) await expect(page.getByRole("button", { name, exact: true })).toHaveCount(0);
    await rows(page).first().click();
    await expect(page.getByRole("dialog")).toHaveCount(0);
  };

  await page.goto("/stores");
  await expect(rows(page)).toHaveCount(4);
  await noEditControls();

  await page.goto("/channels");
  await expect(page.locator("table.data")).toContainText("YUN-GD");
  await noEditControls();
  await page.screenshot({ path: `${SCREENS}/channels-viewer.png` });

  await page.goto("/skus");
  await expect(rows(page).first()).toBeVisible();
  await noEditControls();
  await page.getByRole("tab", { name: "Store pairings" }).click();
  await expect(page.locator("table.data tr.group-row").first()).toBeVisible();
  await noEditControls();

  await page.goto("/inventory");
  await expect(rows(page).first()).toBeVisible();
  await noEditControls();
  await page.screenshot({ path: `${SCREENS}/inventory-viewer.png` });
});
