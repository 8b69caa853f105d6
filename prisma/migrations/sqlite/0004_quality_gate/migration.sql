-- AlterTable
ALTER TABLE "Response" ADD COLUMN "attentionAnswer" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Study" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ownerId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "productDescription" TEXT NOT NULL DEFAULT '',
    "screenerQuestion" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "launchedAt" DATETIME,
    "closedAt" DATETIME,
    "dataVersion" INTEGER NOT NULL DEFAULT 0,
    "maxDiffAnchored" BOOLEAN NOT NULL DEFAULT false,
    "maxDiffAnchorQuestion" TEXT NOT NULL DEFAULT '',
    "qualityGate" TEXT NOT NULL DEFAULT '{}',
    "attentionCheck" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "Study_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Study" ("closedAt", "createdAt", "currency", "dataVersion", "id", "launchedAt", "maxDiffAnchorQuestion", "maxDiffAnchored", "name", "ownerId", "productDescription", "screenerQuestion", "status", "updatedAt") SELECT "closedAt", "createdAt", "currency", "dataVersion", "id", "launchedAt", "maxDiffAnchorQuestion", "maxDiffAnchored", "name", "ownerId", "productDescription", "screenerQuestion", "status", "updatedAt" FROM "Study";
DROP TABLE "Study";
ALTER TABLE "new_Study" RENAME TO "Study";
CREATE INDEX "Study_ownerId_idx" ON "Study"("ownerId");
CREATE TABLE "new_MaxDiffSettings" (
    "studyId" TEXT NOT NULL PRIMARY KEY,
    "itemsPerTask" INTEGER NOT NULL DEFAULT 4,
    "tasksPerRespondent" INTEGER NOT NULL DEFAULT 9,
    "versions" INTEGER NOT NULL DEFAULT 10,
    "seed" INTEGER NOT NULL DEFAULT 1,
    "hbCovariates" BOOLEAN NOT NULL DEFAULT true,
    CONSTRAINT "MaxDiffSettings_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_MaxDiffSettings" ("itemsPerTask", "seed", "studyId", "tasksPerRespondent", "versions") SELECT "itemsPerTask", "seed", "studyId", "tasksPerRespondent", "versions" FROM "MaxDiffSettings";
DROP TABLE "MaxDiffSettings";
ALTER TABLE "new_MaxDiffSettings" RENAME TO "MaxDiffSettings";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

