-- AlterTable
ALTER TABLE "order_imports" ADD COLUMN     "nothingToShipRows" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "noticeCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "notices" JSONB NOT NULL DEFAULT '[]';
