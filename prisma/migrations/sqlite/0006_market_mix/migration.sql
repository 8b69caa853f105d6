-- AlterTable
ALTER TABLE "Segment" ADD COLUMN "marketShare" REAL;
