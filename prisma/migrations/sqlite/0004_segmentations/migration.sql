-- CreateTable
CREATE TABLE "Segmentation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "studyId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "classCount" INTEGER NOT NULL,
    "classes" TEXT NOT NULL,
    "dataVersion" INTEGER NOT NULL,
    "sourceHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Segmentation_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SegmentationAssignment" (
    "segmentationId" TEXT NOT NULL,
    "respondentId" TEXT NOT NULL,
    "class" INTEGER NOT NULL,

    PRIMARY KEY ("segmentationId", "respondentId"),
    CONSTRAINT "SegmentationAssignment_segmentationId_fkey" FOREIGN KEY ("segmentationId") REFERENCES "Segmentation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SegmentationAssignment_respondentId_fkey" FOREIGN KEY ("respondentId") REFERENCES "Respondent" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Segmentation_studyId_name_key" ON "Segmentation"("studyId", "name");

-- CreateIndex
CREATE INDEX "SegmentationAssignment_respondentId_idx" ON "SegmentationAssignment"("respondentId");

