-- AlterTable
ALTER TABLE "Segment" ADD COLUMN "marketShare" DOUBLE PRECISION;
