CREATE TYPE "public"."delivery_status" AS ENUM('pending', 'claimed', 'sent', 'failed', 'skipped');--> statement-breakpoint
CREATE TYPE "public"."subscription_topic" AS ENUM('reminders', 'digest');--> statement-breakpoint
CREATE TABLE "admins" (
	"user_id" text PRIMARY KEY NOT NULL,
	"added_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deliveries" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"channel_id" text NOT NULL,
	"phase_id" text,
	"offset" text,
	"due_at" timestamp with time zone NOT NULL,
	"status" "delivery_status" DEFAULT 'pending' NOT NULL,
	"claimed_by" text,
	"lease_until" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"message_ts" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "subscriptions" (
	"channel_id" text NOT NULL,
	"topic" "subscription_topic" NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subscriptions_channel_id_topic_pk" PRIMARY KEY("channel_id","topic")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_key_channel_idx" ON "deliveries" USING btree ("kind","key","channel_id");--> statement-breakpoint
CREATE INDEX "deliveries_due_idx" ON "deliveries" USING btree ("status","due_at");