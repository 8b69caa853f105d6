-- AlterTable
ALTER TABLE "Respondent" ADD COLUMN     "tokenSalt" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "AnonymousLink" ADD COLUMN     "tokenSalt" TEXT NOT NULL DEFAULT '';

