-- AlterTable
ALTER TABLE "routing_decisions" ADD COLUMN     "deadlineRisk" TEXT;
