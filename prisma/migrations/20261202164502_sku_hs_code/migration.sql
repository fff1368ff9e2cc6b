-- AlterTable
ALTER TABLE "skus" ADD COLUMN     "hsCode" TEXT;
