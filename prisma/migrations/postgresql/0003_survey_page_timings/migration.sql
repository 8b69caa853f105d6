-- AlterTable
ALTER TABLE "Response" ADD COLUMN     "pageShownAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "PageSubmission" ADD COLUMN     "shownAt" TIMESTAMP(3);

