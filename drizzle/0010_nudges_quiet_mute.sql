CREATE TABLE "dm_mutes" (
	"user_id" text PRIMARY KEY NOT NULL,
	"until" timestamp with time zone NOT NULL,
	"set_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "phases" ADD COLUMN "nudge_days" integer;--> statement-breakpoint
ALTER TABLE "programme" ADD COLUMN "quiet_periods" jsonb DEFAULT '[]'::jsonb NOT NULL;