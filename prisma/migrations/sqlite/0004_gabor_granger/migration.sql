-- CreateTable
CREATE TABLE "GaborGrangerAnswer" (
    "responseId" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "price" REAL NOT NULL,
    "likelihood" INTEGER NOT NULL,

    PRIMARY KEY ("responseId", "step"),
    CONSTRAINT "GaborGrangerAnswer_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "Response" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_PricingSettings" (
    "studyId" TEXT NOT NULL PRIMARY KEY,
    "nmsEnabled" BOOLEAN NOT NULL DEFAULT true,
    "calibration" TEXT NOT NULL DEFAULT '[0.7,0.5,0.3,0.1,0]',
    "minPrice" REAL NOT NULL DEFAULT 0,
    "maxPrice" REAL NOT NULL DEFAULT 10000,
    "ggEnabled" BOOLEAN NOT NULL DEFAULT false,
    "ggLadder" TEXT NOT NULL DEFAULT '[]',
    "ggStart" TEXT NOT NULL DEFAULT 'middle',
    CONSTRAINT "PricingSettings_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_PricingSettings" ("calibration", "maxPrice", "minPrice", "nmsEnabled", "studyId") SELECT "calibration", "maxPrice", "minPrice", "nmsEnabled", "studyId" FROM "PricingSettings";
DROP TABLE "PricingSettings";
ALTER TABLE "new_PricingSettings" RENAME TO "PricingSettings";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "GaborGrangerAnswer_responseId_price_key" ON "GaborGrangerAnswer"("responseId", "price");

