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
CREATE UNIQUE INDEX "Segmentation_studyId_name_key" ON "Segmentation"("studyId", "name");

-- CreateIndex
CREATE INDEX "SegmentationAssignment_respondentId_idx" ON "SegmentationAssignment"("respondentId");

-- AddForeignKey
ALTER TABLE "Segmentation" ADD CONSTRAINT "Segmentation_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SegmentationAssignment" ADD CONSTRAINT "SegmentationAssignment_segmentationId_fkey" FOREIGN KEY ("segmentationId") REFERENCES "Segmentation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SegmentationAssignment" ADD CONSTRAINT "SegmentationAssignment_respondentId_fkey" FOREIGN KEY ("respondentId") REFERENCES "Respondent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

