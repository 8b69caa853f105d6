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
ALTER TABLE "Respondent" ADD COLUMN     "bouncedAt" TIMESTAMP(3),
ADD COLUMN     "unsubscribeHash" TEXT,
ADD COLUMN     "unsubscribeSalt" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "EmailOutbox" ADD COLUMN     "connectionFailures" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "dedupeKey" TEXT,
ADD COLUMN     "responseCode" INTEGER;

-- AlterTable
ALTER TABLE "MaxDiffAnswer" ADD COLUMN     "anchor" TEXT;

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

-- CreateIndex
CREATE INDEX "AccountEmail_status_nextAttemptAt_idx" ON "AccountEmail"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "AccountEmail_userId_idx" ON "AccountEmail"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "User_emailVerifyHash_key" ON "User"("emailVerifyHash");

-- CreateIndex
CREATE UNIQUE INDEX "Respondent_unsubscribeHash_key" ON "Respondent"("unsubscribeHash");

-- CreateIndex
CREATE UNIQUE INDEX "EmailOutbox_dedupeKey_key" ON "EmailOutbox"("dedupeKey");

-- CreateIndex
CREATE INDEX "EmailOutbox_studyId_status_idx" ON "EmailOutbox"("studyId", "status");

-- AddForeignKey
ALTER TABLE "AccountEmail" ADD CONSTRAINT "AccountEmail_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

