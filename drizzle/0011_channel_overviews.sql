CREATE TABLE "channel_overviews" (
	"channel_id" text PRIMARY KEY NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"message_ts" text,
	"pinned" boolean DEFAULT false NOT NULL,
	"content_hash" text,
	"dirty" boolean DEFAULT true NOT NULL,
	"repost" boolean DEFAULT false NOT NULL,
	"stale_at" timestamp with time zone,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"claimed_by" text,
	"lease_until" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"canvas_state" text DEFAULT 'untried' NOT NULL,
	"canvas_id" text,
	"canvas_refusal" text,
	"refreshed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "channel_overviews_due_idx" ON "channel_overviews" USING btree ("dirty","next_attempt_at");