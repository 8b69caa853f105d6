-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'researcher',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RateLimit" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "count" INTEGER NOT NULL,
    "resetAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Study" (
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
    CONSTRAINT "Study_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StudyMember" (
    "studyId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'viewer',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("studyId", "userId"),
    CONSTRAINT "StudyMember_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "StudyMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Segment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "studyId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "targetN" INTEGER NOT NULL DEFAULT 100,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "Segment_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Hypothesis" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "studyId" TEXT NOT NULL,
    "problem" TEXT NOT NULL,
    "statement" TEXT NOT NULL,
    "targetPrice" REAL,
    "rule" TEXT NOT NULL DEFAULT '{"confidence":0.95,"criteria":[]}',
    "ruleLockedAt" DATETIME,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Hypothesis_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "HypothesisSegment" (
    "hypothesisId" TEXT NOT NULL,
    "segmentId" TEXT NOT NULL,

    PRIMARY KEY ("hypothesisId", "segmentId"),
    CONSTRAINT "HypothesisSegment_hypothesisId_fkey" FOREIGN KEY ("hypothesisId") REFERENCES "Hypothesis" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "HypothesisSegment_segmentId_fkey" FOREIGN KEY ("segmentId") REFERENCES "Segment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "HypothesisItem" (
    "hypothesisId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,

    PRIMARY KEY ("hypothesisId", "itemId"),
    CONSTRAINT "HypothesisItem_hypothesisId_fkey" FOREIGN KEY ("hypothesisId") REFERENCES "Hypothesis" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "HypothesisItem_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "MaxDiffItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Concept" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "studyId" TEXT NOT NULL,
    "hypothesisId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "imageUrl" TEXT,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "Concept_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Concept_hypothesisId_fkey" FOREIGN KEY ("hypothesisId") REFERENCES "Hypothesis" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MaxDiffItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "studyId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "MaxDiffItem_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MaxDiffSettings" (
    "studyId" TEXT NOT NULL PRIMARY KEY,
    "itemsPerTask" INTEGER NOT NULL DEFAULT 4,
    "tasksPerRespondent" INTEGER NOT NULL DEFAULT 9,
    "versions" INTEGER NOT NULL DEFAULT 10,
    "seed" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "MaxDiffSettings_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MaxDiffDesignTask" (
    "studyId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "task" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "itemId" TEXT NOT NULL,

    PRIMARY KEY ("studyId", "version", "task", "position"),
    CONSTRAINT "MaxDiffDesignTask_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MaxDiffDesignTask_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "MaxDiffItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PricingSettings" (
    "studyId" TEXT NOT NULL PRIMARY KEY,
    "nmsEnabled" BOOLEAN NOT NULL DEFAULT true,
    "calibration" TEXT NOT NULL DEFAULT '[0.7,0.5,0.3,0.1,0]',
    "minPrice" REAL NOT NULL DEFAULT 0,
    "maxPrice" REAL NOT NULL DEFAULT 10000,
    CONSTRAINT "PricingSettings_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ScreenerOption" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "studyId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "segmentId" TEXT,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "ScreenerOption_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ScreenerOption_segmentId_fkey" FOREIGN KEY ("segmentId") REFERENCES "Segment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Respondent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "studyId" TEXT NOT NULL,
    "email" TEXT,
    "name" TEXT NOT NULL DEFAULT '',
    "segmentId" TEXT,
    "attributes" TEXT NOT NULL DEFAULT '{}',
    "tokenHash" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'invited',
    "source" TEXT NOT NULL DEFAULT 'import',
    "designVersion" INTEGER NOT NULL DEFAULT 0,
    "unsubscribedAt" DATETIME,
    "revokedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Respondent_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Respondent_segmentId_fkey" FOREIGN KEY ("segmentId") REFERENCES "Segment" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AnonymousLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "studyId" TEXT NOT NULL,
    "segmentId" TEXT,
    "tokenHash" TEXT NOT NULL,
    "revokedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AnonymousLink_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AnonymousLink_segmentId_fkey" FOREIGN KEY ("segmentId") REFERENCES "Segment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EmailOutbox" (
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
    CONSTRAINT "EmailOutbox_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "EmailOutbox_respondentId_fkey" FOREIGN KEY ("respondentId") REFERENCES "Respondent" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Response" (
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
    CONSTRAINT "Response_respondentId_fkey" FOREIGN KEY ("respondentId") REFERENCES "Respondent" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Response_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PageSubmission" (
    "responseId" TEXT NOT NULL,
    "page" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("responseId", "page"),
    CONSTRAINT "PageSubmission_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "Response" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ConceptRating" (
    "responseId" TEXT NOT NULL,
    "conceptId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "appeal" INTEGER NOT NULL,
    "relevance" INTEGER NOT NULL,
    "uniqueness" INTEGER NOT NULL,
    "believability" INTEGER NOT NULL,
    "purchaseIntent" INTEGER NOT NULL,

    PRIMARY KEY ("responseId", "conceptId"),
    CONSTRAINT "ConceptRating_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "Response" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ConceptRating_conceptId_fkey" FOREIGN KEY ("conceptId") REFERENCES "Concept" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MaxDiffAnswer" (
    "responseId" TEXT NOT NULL,
    "task" INTEGER NOT NULL,
    "shown" TEXT NOT NULL,
    "bestItemId" TEXT NOT NULL,
    "worstItemId" TEXT NOT NULL,

    PRIMARY KEY ("responseId", "task"),
    CONSTRAINT "MaxDiffAnswer_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "Response" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MaxDiffAnswer_bestItemId_fkey" FOREIGN KEY ("bestItemId") REFERENCES "MaxDiffItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MaxDiffAnswer_worstItemId_fkey" FOREIGN KEY ("worstItemId") REFERENCES "MaxDiffItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PriceAnswer" (
    "responseId" TEXT NOT NULL PRIMARY KEY,
    "tooCheap" REAL NOT NULL,
    "cheap" REAL NOT NULL,
    "expensive" REAL NOT NULL,
    "tooExpensive" REAL NOT NULL,
    "piCheap" INTEGER,
    "piExpensive" INTEGER,
    CONSTRAINT "PriceAnswer_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "Response" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AnalysisCache" (
    "studyId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "dataVersion" INTEGER NOT NULL,
    "result" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("studyId", "kind"),
    CONSTRAINT "AnalysisCache_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "Study_ownerId_idx" ON "Study"("ownerId");

-- CreateIndex
CREATE INDEX "StudyMember_userId_idx" ON "StudyMember"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Segment_studyId_key_key" ON "Segment"("studyId", "key");

-- CreateIndex
CREATE INDEX "Hypothesis_studyId_idx" ON "Hypothesis"("studyId");

-- CreateIndex
CREATE INDEX "Concept_hypothesisId_idx" ON "Concept"("hypothesisId");

-- CreateIndex
CREATE UNIQUE INDEX "Concept_studyId_name_key" ON "Concept"("studyId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "MaxDiffItem_studyId_label_key" ON "MaxDiffItem"("studyId", "label");

-- CreateIndex
CREATE INDEX "ScreenerOption_studyId_idx" ON "ScreenerOption"("studyId");

-- CreateIndex
CREATE UNIQUE INDEX "Respondent_tokenHash_key" ON "Respondent"("tokenHash");

-- CreateIndex
CREATE INDEX "Respondent_studyId_status_idx" ON "Respondent"("studyId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Respondent_studyId_email_key" ON "Respondent"("studyId", "email");

-- CreateIndex
CREATE UNIQUE INDEX "AnonymousLink_tokenHash_key" ON "AnonymousLink"("tokenHash");

-- CreateIndex
CREATE INDEX "EmailOutbox_status_nextAttemptAt_idx" ON "EmailOutbox"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "EmailOutbox_respondentId_idx" ON "EmailOutbox"("respondentId");

-- CreateIndex
CREATE UNIQUE INDEX "Response_respondentId_key" ON "Response"("respondentId");

-- CreateIndex
CREATE INDEX "Response_studyId_status_idx" ON "Response"("studyId", "status");

