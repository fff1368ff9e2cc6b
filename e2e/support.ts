import { type APIRequestContext, type Browser, type BrowserContext, type Page, expect } from "@playwright/test";

/** Creates an empty ruleset from the Rulesets screen and waits for the designer to open it. */
export async function newRuleset(page: Page, name: string, options: { stage?: string; hitPolicy?: "first" | "all" } = {}) {
  await page.goto("/rulesets");
  await page.getByRole("button", { name: "New ruleset" }).click();
  const dialog = page.getByRole("dialog", { name: "New ruleset" });
  await dialog.getByLabel("Name").fill(name);
  if (options.stage) await dialog.getByLabel("Stage").selectOption(options.stage);
  if (options.hitPolicy) await dialog.getByLabel("Hit policy").selectOption(options.hitPolicy);
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible({ timeout: 20_000 });
}

/** Creates a ruleset from the "US orders from Los Angeles" template, opens it in the designer and returns its id. */
export async function rulesetFromTemplate(page: Page, name: string) {
  await page.goto("/rulesets");
  await page.getByRole("button", { name: "New ruleset" }).click();
  const dialog = page.getByRole("dialog", { name: "New ruleset" });
  await dialog.getByRole("radio", { name: "US orders from Los Angeles" }).check();
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/\/rulesets\/[^/]+$/);
  await expect(page.locator(".react-flow__node")).toHaveCount(4, { timeout: 20_000 });
  return page.url().split("/rulesets/")[1]!;
}

export interface Account {
  email: string;
  password: string;
}
export type Storage = Awaited<ReturnType<BrowserContext["storageState"]>>;

/**
 * Sessions signed in so far in this worker, by email. Sign-in is rate-limited per address (20 a minute in
 * production), and the whole suite runs in one worker from one address: a session is reused by later
 * tests and files while the server still accepts it (a test that signs out ends it; then it signs in again).
 */
const sessions = new Map<string, Storage>();

/** Whether `page`'s context holds a session the server accepts (the app opens instead of the sign-in page). */
async function sessionWorks(page: Page): Promise<boolean> {
  await page.goto("/rulesets");
  return /\/rulesets$/.test(page.url());
}

/** Signs `page` in (the first sign-in after the server starts can take a while: password hashing, cold routes). */
export async function signIn(page: Page, who: Account) {
  const known = sessions.get(who.email);
  if (known) {
    await page.context().clearCookies();
    await page.context().addCookies(known.cookies);
    if (await sessionWorks(page)) return;
    sessions.delete(who.email);
    await page.context().clearCookies();
  }
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/rulesets$/, { timeout: 20_000 });
  sessions.set(who.email, await page.context().storageState());
}

/** A signed-in session of `who` to share between contexts (signed in once in a context of its own, or reused). */
export async function signedInState(browser: Browser, who: Account): Promise<Storage> {
  const context = await browser.newContext();
  await signIn(await context.newPage(), who);
  const state = await context.storageState();
  await context.close();
  return state;
}

/** Calls a tRPC procedure over HTTP as whoever the request context is signed in as (superjson envelope). */
export async function trpc<T>(request: APIRequestContext, path: string, input: unknown, kind: "query" | "mutation" = "mutation"): Promise<T> {
  const res =
    kind === "mutation"
      ? await request.post(`/api/trpc/${path}`, { data: { json: input } })
      : await request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
  const body = (await res.json()) as { result?: { data: { json: T } }; error?: { json: { message: string } } };
  if (!res.ok() || !body.result) throw new Error(`${path} failed (${res.status()}): ${body.error?.json.message ?? JSON.stringify(body)}`);
  return body.result.data.json;
}
