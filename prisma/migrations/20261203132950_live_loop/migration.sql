-- DropIndex
DROP INDEX "routing_decisions_organizationId_createdAt_idx";

-- AlterTable
ALTER TABLE "routing_decisions" ADD COLUMN     "buyerId" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "channelId" TEXT,
ADD COLUMN     "contextHash" TEXT,
ADD COLUMN     "country" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "decideUs" INTEGER,
ADD COLUMN     "facetsVersion" SMALLINT,
ADD COLUMN     "holdReasons" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "input" JSONB,
ADD COLUMN     "placedAt" TIMESTAMPTZ(3),
ADD COLUMN     "platform" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "replayCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "ruleKeys" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "shipByDeadline" TIMESTAMPTZ(3),
ADD COLUMN     "split" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "status" TEXT NOT NULL DEFAULT 'undecided',
ADD COLUMN     "storeId" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "versionKeys" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "warehouseId" TEXT;

-- CreateTable
CREATE TABLE "router_contexts" (
    "organizationId" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "context" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "router_contexts_pkey" PRIMARY KEY ("organizationId","hash")
);

-- CreateTable
CREATE TABLE "decision_rule_hits" (
    "organizationId" TEXT NOT NULL,
    "rulesetId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "ruleName" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "hits" INTEGER NOT NULL,
    "lastAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "decision_rule_hits_pkey" PRIMARY KEY ("organizationId","rulesetId","version","ruleName","hour")
);

-- CreateTable
CREATE TABLE "decision_outcome_rollups" (
    "organizationId" TEXT NOT NULL,
    "versionKey" TEXT NOT NULL,
    "dimension" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "decision_outcome_rollups_pkey" PRIMARY KEY ("organizationId","versionKey","dimension","hour","value")
);

-- CreateTable
CREATE TABLE "router_metric_rollups" (
    "organizationId" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "bucket" INTEGER NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "router_metric_rollups_pkey" PRIMARY KEY ("organizationId","metric","hour","bucket")
);

-- CreateIndex
CREATE INDEX "decision_rule_hits_organizationId_hour_idx" ON "decision_rule_hits"("organizationId", "hour");

-- CreateIndex
CREATE INDEX "decision_outcome_rollups_organizationId_dimension_hour_idx" ON "decision_outcome_rollups"("organizationId", "dimension", "hour");

-- CreateIndex
CREATE INDEX "orders_organizationId_externalId_idx" ON "orders"("organizationId", "externalId");

-- CreateIndex
CREATE INDEX "routing_decisions_organizationId_createdAt_id_idx" ON "routing_decisions"("organizationId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "routing_decisions_organizationId_status_createdAt_id_idx" ON "routing_decisions"("organizationId", "status", "createdAt", "id");

-- CreateIndex
CREATE INDEX "routing_decisions_organizationId_storeId_createdAt_id_idx" ON "routing_decisions"("organizationId", "storeId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "routing_decisions_organizationId_externalId_idx" ON "routing_decisions"("organizationId", "externalId");

-- CreateIndex
CREATE INDEX "routing_decisions_organizationId_buyerId_createdAt_idx" ON "routing_decisions"("organizationId", "buyerId", "createdAt");

-- CreateIndex
CREATE INDEX "routing_decisions_ruleKeys_idx" ON "routing_decisions" USING GIN ("ruleKeys");

-- CreateIndex
CREATE INDEX "routing_decisions_versionKeys_idx" ON "routing_decisions" USING GIN ("versionKeys");

-- AddForeignKey
ALTER TABLE "router_contexts" ADD CONSTRAINT "router_contexts_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "decision_rule_hits" ADD CONSTRAINT "decision_rule_hits_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "decision_outcome_rollups" ADD CONSTRAINT "decision_outcome_rollups_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "router_metric_rollups" ADD CONSTRAINT "router_metric_rollups_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
