import { z } from "zod";
import { authedProcedure, router } from "./init";
import { warehouseRouter } from "./routers/warehouse-router";
import { apiKeyRouter } from "./routers/api-key-router";
import { auditRouter } from "./routers/audit-router";
import { channelRouter } from "./routers/channel-router";
import { inventoryRouter } from "./routers/inventory-router";
import { memberRouter } from "./routers/member-router";
import { pairingRouter } from "./routers/pairing-router";
import { skuRouter } from "./routers/sku-router";
import { storeRouter } from "./routers/store-router";
import { importRouter } from "./routers/import-router";
import { rulesetRouter } from "./routers/ruleset-router";
import { orderRouter } from "./routers/order-router";
import { simulationRouter } from "./routers/simulation-router";
import { publishRouter } from "./routers/publish-router";
import { settingsRouter } from "./routers/settings-router";
import { testSuiteRouter } from "./routers/test-suite-router";
import { liveRouter } from "./routers/live-router";
import { shadowRouter } from "./routers/shadow-router";

const ZMe = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string() }),
  membership: z.object({ organizationId: z.string(), organizationName: z.string(), role: z.string() }).nullable(),
  memberships: z.array(z.object({ organizationId: z.string(), organizationName: z.string(), role: z.string() })),
});

export const appRouter = router({
  me: authedProcedure.output(ZMe).query(({ ctx }) => ({ user: ctx.user, membership: ctx.membership, memberships: ctx.memberships })),
  warehouses: warehouseRouter,
  stores: storeRouter,
  channels: channelRouter,
  skus: skuRouter,
  pairings: pairingRouter,
  inventory: inventoryRouter,
  members: memberRouter,
  apiKeys: apiKeyRouter,
  audit: auditRouter,
  imports: importRouter,
  rulesets: rulesetRouter,
  orders: orderRouter,
  simulations: simulationRouter,
  publishing: publishRouter,
  testSuites: testSuiteRouter,
  settings: settingsRouter,
  live: liveRouter,
  shadows: shadowRouter,
});
export type AppRouter = typeof appRouter;
