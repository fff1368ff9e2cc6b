-- CreateTable
CREATE TABLE "publish_requests" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "rulesetId" TEXT NOT NULL,
    "versionNumber" INTEGER NOT NULL,
    "versionHash" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'publish',
    "status" TEXT NOT NULL DEFAULT 'pending',
    "simulationId" TEXT,
    "overrideReason" TEXT,
    "note" TEXT NOT NULL DEFAULT '',
    "requestedById" TEXT,
    "requestedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedById" TEXT,
    "decidedAt" TIMESTAMPTZ(3),
    "decisionNote" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "publish_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "routing_decisions" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "externalId" TEXT NOT NULL DEFAULT '',
    "apiKeyId" TEXT,
    "versions" JSONB NOT NULL,
    "decision" JSONB NOT NULL,
    "trace" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "routing_decisions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "idempotency_records" (
    "organizationId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "response" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_records_pkey" PRIMARY KEY ("organizationId","key")
);

-- CreateIndex
CREATE INDEX "publish_requests_organizationId_status_requestedAt_idx" ON "publish_requests"("organizationId", "status", "requestedAt");

-- CreateIndex
CREATE INDEX "publish_requests_rulesetId_requestedAt_idx" ON "publish_requests"("rulesetId", "requestedAt");

-- CreateIndex
CREATE INDEX "routing_decisions_organizationId_orderId_createdAt_idx" ON "routing_decisions"("organizationId", "orderId", "createdAt");

-- CreateIndex
CREATE INDEX "routing_decisions_organizationId_createdAt_idx" ON "routing_decisions"("organizationId", "createdAt");

-- CreateIndex
CREATE INDEX "idempotency_records_createdAt_idx" ON "idempotency_records"("createdAt");

-- AddForeignKey
ALTER TABLE "publish_requests" ADD CONSTRAINT "publish_requests_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "routing_decisions" ADD CONSTRAINT "routing_decisions_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "idempotency_records" ADD CONSTRAINT "idempotency_records_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
