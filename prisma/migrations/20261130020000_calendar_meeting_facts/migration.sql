-- AlterTable
ALTER TABLE "synced_calendar_events" ADD COLUMN     "attendee_emails" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "event_type" TEXT NOT NULL DEFAULT 'default',
ADD COLUMN     "has_online_meeting" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "hidden_reason" TEXT,
ADD COLUMN     "ical_uid" TEXT,
ADD COLUMN     "is_organizer" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "markers" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "organizer_email" TEXT,
ADD COLUMN     "self_response" TEXT,
ADD COLUMN     "show_as" TEXT NOT NULL DEFAULT 'busy';


-- Rows stored before classification: cancelled and all-day events were never offered.
UPDATE "synced_calendar_events" SET "hidden_reason" = 'cancelled' WHERE "is_cancelled";
UPDATE "synced_calendar_events" SET "hidden_reason" = 'all_day' WHERE "is_all_day" AND "hidden_reason" IS NULL;
