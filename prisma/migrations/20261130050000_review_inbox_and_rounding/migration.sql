-- CreateEnum
CREATE TYPE "BillingRounding" AS ENUM ('none', 'up_6', 'up_15', 'up_30', 'nearest_6', 'nearest_15', 'nearest_30');

-- AlterTable
ALTER TABLE "organizations" ADD COLUMN     "billing_rounding" "BillingRounding" NOT NULL DEFAULT 'none';

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "review_nudge_enabled" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "review_nudge_time" TEXT NOT NULL DEFAULT '17:30';

-- AlterTable
ALTER TABLE "clients" ADD COLUMN     "auto_convert" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "email_domains" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "projects" ADD COLUMN     "auto_convert" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "billing_rounding" "BillingRounding",
ADD COLUMN     "keywords" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "time_entries" ADD COLUMN     "auto" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable: lines drafted before rounding existed billed the real duration.
ALTER TABLE "invoice_lines" ADD COLUMN     "billed_duration_seconds" INTEGER;
UPDATE "invoice_lines" SET "billed_duration_seconds" = "duration_seconds";
ALTER TABLE "invoice_lines" ALTER COLUMN "billed_duration_seconds" SET NOT NULL;

-- CreateTable
CREATE TABLE "review_dismissals" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "calendar_id" UUID NOT NULL,
    "provider_event_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "review_dismissals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "review_series_dismissals" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "calendar_id" UUID NOT NULL,
    "recurring_event_id" TEXT NOT NULL,
    "from_start" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "review_series_dismissals_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "review_dismissals_user_id_idx" ON "review_dismissals"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "review_dismissals_calendar_id_provider_event_id_key" ON "review_dismissals"("calendar_id", "provider_event_id");

-- CreateIndex
CREATE INDEX "review_series_dismissals_user_id_idx" ON "review_series_dismissals"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "review_series_dismissals_calendar_id_recurring_event_id_key" ON "review_series_dismissals"("calendar_id", "recurring_event_id");

-- AddForeignKey
ALTER TABLE "review_dismissals" ADD CONSTRAINT "review_dismissals_calendar_id_fkey" FOREIGN KEY ("calendar_id") REFERENCES "calendar_integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "review_series_dismissals" ADD CONSTRAINT "review_series_dismissals_calendar_id_fkey" FOREIGN KEY ("calendar_id") REFERENCES "calendar_integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

