-- CreateTable
CREATE TABLE "ConceptImage" (
    "conceptId" TEXT NOT NULL PRIMARY KEY,
    "contentType" TEXT NOT NULL,
    "data" BLOB NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ConceptImage_conceptId_fkey" FOREIGN KEY ("conceptId") REFERENCES "Concept" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Translation" (
    "studyId" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("studyId", "language", "key"),
    CONSTRAINT "Translation_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StudyInviteEmail" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "studyId" TEXT NOT NULL,
    "inviteId" TEXT,
    "email" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "connectionFailures" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedBy" TEXT,
    "lockedAt" DATETIME,
    "messageId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME,
    CONSTRAINT "StudyInviteEmail_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "StudyInviteEmail_inviteId_fkey" FOREIGN KEY ("inviteId") REFERENCES "StudyInvite" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "GaborGrangerAnswer" (
    "responseId" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "price" REAL NOT NULL,
    "likelihood" INTEGER NOT NULL,

    PRIMARY KEY ("responseId", "step"),
    CONSTRAINT "GaborGrangerAnswer_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "Response" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

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
CREATE TABLE "SegmentationAssignment" (
    "segmentationId" TEXT NOT NULL,
    "respondentId" TEXT NOT NULL,
    "class" INTEGER NOT NULL,

    PRIMARY KEY ("segmentationId", "respondentId"),
    CONSTRAINT "SegmentationAssignment_segmentationId_fkey" FOREIGN KEY ("segmentationId") REFERENCES "Segmentation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SegmentationAssignment_respondentId_fkey" FOREIGN KEY ("respondentId") REFERENCES "Respondent" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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
    "planExpectations" TEXT NOT NULL DEFAULT '{}',
    "defaultLanguage" TEXT NOT NULL DEFAULT 'en',
    "languages" TEXT NOT NULL DEFAULT '[]',
    "qualityGate" TEXT NOT NULL DEFAULT '{}',
    "attentionCheck" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "Study_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Study" ("closedAt", "createdAt", "currency", "dataVersion", "id", "launchedAt", "maxDiffAnchorQuestion", "maxDiffAnchored", "name", "ownerId", "productDescription", "screenerQuestion", "status", "updatedAt") SELECT "closedAt", "createdAt", "currency", "dataVersion", "id", "launchedAt", "maxDiffAnchorQuestion", "maxDiffAnchored", "name", "ownerId", "productDescription", "screenerQuestion", "status", "updatedAt" FROM "Study";
DROP TABLE "Study";
ALTER TABLE "new_Study" RENAME TO "Study";
CREATE INDEX "Study_ownerId_idx" ON "Study"("ownerId");
CREATE TABLE "new_StudyInvite" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "studyId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'viewer',
    "tokenHash" TEXT NOT NULL,
    "tokenSalt" TEXT NOT NULL DEFAULT '',
    "invitedById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acceptedAt" DATETIME,
    CONSTRAINT "StudyInvite_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "StudyInvite_invitedById_fkey" FOREIGN KEY ("invitedById") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_StudyInvite" ("acceptedAt", "createdAt", "email", "id", "invitedById", "role", "studyId", "tokenHash") SELECT "acceptedAt", "createdAt", "email", "id", "invitedById", "role", "studyId", "tokenHash" FROM "StudyInvite";
DROP TABLE "StudyInvite";
ALTER TABLE "new_StudyInvite" RENAME TO "StudyInvite";
CREATE UNIQUE INDEX "StudyInvite_tokenHash_key" ON "StudyInvite"("tokenHash");
CREATE UNIQUE INDEX "StudyInvite_studyId_email_key" ON "StudyInvite"("studyId", "email");
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
    "bouncedAt" DATETIME,
    "unsubscribeSalt" TEXT NOT NULL DEFAULT '',
    "unsubscribeHash" TEXT,
    "language" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "Respondent_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Respondent_segmentId_fkey" FOREIGN KEY ("segmentId") REFERENCES "Segment" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Respondent" ("attributes", "bouncedAt", "createdAt", "designVersion", "email", "id", "name", "revokedAt", "segmentId", "source", "status", "studyId", "tokenHash", "tokenSalt", "unsubscribeHash", "unsubscribeSalt", "unsubscribedAt") SELECT "attributes", "bouncedAt", "createdAt", "designVersion", "email", "id", "name", "revokedAt", "segmentId", "source", "status", "studyId", "tokenHash", "tokenSalt", "unsubscribeHash", "unsubscribeSalt", "unsubscribedAt" FROM "Respondent";
DROP TABLE "Respondent";
ALTER TABLE "new_Respondent" RENAME TO "Respondent";
CREATE UNIQUE INDEX "Respondent_tokenHash_key" ON "Respondent"("tokenHash");
CREATE UNIQUE INDEX "Respondent_unsubscribeHash_key" ON "Respondent"("unsubscribeHash");
CREATE INDEX "Respondent_studyId_status_idx" ON "Respondent"("studyId", "status");
CREATE INDEX "Respondent_segmentId_status_idx" ON "Respondent"("segmentId", "status");
CREATE UNIQUE INDEX "Respondent_studyId_email_key" ON "Respondent"("studyId", "email");
CREATE TABLE "new_Response" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "respondentId" TEXT NOT NULL,
    "studyId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'started',
    "conceptOrder" TEXT NOT NULL DEFAULT '[]',
    "designVersion" INTEGER NOT NULL DEFAULT 0,
    "currentPage" TEXT NOT NULL DEFAULT 'start',
    "pagesDone" INTEGER NOT NULL DEFAULT 0,
    "pagesTotal" INTEGER NOT NULL DEFAULT 0,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "completedAt" DATETIME,
    "pageShownAt" DATETIME,
    "language" TEXT NOT NULL DEFAULT '',
    "attentionAnswer" TEXT,
    CONSTRAINT "Response_respondentId_fkey" FOREIGN KEY ("respondentId") REFERENCES "Respondent" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Response_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Response" ("completedAt", "conceptOrder", "currentPage", "designVersion", "id", "pageShownAt", "pagesDone", "pagesTotal", "respondentId", "startedAt", "status", "studyId", "updatedAt") SELECT "completedAt", "conceptOrder", "currentPage", "designVersion", "id", "pageShownAt", "pagesDone", "pagesTotal", "respondentId", "startedAt", "status", "studyId", "updatedAt" FROM "Response";
DROP TABLE "Response";
ALTER TABLE "new_Response" RENAME TO "Response";
CREATE UNIQUE INDEX "Response_respondentId_key" ON "Response"("respondentId");
CREATE INDEX "Response_studyId_status_idx" ON "Response"("studyId", "status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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

