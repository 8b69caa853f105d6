-- AlterTable
ALTER TABLE "Study" ADD COLUMN     "attentionCheck" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "qualityGate" TEXT NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "MaxDiffSettings" ADD COLUMN     "hbCovariates" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "Response" ADD COLUMN     "attentionAnswer" TEXT;

