-- AlterTable
ALTER TABLE "Study" ADD COLUMN     "attentionCheck" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "defaultLanguage" TEXT NOT NULL DEFAULT 'en',
ADD COLUMN     "languages" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "planExpectations" TEXT NOT NULL DEFAULT '{}',
ADD COLUMN     "qualityGate" TEXT NOT NULL DEFAULT '{}';

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
CREATE TABLE "SegmentationAssignment" (
    "segmentationId" TEXT NOT NULL,
    "respondentId" TEXT NOT NULL,
    "class" INTEGER NOT NULL,

    CONSTRAINT "SegmentationAssignment_pkey" PRIMARY KEY ("segmentationId","respondentId")
);

-- CreateIndex
CREATE UNIQUE INDEX "GaborGrangerAnswer_responseId_price_key" ON "GaborGrangerAnswer"("responseId", "price");

-- CreateIndex
CREATE UNIQUE INDEX "Segmentation_studyId_name_key" ON "Segmentation"("studyId", "name");

-- CreateIndex
CREATE INDEX "SegmentationAssignment_respondentId_idx" ON "SegmentationAssignment"("respondentId");

-- AddForeignKey
ALTER TABLE "ConceptImage" ADD CONSTRAINT "ConceptImage_conceptId_fkey" FOREIGN KEY ("conceptId") REFERENCES "Concept"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Translation" ADD CONSTRAINT "Translation_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GaborGrangerAnswer" ADD CONSTRAINT "GaborGrangerAnswer_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "Response"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Segmentation" ADD CONSTRAINT "Segmentation_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SegmentationAssignment" ADD CONSTRAINT "SegmentationAssignment_segmentationId_fkey" FOREIGN KEY ("segmentationId") REFERENCES "Segmentation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SegmentationAssignment" ADD CONSTRAINT "SegmentationAssignment_respondentId_fkey" FOREIGN KEY ("respondentId") REFERENCES "Respondent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

