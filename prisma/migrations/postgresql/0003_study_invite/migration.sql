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

-- CreateIndex
CREATE UNIQUE INDEX "StudyInvite_tokenHash_key" ON "StudyInvite"("tokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "StudyInvite_studyId_email_key" ON "StudyInvite"("studyId", "email");

-- AddForeignKey
ALTER TABLE "StudyInvite" ADD CONSTRAINT "StudyInvite_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudyInvite" ADD CONSTRAINT "StudyInvite_invitedById_fkey" FOREIGN KEY ("invitedById") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

