-- CreateEnum
CREATE TYPE "SimulationStatus" AS ENUM ('queued', 'running', 'completed', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "SimulationChunkStatus" AS ENUM ('pending', 'running', 'done', 'failed');

-- CreateTable
CREATE TABLE "simulations" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "rulesetId" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "stage" "RulesetStage" NOT NULL,
    "candidateNumber" INTEGER NOT NULL,
    "candidateHash" TEXT NOT NULL,
    "candidateLabel" TEXT NOT NULL,
    "candidateGraph" JSONB NOT NULL,
    "baselineNumber" INTEGER,
    "baselineHash" TEXT,
    "baselineLabel" TEXT NOT NULL,
    "plan" JSONB NOT NULL,
    "context" JSONB NOT NULL,
    "source" JSONB NOT NULL,
    "status" "SimulationStatus" NOT NULL DEFAULT 'queued',
    "runner" TEXT NOT NULL,
    "total" INTEGER NOT NULL DEFAULT 0,
    "done" INTEGER NOT NULL DEFAULT 0,
    "changed" INTEGER NOT NULL DEFAULT 0,
    "chunkCount" INTEGER NOT NULL DEFAULT 0,
    "chunksDone" INTEGER NOT NULL DEFAULT 0,
    "totals" JSONB,
    "error" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "simulations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "simulation_chunks" (
    "simulationId" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "fromKey" TEXT NOT NULL,
    "toKey" TEXT NOT NULL,
    "orders" INTEGER NOT NULL,
    "status" "SimulationChunkStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "totals" JSONB,
    "error" TEXT,
    "worker" TEXT,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "simulation_chunks_pkey" PRIMARY KEY ("simulationId","index")
);

-- CreateTable
CREATE TABLE "simulation_orders" (
    "simulationId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "chunkIndex" INTEGER NOT NULL,
    "externalId" TEXT NOT NULL,
    "placedAt" TIMESTAMPTZ(3) NOT NULL,
    "storeId" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "changes" TEXT[],
    "baselineWarehouseId" TEXT,
    "candidateWarehouseId" TEXT,
    "baselineChannelId" TEXT,
    "candidateChannelId" TEXT,
    "costDelta" DOUBLE PRECISION,
    "baseline" JSONB NOT NULL,
    "candidate" JSONB NOT NULL,

    CONSTRAINT "simulation_orders_pkey" PRIMARY KEY ("simulationId","orderId")
);

-- CreateTable
CREATE TABLE "simulation_upload_orders" (
    "simulationId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "data" JSONB NOT NULL,

    CONSTRAINT "simulation_upload_orders_pkey" PRIMARY KEY ("simulationId","seq")
);

-- CreateIndex
CREATE INDEX "simulations_organizationId_createdAt_idx" ON "simulations"("organizationId", "createdAt");

-- CreateIndex
CREATE INDEX "simulations_rulesetId_createdAt_idx" ON "simulations"("rulesetId", "createdAt");

-- CreateIndex
CREATE INDEX "simulations_status_idx" ON "simulations"("status");

-- CreateIndex
CREATE INDEX "simulation_orders_simulationId_chunkIndex_idx" ON "simulation_orders"("simulationId", "chunkIndex");

-- CreateIndex
CREATE INDEX "simulation_orders_simulationId_placedAt_idx" ON "simulation_orders"("simulationId", "placedAt");

-- CreateIndex
CREATE INDEX "orders_organizationId_buyerId_placedAt_idx" ON "orders"("organizationId", "buyerId", "placedAt");

-- AddForeignKey
ALTER TABLE "simulations" ADD CONSTRAINT "simulations_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "simulations" ADD CONSTRAINT "simulations_rulesetId_fkey" FOREIGN KEY ("rulesetId") REFERENCES "rulesets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "simulations" ADD CONSTRAINT "simulations_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "simulation_chunks" ADD CONSTRAINT "simulation_chunks_simulationId_fkey" FOREIGN KEY ("simulationId") REFERENCES "simulations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "simulation_orders" ADD CONSTRAINT "simulation_orders_simulationId_fkey" FOREIGN KEY ("simulationId") REFERENCES "simulations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "simulation_upload_orders" ADD CONSTRAINT "simulation_upload_orders_simulationId_fkey" FOREIGN KEY ("simulationId") REFERENCES "simulations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
