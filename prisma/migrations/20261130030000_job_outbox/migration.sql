-- CreateTable
CREATE TABLE "job_outbox" (
    "id" BIGSERIAL NOT NULL,
    "job_key" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "options" JSONB NOT NULL DEFAULT '{}',
    "dedupe_key" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "relayed_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,

    CONSTRAINT "job_outbox_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "job_outbox_dedupe_key_key" ON "job_outbox"("dedupe_key");

-- CreateIndex
CREATE INDEX "job_outbox_relayed_at_id_idx" ON "job_outbox"("relayed_at", "id");

-- CreateIndex
CREATE INDEX "time_entries_created_at_idx" ON "time_entries"("created_at");

