-- AlterTable
ALTER TABLE "simulation_chunks" ADD COLUMN     "skipped" INTEGER NOT NULL DEFAULT 0;
