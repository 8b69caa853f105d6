-- CreateTable
CREATE TABLE "CompetitorSetup" (
    "studyId" TEXT NOT NULL PRIMARY KEY,
    "ourName" TEXT NOT NULL,
    "ourPrice" REAL,
    "driverIds" TEXT NOT NULL DEFAULT '[]',
    CONSTRAINT "CompetitorSetup_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Competitor" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "studyId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "listPrice" REAL,
    "segmentIds" TEXT NOT NULL DEFAULT '[]',
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "Competitor_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CompetitorAnswer" (
    "responseId" TEXT NOT NULL PRIMARY KEY,
    "competitorId" TEXT,
    "pricePaid" REAL,
    CONSTRAINT "CompetitorAnswer_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "Response" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CompetitorAnswer_competitorId_fkey" FOREIGN KEY ("competitorId") REFERENCES "Competitor" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PerformanceRating" (
    "responseId" TEXT NOT NULL,
    "product" TEXT NOT NULL,
    "driverId" TEXT NOT NULL,
    "rating" INTEGER,

    PRIMARY KEY ("responseId", "product", "driverId"),
    CONSTRAINT "PerformanceRating_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "Response" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Competitor_studyId_name_key" ON "Competitor"("studyId", "name");

