-- AlterTable
ALTER TABLE "Segment" ADD COLUMN "quota" INTEGER;

-- CreateIndex
CREATE INDEX "Respondent_segmentId_status_idx" ON "Respondent"("segmentId", "status");
