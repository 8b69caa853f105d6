-- Anchored (dual-response) MaxDiff: study toggle + wording, anchor answer per MaxDiff task.
-- AlterTable
ALTER TABLE "Study" ADD COLUMN "maxDiffAnchored" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Study" ADD COLUMN "maxDiffAnchorQuestion" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "MaxDiffAnswer" ADD COLUMN "anchor" TEXT;
