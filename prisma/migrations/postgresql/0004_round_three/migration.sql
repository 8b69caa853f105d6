-- AlterTable
ALTER TABLE "Study" ADD COLUMN     "defaultLanguage" TEXT NOT NULL DEFAULT 'en',
ADD COLUMN     "languages" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "planExpectations" TEXT NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "Respondent" ADD COLUMN     "language" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "Response" ADD COLUMN     "language" TEXT NOT NULL DEFAULT '';

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

-- AddForeignKey
ALTER TABLE "ConceptImage" ADD CONSTRAINT "ConceptImage_conceptId_fkey" FOREIGN KEY ("conceptId") REFERENCES "Concept"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Translation" ADD CONSTRAINT "Translation_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study"("id") ON DELETE CASCADE ON UPDATE CASCADE;

