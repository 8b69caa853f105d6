-- AlterTable
ALTER TABLE "Study" ADD COLUMN     "planExpectations" TEXT NOT NULL DEFAULT '{}';

