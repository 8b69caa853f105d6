-- AlterTable
ALTER TABLE "Response" ADD COLUMN "pageShownAt" DATETIME;

-- AlterTable
ALTER TABLE "PageSubmission" ADD COLUMN "shownAt" DATETIME;

