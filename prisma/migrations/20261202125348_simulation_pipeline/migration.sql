-- AlterTable
ALTER TABLE "simulations" ADD COLUMN     "pipeline" JSONB NOT NULL DEFAULT '[]';
