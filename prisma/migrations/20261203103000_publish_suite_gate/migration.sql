-- AlterTable
ALTER TABLE "publish_requests" ADD COLUMN     "suiteOverrideReason" TEXT,
ADD COLUMN     "suiteResult" JSONB;
