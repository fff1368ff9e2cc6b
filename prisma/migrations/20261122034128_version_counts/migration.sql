-- AlterTable
ALTER TABLE "ruleset_versions" ADD COLUMN     "nodeCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "ruleCount" INTEGER;

-- Backfill from the stored graph and compiled artifact.
UPDATE "ruleset_versions"
SET "nodeCount" = COALESCE(jsonb_array_length("graph"->'nodes'), 0),
    "ruleCount" = CASE WHEN "compiled" IS NULL THEN NULL ELSE jsonb_array_length("compiled"->'rules') END;
