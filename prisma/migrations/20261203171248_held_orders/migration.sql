-- CreateTable
CREATE TABLE "held_orders" (
    "organizationId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "decisionId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "waiting" BOOLEAN NOT NULL,
    "status" TEXT NOT NULL,
    "reasons" TEXT[],
    "externalId" TEXT NOT NULL DEFAULT '',
    "storeId" TEXT NOT NULL DEFAULT '',
    "platform" TEXT NOT NULL DEFAULT '',
    "country" TEXT NOT NULL DEFAULT '',
    "shipByDeadline" TIMESTAMPTZ(3),

    CONSTRAINT "held_orders_pkey" PRIMARY KEY ("organizationId","orderId")
);

-- CreateIndex
CREATE INDEX "held_orders_organizationId_waiting_createdAt_idx" ON "held_orders"("organizationId", "waiting", "createdAt");

-- CreateIndex
CREATE INDEX "held_orders_organizationId_waiting_shipByDeadline_createdAt_idx" ON "held_orders"("organizationId", "waiting", "shipByDeadline", "createdAt", "decisionId");

-- AddForeignKey
ALTER TABLE "held_orders" ADD CONSTRAINT "held_orders_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Fill the queue from the decisions stored so far: every order whose latest decision held or intercepted it.
INSERT INTO "held_orders" ("organizationId", "orderId", "decisionId", "createdAt", "waiting", "status", "reasons", "externalId", "storeId", "platform", "country", "shipByDeadline")
SELECT "organizationId", "orderId", "id", "createdAt", true, "status",
       CASE WHEN "status" = 'intercepted' THEN ARRAY[coalesce("decision"->'decision'->'intercept'->>'reason', '')] ELSE "holdReasons" END,
       "externalId", "storeId", "platform", "country", "shipByDeadline"
FROM (
  SELECT DISTINCT ON ("organizationId", "orderId") *
  FROM "routing_decisions"
  ORDER BY "organizationId", "orderId", "createdAt" DESC, "id" DESC
) latest
WHERE "status" IN ('held', 'intercepted');
