CREATE TABLE "programme_change_log" (
	"id" serial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL,
	"source" text NOT NULL,
	"edit" text NOT NULL,
	"summary" jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "programme_change_log_at_idx" ON "programme_change_log" USING btree ("at" DESC NULLS LAST);