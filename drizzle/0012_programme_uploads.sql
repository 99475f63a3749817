CREATE TABLE "programme_uploads" (
	"id" serial PRIMARY KEY NOT NULL,
	"file_id" text,
	"user_id" text NOT NULL,
	"file_name" text NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"text" text,
	"programme_version" integer,
	"created_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "programme_uploads_file_id_idx" ON "programme_uploads" USING btree ("file_id");