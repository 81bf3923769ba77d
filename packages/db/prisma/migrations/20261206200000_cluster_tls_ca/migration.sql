-- AlterTable
ALTER TABLE "cluster" ADD COLUMN     "tlsCaPem" TEXT;
