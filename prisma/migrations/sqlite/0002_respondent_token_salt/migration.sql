-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Respondent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "studyId" TEXT NOT NULL,
    "email" TEXT,
    "name" TEXT NOT NULL DEFAULT '',
    "segmentId" TEXT,
    "attributes" TEXT NOT NULL DEFAULT '{}',
    "tokenHash" TEXT NOT NULL,
    "tokenSalt" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'invited',
    "source" TEXT NOT NULL DEFAULT 'import',
    "designVersion" INTEGER NOT NULL DEFAULT 0,
    "unsubscribedAt" DATETIME,
    "revokedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Respondent_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Respondent_segmentId_fkey" FOREIGN KEY ("segmentId") REFERENCES "Segment" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Respondent" ("attributes", "createdAt", "designVersion", "email", "id", "name", "revokedAt", "segmentId", "source", "status", "studyId", "tokenHash", "unsubscribedAt") SELECT "attributes", "createdAt", "designVersion", "email", "id", "name", "revokedAt", "segmentId", "source", "status", "studyId", "tokenHash", "unsubscribedAt" FROM "Respondent";
DROP TABLE "Respondent";
ALTER TABLE "new_Respondent" RENAME TO "Respondent";
CREATE UNIQUE INDEX "Respondent_tokenHash_key" ON "Respondent"("tokenHash");
CREATE INDEX "Respondent_studyId_status_idx" ON "Respondent"("studyId", "status");
CREATE UNIQUE INDEX "Respondent_studyId_email_key" ON "Respondent"("studyId", "email");
CREATE TABLE "new_AnonymousLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "studyId" TEXT NOT NULL,
    "segmentId" TEXT,
    "tokenHash" TEXT NOT NULL,
    "tokenSalt" TEXT NOT NULL DEFAULT '',
    "revokedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AnonymousLink_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AnonymousLink_segmentId_fkey" FOREIGN KEY ("segmentId") REFERENCES "Segment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_AnonymousLink" ("createdAt", "id", "revokedAt", "segmentId", "studyId", "tokenHash") SELECT "createdAt", "id", "revokedAt", "segmentId", "studyId", "tokenHash" FROM "AnonymousLink";
DROP TABLE "AnonymousLink";
ALTER TABLE "new_AnonymousLink" RENAME TO "AnonymousLink";
CREATE UNIQUE INDEX "AnonymousLink_tokenHash_key" ON "AnonymousLink"("tokenHash");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

