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
CREATE UNIQUE INDEX "Competitor_studyId_name_key" ON "Competitor"("studyId", "name");

-- AddForeignKey
ALTER TABLE "CompetitorSetup" ADD CONSTRAINT "CompetitorSetup_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Competitor" ADD CONSTRAINT "Competitor_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CompetitorAnswer" ADD CONSTRAINT "CompetitorAnswer_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "Response"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CompetitorAnswer" ADD CONSTRAINT "CompetitorAnswer_competitorId_fkey" FOREIGN KEY ("competitorId") REFERENCES "Competitor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PerformanceRating" ADD CONSTRAINT "PerformanceRating_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "Response"("id") ON DELETE CASCADE ON UPDATE CASCADE;

