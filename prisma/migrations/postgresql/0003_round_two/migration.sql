-- AlterTable
ALTER TABLE "User" ADD COLUMN     "emailVerifiedAt" TIMESTAMP(3),
ADD COLUMN     "emailVerifyHash" TEXT,
ADD COLUMN     "emailVerifySalt" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "Study" ADD COLUMN     "maxDiffAnchorQuestion" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "maxDiffAnchored" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "StudyMember" ADD COLUMN     "canSeeContacts" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Segment" ADD COLUMN     "marketShare" DOUBLE PRECISION,
ADD COLUMN     "quota" INTEGER;

-- AlterTable
ALTER TABLE "Respondent" ADD COLUMN     "bouncedAt" TIMESTAMP(3),
ADD COLUMN     "unsubscribeHash" TEXT,
ADD COLUMN     "unsubscribeSalt" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "EmailOutbox" ADD COLUMN     "connectionFailures" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "dedupeKey" TEXT,
ADD COLUMN     "responseCode" INTEGER;

-- AlterTable
ALTER TABLE "Response" ADD COLUMN     "pageShownAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "PageSubmission" ADD COLUMN     "shownAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "MaxDiffAnswer" ADD COLUMN     "anchor" TEXT;

-- CreateTable
CREATE TABLE "StudyInvite" (
    "id" TEXT NOT NULL,
    "studyId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'viewer',
    "tokenHash" TEXT NOT NULL,
    "invitedById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acceptedAt" TIMESTAMP(3),

    CONSTRAINT "StudyInvite_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AccountEmail" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "connectionFailures" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedBy" TEXT,
    "lockedAt" TIMESTAMP(3),
    "messageId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "AccountEmail_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "studyId" TEXT,
    "key" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "input" TEXT NOT NULL,
    "result" TEXT,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lockedBy" TEXT,
    "lockedUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

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
CREATE UNIQUE INDEX "User_emailVerifyHash_key" ON "User"("emailVerifyHash");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

-- CreateIndex
CREATE INDEX "RateLimit_resetAt_idx" ON "RateLimit"("resetAt");

-- CreateIndex
CREATE UNIQUE INDEX "Respondent_unsubscribeHash_key" ON "Respondent"("unsubscribeHash");

-- CreateIndex
CREATE INDEX "Respondent_segmentId_status_idx" ON "Respondent"("segmentId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "EmailOutbox_dedupeKey_key" ON "EmailOutbox"("dedupeKey");

-- CreateIndex
CREATE INDEX "EmailOutbox_studyId_status_idx" ON "EmailOutbox"("studyId", "status");

-- AddForeignKey
ALTER TABLE "StudyInvite" ADD CONSTRAINT "StudyInvite_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudyInvite" ADD CONSTRAINT "StudyInvite_invitedById_fkey" FOREIGN KEY ("invitedById") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccountEmail" ADD CONSTRAINT "AccountEmail_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Job" ADD CONSTRAINT "Job_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study"("id") ON DELETE CASCADE ON UPDATE CASCADE;

