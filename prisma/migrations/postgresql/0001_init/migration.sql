-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'researcher',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RateLimit" (
    "key" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "resetAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RateLimit_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "Study" (
    "id" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "productDescription" TEXT NOT NULL DEFAULT '',
    "screenerQuestion" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "launchedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "dataVersion" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Study_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StudyMember" (
    "studyId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'viewer',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StudyMember_pkey" PRIMARY KEY ("studyId","userId")
);

-- CreateTable
CREATE TABLE "Segment" (
    "id" TEXT NOT NULL,
    "studyId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "targetN" INTEGER NOT NULL DEFAULT 100,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Segment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Hypothesis" (
    "id" TEXT NOT NULL,
    "studyId" TEXT NOT NULL,
    "problem" TEXT NOT NULL,
    "statement" TEXT NOT NULL,
    "targetPrice" DOUBLE PRECISION,
    "rule" TEXT NOT NULL DEFAULT '{"confidence":0.95,"criteria":[]}',
    "ruleLockedAt" TIMESTAMP(3),
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Hypothesis_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HypothesisSegment" (
    "hypothesisId" TEXT NOT NULL,
    "segmentId" TEXT NOT NULL,

    CONSTRAINT "HypothesisSegment_pkey" PRIMARY KEY ("hypothesisId","segmentId")
);

-- CreateTable
CREATE TABLE "HypothesisItem" (
    "hypothesisId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,

    CONSTRAINT "HypothesisItem_pkey" PRIMARY KEY ("hypothesisId","itemId")
);

-- CreateTable
CREATE TABLE "Concept" (
    "id" TEXT NOT NULL,
    "studyId" TEXT NOT NULL,
    "hypothesisId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "imageUrl" TEXT,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Concept_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MaxDiffItem" (
    "id" TEXT NOT NULL,
    "studyId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "sortOrder" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "MaxDiffItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MaxDiffSettings" (
    "studyId" TEXT NOT NULL,
    "itemsPerTask" INTEGER NOT NULL DEFAULT 4,
    "tasksPerRespondent" INTEGER NOT NULL DEFAULT 9,
    "versions" INTEGER NOT NULL DEFAULT 10,
    "seed" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "MaxDiffSettings_pkey" PRIMARY KEY ("studyId")
);

-- CreateTable
CREATE TABLE "MaxDiffDesignTask" (
    "studyId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "task" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "itemId" TEXT NOT NULL,

    CONSTRAINT "MaxDiffDesignTask_pkey" PRIMARY KEY ("studyId","version","task","position")
);

-- CreateTable
CREATE TABLE "PricingSettings" (
    "studyId" TEXT NOT NULL,
    "nmsEnabled" BOOLEAN NOT NULL DEFAULT true,
    "calibration" TEXT NOT NULL DEFAULT '[0.7,0.5,0.3,0.1,0]',
    "minPrice" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "maxPrice" DOUBLE PRECISION NOT NULL DEFAULT 10000,

    CONSTRAINT "PricingSettings_pkey" PRIMARY KEY ("studyId")
);

-- CreateTable
CREATE TABLE "ScreenerOption" (
    "id" TEXT NOT NULL,
    "studyId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "segmentId" TEXT,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ScreenerOption_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Respondent" (
    "id" TEXT NOT NULL,
    "studyId" TEXT NOT NULL,
    "email" TEXT,
    "name" TEXT NOT NULL DEFAULT '',
    "segmentId" TEXT,
    "attributes" TEXT NOT NULL DEFAULT '{}',
    "tokenHash" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'invited',
    "source" TEXT NOT NULL DEFAULT 'import',
    "designVersion" INTEGER NOT NULL DEFAULT 0,
    "unsubscribedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Respondent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AnonymousLink" (
    "id" TEXT NOT NULL,
    "studyId" TEXT NOT NULL,
    "segmentId" TEXT,
    "tokenHash" TEXT NOT NULL,
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AnonymousLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmailOutbox" (
    "id" TEXT NOT NULL,
    "studyId" TEXT NOT NULL,
    "respondentId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedBy" TEXT,
    "lockedAt" TIMESTAMP(3),
    "messageId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "EmailOutbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Response" (
    "id" TEXT NOT NULL,
    "respondentId" TEXT NOT NULL,
    "studyId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'started',
    "conceptOrder" TEXT NOT NULL DEFAULT '[]',
    "designVersion" INTEGER NOT NULL DEFAULT 0,
    "currentPage" TEXT NOT NULL DEFAULT 'start',
    "pagesDone" INTEGER NOT NULL DEFAULT 0,
    "pagesTotal" INTEGER NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "Response_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PageSubmission" (
    "responseId" TEXT NOT NULL,
    "page" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PageSubmission_pkey" PRIMARY KEY ("responseId","page")
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

    CONSTRAINT "ConceptRating_pkey" PRIMARY KEY ("responseId","conceptId")
);

-- CreateTable
CREATE TABLE "MaxDiffAnswer" (
    "responseId" TEXT NOT NULL,
    "task" INTEGER NOT NULL,
    "shown" TEXT NOT NULL,
    "bestItemId" TEXT NOT NULL,
    "worstItemId" TEXT NOT NULL,

    CONSTRAINT "MaxDiffAnswer_pkey" PRIMARY KEY ("responseId","task")
);

-- CreateTable
CREATE TABLE "PriceAnswer" (
    "responseId" TEXT NOT NULL,
    "tooCheap" DOUBLE PRECISION NOT NULL,
    "cheap" DOUBLE PRECISION NOT NULL,
    "expensive" DOUBLE PRECISION NOT NULL,
    "tooExpensive" DOUBLE PRECISION NOT NULL,
    "piCheap" INTEGER,
    "piExpensive" INTEGER,

    CONSTRAINT "PriceAnswer_pkey" PRIMARY KEY ("responseId")
);

-- CreateTable
CREATE TABLE "AnalysisCache" (
    "studyId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "dataVersion" INTEGER NOT NULL,
    "result" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AnalysisCache_pkey" PRIMARY KEY ("studyId","kind")
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

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Study" ADD CONSTRAINT "Study_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudyMember" ADD CONSTRAINT "StudyMember_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudyMember" ADD CONSTRAINT "StudyMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Segment" ADD CONSTRAINT "Segment_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Hypothesis" ADD CONSTRAINT "Hypothesis_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HypothesisSegment" ADD CONSTRAINT "HypothesisSegment_hypothesisId_fkey" FOREIGN KEY ("hypothesisId") REFERENCES "Hypothesis"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HypothesisSegment" ADD CONSTRAINT "HypothesisSegment_segmentId_fkey" FOREIGN KEY ("segmentId") REFERENCES "Segment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HypothesisItem" ADD CONSTRAINT "HypothesisItem_hypothesisId_fkey" FOREIGN KEY ("hypothesisId") REFERENCES "Hypothesis"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HypothesisItem" ADD CONSTRAINT "HypothesisItem_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "MaxDiffItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Concept" ADD CONSTRAINT "Concept_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Concept" ADD CONSTRAINT "Concept_hypothesisId_fkey" FOREIGN KEY ("hypothesisId") REFERENCES "Hypothesis"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MaxDiffItem" ADD CONSTRAINT "MaxDiffItem_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MaxDiffSettings" ADD CONSTRAINT "MaxDiffSettings_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MaxDiffDesignTask" ADD CONSTRAINT "MaxDiffDesignTask_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MaxDiffDesignTask" ADD CONSTRAINT "MaxDiffDesignTask_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "MaxDiffItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PricingSettings" ADD CONSTRAINT "PricingSettings_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScreenerOption" ADD CONSTRAINT "ScreenerOption_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScreenerOption" ADD CONSTRAINT "ScreenerOption_segmentId_fkey" FOREIGN KEY ("segmentId") REFERENCES "Segment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Respondent" ADD CONSTRAINT "Respondent_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Respondent" ADD CONSTRAINT "Respondent_segmentId_fkey" FOREIGN KEY ("segmentId") REFERENCES "Segment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnonymousLink" ADD CONSTRAINT "AnonymousLink_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnonymousLink" ADD CONSTRAINT "AnonymousLink_segmentId_fkey" FOREIGN KEY ("segmentId") REFERENCES "Segment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EmailOutbox" ADD CONSTRAINT "EmailOutbox_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EmailOutbox" ADD CONSTRAINT "EmailOutbox_respondentId_fkey" FOREIGN KEY ("respondentId") REFERENCES "Respondent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Response" ADD CONSTRAINT "Response_respondentId_fkey" FOREIGN KEY ("respondentId") REFERENCES "Respondent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Response" ADD CONSTRAINT "Response_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PageSubmission" ADD CONSTRAINT "PageSubmission_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "Response"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConceptRating" ADD CONSTRAINT "ConceptRating_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "Response"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConceptRating" ADD CONSTRAINT "ConceptRating_conceptId_fkey" FOREIGN KEY ("conceptId") REFERENCES "Concept"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MaxDiffAnswer" ADD CONSTRAINT "MaxDiffAnswer_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "Response"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MaxDiffAnswer" ADD CONSTRAINT "MaxDiffAnswer_bestItemId_fkey" FOREIGN KEY ("bestItemId") REFERENCES "MaxDiffItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MaxDiffAnswer" ADD CONSTRAINT "MaxDiffAnswer_worstItemId_fkey" FOREIGN KEY ("worstItemId") REFERENCES "MaxDiffItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PriceAnswer" ADD CONSTRAINT "PriceAnswer_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "Response"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnalysisCache" ADD CONSTRAINT "AnalysisCache_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study"("id") ON DELETE CASCADE ON UPDATE CASCADE;

