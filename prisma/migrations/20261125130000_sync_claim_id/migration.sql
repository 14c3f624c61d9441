-- AlterTable
ALTER TABLE "calendar_integrations" ADD COLUMN     "sync_claim_id" TEXT;

