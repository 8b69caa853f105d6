-- AlterTable
ALTER TABLE "PricingSettings" ADD COLUMN     "ggEnabled" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "ggLadder" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "ggStart" TEXT NOT NULL DEFAULT 'middle';

-- CreateTable
CREATE TABLE "GaborGrangerAnswer" (
    "responseId" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "price" DOUBLE PRECISION NOT NULL,
    "likelihood" INTEGER NOT NULL,

    CONSTRAINT "GaborGrangerAnswer_pkey" PRIMARY KEY ("responseId","step")
);

-- CreateIndex
CREATE UNIQUE INDEX "GaborGrangerAnswer_responseId_price_key" ON "GaborGrangerAnswer"("responseId", "price");

-- AddForeignKey
ALTER TABLE "GaborGrangerAnswer" ADD CONSTRAINT "GaborGrangerAnswer_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "Response"("id") ON DELETE CASCADE ON UPDATE CASCADE;

