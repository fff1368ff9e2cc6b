-- AlterTable
ALTER TABLE "order_imports" ADD COLUMN     "errorCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "failure" JSONB,
ADD COLUMN     "storeId" TEXT;

-- AddForeignKey
ALTER TABLE "order_imports" ADD CONSTRAINT "order_imports_storeId_fkey" FOREIGN KEY ("storeId") REFERENCES "stores"("id") ON DELETE SET NULL ON UPDATE CASCADE;
