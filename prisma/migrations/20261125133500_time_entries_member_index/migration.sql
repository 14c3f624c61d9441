-- CreateIndex
CREATE INDEX "time_entries_organization_id_user_id_started_at_id_idx" ON "time_entries"("organization_id", "user_id", "started_at" DESC, "id" DESC);

