-- Anchored (dual-response) MaxDiff: study toggle + wording, anchor answer per MaxDiff task.
-- AlterTable
ALTER TABLE "Study" ADD COLUMN     "maxDiffAnchorQuestion" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "maxDiffAnchored" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "MaxDiffAnswer" ADD COLUMN     "anchor" TEXT;
