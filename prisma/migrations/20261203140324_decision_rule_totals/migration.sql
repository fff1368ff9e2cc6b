-- CreateTable
CREATE TABLE "decision_rule_totals" (
    "organizationId" TEXT NOT NULL,
    "rulesetId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "ruleName" TEXT NOT NULL,
    "hits" INTEGER NOT NULL,
    "lastAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "decision_rule_totals_pkey" PRIMARY KEY ("organizationId","rulesetId","version","ruleName")
);

-- AddForeignKey
ALTER TABLE "decision_rule_totals" ADD CONSTRAINT "decision_rule_totals_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
