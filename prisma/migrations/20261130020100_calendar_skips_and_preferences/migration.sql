-- AlterTable
ALTER TABLE "users" ADD COLUMN     "offer_focus_time" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "offer_free_events" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "calendar_integrations" ADD COLUMN     "first_skip_error" TEXT,
ADD COLUMN     "skipped_events" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "synced_calendar_events_user_id_ical_uid_event_start_idx" ON "synced_calendar_events"("user_id", "ical_uid", "event_start");

