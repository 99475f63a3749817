CREATE TYPE "public"."delivery_status" AS ENUM('pending', 'claimed', 'sent', 'failed', 'skipped');--> statement-breakpoint
CREATE TYPE "public"."feedback_judgement" AS ENUM('agree', 'agree_with_remarks', 'disagree');--> statement-breakpoint
CREATE TYPE "public"."idea_status" AS ENUM('proposed', 'approved', 'declined');--> statement-breakpoint
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
CREATE TABLE "feedback_responses" (
	"id" serial PRIMARY KEY NOT NULL,
	"phase_id" text NOT NULL,
	"library_code" text NOT NULL,
	"user_id" text NOT NULL,
	"judgement" "feedback_judgement" NOT NULL,
	"remarks" text DEFAULT '' NOT NULL,
	"priorities" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"may_contact" boolean DEFAULT false NOT NULL,
	"late" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ideas" (
	"id" serial PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"theme" text DEFAULT '' NOT NULL,
	"library_codes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"proposed_by" text NOT NULL,
	"status" "idea_status" DEFAULT 'proposed' NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"project_slug" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
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
CREATE TABLE "user_libraries" (
	"user_id" text PRIMARY KEY NOT NULL,
	"library_code" text NOT NULL,
	"set_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "phases" ADD COLUMN "late" text DEFAULT 'accept' NOT NULL;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "linked_channel_id" text;--> statement-breakpoint
ALTER TABLE "status_updates" ADD COLUMN "next_milestone" date;--> statement-breakpoint
ALTER TABLE "user_libraries" ADD CONSTRAINT "user_libraries_library_code_libraries_code_fk" FOREIGN KEY ("library_code") REFERENCES "public"."libraries"("code") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_key_channel_idx" ON "deliveries" USING btree ("kind","key","channel_id");--> statement-breakpoint
CREATE INDEX "deliveries_due_idx" ON "deliveries" USING btree ("status","due_at");--> statement-breakpoint
CREATE INDEX "feedback_phase_user_idx" ON "feedback_responses" USING btree ("phase_id","user_id","created_at" DESC NULLS LAST);