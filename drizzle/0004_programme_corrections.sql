-- Every status update gets a stable id that the programme file carries (`id:` under `updates:`), so an
-- export → edit → import corrects an update instead of adding a second one. random() is volatile, so
-- each existing row gets its own value.
ALTER TABLE "status_updates" ADD COLUMN "public_id" text DEFAULT ('u' || substr(md5(random()::text || clock_timestamp()::text), 1, 10)) NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "status_updates_public_id_idx" ON "status_updates" USING btree ("public_id");
