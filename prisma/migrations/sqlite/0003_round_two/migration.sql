-- AlterTable
ALTER TABLE "Segment" ADD COLUMN "marketShare" REAL;
ALTER TABLE "Segment" ADD COLUMN "quota" INTEGER;

-- AlterTable
ALTER TABLE "Response" ADD COLUMN "pageShownAt" DATETIME;

-- AlterTable
ALTER TABLE "PageSubmission" ADD COLUMN "shownAt" DATETIME;

-- AlterTable
ALTER TABLE "MaxDiffAnswer" ADD COLUMN "anchor" TEXT;

-- CreateTable
CREATE TABLE "StudyInvite" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "studyId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'viewer',
    "tokenHash" TEXT NOT NULL,
    "invitedById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acceptedAt" DATETIME,
    CONSTRAINT "StudyInvite_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "StudyInvite_invitedById_fkey" FOREIGN KEY ("invitedById") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AccountEmail" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
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
    CONSTRAINT "AccountEmail_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "studyId" TEXT,
    "key" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "progress" REAL NOT NULL DEFAULT 0,
    "input" TEXT NOT NULL,
    "result" TEXT,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lockedBy" TEXT,
    "lockedUntil" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Job_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'researcher',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "emailVerifiedAt" DATETIME,
    "emailVerifySalt" TEXT NOT NULL DEFAULT '',
    "emailVerifyHash" TEXT
);
INSERT INTO "new_User" ("createdAt", "email", "id", "name", "passwordHash", "role") SELECT "createdAt", "email", "id", "name", "passwordHash", "role" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
CREATE UNIQUE INDEX "User_emailVerifyHash_key" ON "User"("emailVerifyHash");
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
    CONSTRAINT "Study_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Study" ("closedAt", "createdAt", "currency", "dataVersion", "id", "launchedAt", "name", "ownerId", "productDescription", "screenerQuestion", "status", "updatedAt") SELECT "closedAt", "createdAt", "currency", "dataVersion", "id", "launchedAt", "name", "ownerId", "productDescription", "screenerQuestion", "status", "updatedAt" FROM "Study";
DROP TABLE "Study";
ALTER TABLE "new_Study" RENAME TO "Study";
CREATE INDEX "Study_ownerId_idx" ON "Study"("ownerId");
CREATE TABLE "new_StudyMember" (
    "studyId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'viewer',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "canSeeContacts" BOOLEAN NOT NULL DEFAULT false,

    PRIMARY KEY ("studyId", "userId"),
    CONSTRAINT "StudyMember_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "StudyMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_StudyMember" ("createdAt", "role", "studyId", "userId") SELECT "createdAt", "role", "studyId", "userId" FROM "StudyMember";
DROP TABLE "StudyMember";
ALTER TABLE "new_StudyMember" RENAME TO "StudyMember";
CREATE INDEX "StudyMember_userId_idx" ON "StudyMember"("userId");
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
    CONSTRAINT "Respondent_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Respondent_segmentId_fkey" FOREIGN KEY ("segmentId") REFERENCES "Segment" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Respondent" ("attributes", "createdAt", "designVersion", "email", "id", "name", "revokedAt", "segmentId", "source", "status", "studyId", "tokenHash", "tokenSalt", "unsubscribedAt") SELECT "attributes", "createdAt", "designVersion", "email", "id", "name", "revokedAt", "segmentId", "source", "status", "studyId", "tokenHash", "tokenSalt", "unsubscribedAt" FROM "Respondent";
DROP TABLE "Respondent";
ALTER TABLE "new_Respondent" RENAME TO "Respondent";
CREATE UNIQUE INDEX "Respondent_tokenHash_key" ON "Respondent"("tokenHash");
CREATE UNIQUE INDEX "Respondent_unsubscribeHash_key" ON "Respondent"("unsubscribeHash");
CREATE INDEX "Respondent_studyId_status_idx" ON "Respondent"("studyId", "status");
CREATE INDEX "Respondent_segmentId_status_idx" ON "Respondent"("segmentId", "status");
CREATE UNIQUE INDEX "Respondent_studyId_email_key" ON "Respondent"("studyId", "email");
CREATE TABLE "new_EmailOutbox" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "studyId" TEXT NOT NULL,
    "respondentId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedBy" TEXT,
    "lockedAt" DATETIME,
    "messageId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME,
    "connectionFailures" INTEGER NOT NULL DEFAULT 0,
    "responseCode" INTEGER,
    "dedupeKey" TEXT,
    CONSTRAINT "EmailOutbox_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "EmailOutbox_respondentId_fkey" FOREIGN KEY ("respondentId") REFERENCES "Respondent" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_EmailOutbox" ("attempts", "createdAt", "id", "kind", "lastError", "lockedAt", "lockedBy", "messageId", "nextAttemptAt", "respondentId", "sentAt", "status", "studyId") SELECT "attempts", "createdAt", "id", "kind", "lastError", "lockedAt", "lockedBy", "messageId", "nextAttemptAt", "respondentId", "sentAt", "status", "studyId" FROM "EmailOutbox";
DROP TABLE "EmailOutbox";
ALTER TABLE "new_EmailOutbox" RENAME TO "EmailOutbox";
CREATE UNIQUE INDEX "EmailOutbox_dedupeKey_key" ON "EmailOutbox"("dedupeKey");
CREATE INDEX "EmailOutbox_status_nextAttemptAt_idx" ON "EmailOutbox"("status", "nextAttemptAt");
CREATE INDEX "EmailOutbox_respondentId_idx" ON "EmailOutbox"("respondentId");
CREATE INDEX "EmailOutbox_studyId_status_idx" ON "EmailOutbox"("studyId", "status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "StudyInvite_tokenHash_key" ON "StudyInvite"("tokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "StudyInvite_studyId_email_key" ON "StudyInvite"("studyId", "email");

-- CreateIndex
CREATE INDEX "AccountEmail_status_nextAttemptAt_idx" ON "AccountEmail"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "AccountEmail_userId_idx" ON "AccountEmail"("userId");

-- CreateIndex
CREATE INDEX "Job_status_createdAt_idx" ON "Job"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Job_studyId_kind_idx" ON "Job"("studyId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "Job_kind_key_key" ON "Job"("kind", "key");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

-- CreateIndex
CREATE INDEX "RateLimit_resetAt_idx" ON "RateLimit"("resetAt");

