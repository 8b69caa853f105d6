-- AlterTable
ALTER TABLE "Study" ADD COLUMN     "attentionCheck" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "defaultLanguage" TEXT NOT NULL DEFAULT 'en',
ADD COLUMN     "languages" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "planExpectations" TEXT NOT NULL DEFAULT '{}',
ADD COLUMN     "qualityGate" TEXT NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "StudyInvite" ADD COLUMN     "tokenSalt" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "MaxDiffSettings" ADD COLUMN     "hbCovariates" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "PricingSettings" ADD COLUMN     "ggEnabled" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "ggLadder" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "ggStart" TEXT NOT NULL DEFAULT 'middle';

-- AlterTable
ALTER TABLE "Respondent" ADD COLUMN     "language" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "Response" ADD COLUMN     "attentionAnswer" TEXT,
ADD COLUMN     "language" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "ConceptImage" (
    "conceptId" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "data" BYTEA NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConceptImage_pkey" PRIMARY KEY ("conceptId")
);

-- CreateTable
CREATE TABLE "Translation" (
    "studyId" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Translation_pkey" PRIMARY KEY ("studyId","language","key")
);

-- CreateTable
CREATE TABLE "StudyInviteEmail" (
    "id" TEXT NOT NULL,
    "studyId" TEXT NOT NULL,
    "inviteId" TEXT,
    "email" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "connectionFailures" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedBy" TEXT,
    "lockedAt" TIMESTAMP(3),
    "messageId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "StudyInviteEmail_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GaborGrangerAnswer" (
    "responseId" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "price" DOUBLE PRECISION NOT NULL,
    "likelihood" INTEGER NOT NULL,

    CONSTRAINT "GaborGrangerAnswer_pkey" PRIMARY KEY ("responseId","step")
);

-- CreateTable
CREATE TABLE "Segmentation" (
    "id" TEXT NOT NULL,
    "studyId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "classCount" INTEGER NOT NULL,
    "classes" TEXT NOT NULL,
    "dataVersion" INTEGER NOT NULL,
    "sourceHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Segmentation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CompetitorSetup" (
    "studyId" TEXT NOT NULL,
    "ourName" TEXT NOT NULL,
    "ourPrice" DOUBLE PRECISION,
    "driverIds" TEXT NOT NULL DEFAULT '[]',

    CONSTRAINT "CompetitorSetup_pkey" PRIMARY KEY ("studyId")
);

-- CreateTable
CREATE TABLE "Competitor" (
    "id" TEXT NOT NULL,
    "studyId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "listPrice" DOUBLE PRECISION,
    "segmentIds" TEXT NOT NULL DEFAULT '[]',
    "sortOrder" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Competitor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SegmentationAssignment" (
    "segmentationId" TEXT NOT NULL,
    "respondentId" TEXT NOT NULL,
    "class" INTEGER NOT NULL,

    CONSTRAINT "SegmentationAssignment_pkey" PRIMARY KEY ("segmentationId","respondentId")
);

-- CreateTable
CREATE TABLE "CompetitorAnswer" (
    "responseId" TEXT NOT NULL,
    "competitorId" TEXT,
    "pricePaid" DOUBLE PRECISION,

    CONSTRAINT "CompetitorAnswer_pkey" PRIMARY KEY ("responseId")
);

-- CreateTable
CREATE TABLE "PerformanceRating" (
    "responseId" TEXT NOT NULL,
    "product" TEXT NOT NULL,
    "driverId" TEXT NOT NULL,
    "rating" INTEGER,

    CONSTRAINT "PerformanceRating_pkey" PRIMARY KEY ("responseId","product","driverId")
);

-- CreateIndex
CREATE INDEX "StudyInviteEmail_status_nextAttemptAt_idx" ON "StudyInviteEmail"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "StudyInviteEmail_inviteId_idx" ON "StudyInviteEmail"("inviteId");

-- CreateIndex
CREATE INDEX "StudyInviteEmail_studyId_idx" ON "StudyInviteEmail"("studyId");

-- CreateIndex
CREATE UNIQUE INDEX "GaborGrangerAnswer_responseId_price_key" ON "GaborGrangerAnswer"("responseId", "price");

-- CreateIndex
CREATE UNIQUE INDEX "Competitor_studyId_name_key" ON "Competitor"("studyId", "name");

-- CreateIndex
CREATE INDEX "SegmentationAssignment_respondentId_idx" ON "SegmentationAssignment"("respondentId");

-- AddForeignKey
ALTER TABLE "ConceptImage" ADD CONSTRAINT "ConceptImage_conceptId_fkey" FOREIGN KEY ("conceptId") REFERENCES "Concept"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Translation" ADD CONSTRAINT "Translation_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudyInviteEmail" ADD CONSTRAINT "StudyInviteEmail_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudyInviteEmail" ADD CONSTRAINT "StudyInviteEmail_inviteId_fkey" FOREIGN KEY ("inviteId") REFERENCES "StudyInvite"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GaborGrangerAnswer" ADD CONSTRAINT "GaborGrangerAnswer_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "Response"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Segmentation" ADD CONSTRAINT "Segmentation_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CompetitorSetup" ADD CONSTRAINT "CompetitorSetup_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Competitor" ADD CONSTRAINT "Competitor_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SegmentationAssignment" ADD CONSTRAINT "SegmentationAssignment_segmentationId_fkey" FOREIGN KEY ("segmentationId") REFERENCES "Segmentation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SegmentationAssignment" ADD CONSTRAINT "SegmentationAssignment_respondentId_fkey" FOREIGN KEY ("respondentId") REFERENCES "Respondent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CompetitorAnswer" ADD CONSTRAINT "CompetitorAnswer_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "Response"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CompetitorAnswer" ADD CONSTRAINT "CompetitorAnswer_competitorId_fkey" FOREIGN KEY ("competitorId") REFERENCES "Competitor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PerformanceRating" ADD CONSTRAINT "PerformanceRating_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "Response"("id") ON DELETE CASCADE ON UPDATE CASCADE;

