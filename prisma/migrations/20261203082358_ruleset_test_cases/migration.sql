-- CreateTable
CREATE TABLE "ruleset_test_cases" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "rulesetId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'manual',
    "order" JSONB NOT NULL,
    "inventory" JSONB,
    "expect" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "createdById" TEXT,

    CONSTRAINT "ruleset_test_cases_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ruleset_test_cases_organizationId_rulesetId_idx" ON "ruleset_test_cases"("organizationId", "rulesetId");

-- CreateIndex
CREATE UNIQUE INDEX "ruleset_test_cases_rulesetId_key_key" ON "ruleset_test_cases"("rulesetId", "key");

-- AddForeignKey
ALTER TABLE "ruleset_test_cases" ADD CONSTRAINT "ruleset_test_cases_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ruleset_test_cases" ADD CONSTRAINT "ruleset_test_cases_rulesetId_fkey" FOREIGN KEY ("rulesetId") REFERENCES "rulesets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ruleset_test_cases" ADD CONSTRAINT "ruleset_test_cases_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
