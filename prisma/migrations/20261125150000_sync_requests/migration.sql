-- AlterTable
ALTER TABLE "calendar_integrations" ADD COLUMN     "sync_requests" INTEGER NOT NULL DEFAULT 0;

