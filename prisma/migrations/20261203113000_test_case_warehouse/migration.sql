-- AlterTable
ALTER TABLE "ruleset_test_cases" ADD COLUMN     "assignedWarehouseId" TEXT;
