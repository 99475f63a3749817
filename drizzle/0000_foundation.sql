CREATE TYPE "public"."partner_role" AS ENUM('lead', 'partner');--> statement-breakpoint
CREATE TYPE "public"."phase_kind" AS ENUM('meeting', 'consultation', 'feedback', 'deadline');--> statement-breakpoint
CREATE TYPE "public"."project_status" AS ENUM('running', 'idea', 'paused', 'completed');--> statement-breakpoint
CREATE TABLE "libraries" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"aliases" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "phases" (
	"id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"date" date,
	"start_date" date,
	"end_date" date,
	"label" text,
	"kind" "phase_kind" NOT NULL,
	"reminders" jsonb,
	CONSTRAINT "phases_date_or_range" CHECK ((date is not null and start_date is null and end_date is null) or (date is null and start_date is not null and end_date is not null and end_date >= start_date))
);
--> statement-breakpoint
CREATE TABLE "programme" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"name" text NOT NULL,
	"organisation" text NOT NULL,
	"timezone" text DEFAULT 'Europe/Amsterdam' NOT NULL,
	"contact_name" text,
	"contact_email" text,
	"holidays" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_partners" (
	"project_id" integer NOT NULL,
	"library_code" text NOT NULL,
	"role" "partner_role" DEFAULT 'partner' NOT NULL,
	CONSTRAINT "project_partners_project_id_library_code_pk" PRIMARY KEY("project_id","library_code")
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"aliases" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"status" "project_status" NOT NULL,
	"all_libraries" boolean DEFAULT false NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "projects_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "status_updates" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"status" "project_status",
	"note" text NOT NULL,
	"author" text,
	"source" text DEFAULT 'slack' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "project_partners" ADD CONSTRAINT "project_partners_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_partners" ADD CONSTRAINT "project_partners_library_code_libraries_code_fk" FOREIGN KEY ("library_code") REFERENCES "public"."libraries"("code") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "status_updates" ADD CONSTRAINT "status_updates_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "project_partners_library_idx" ON "project_partners" USING btree ("library_code");--> statement-breakpoint
CREATE INDEX "status_updates_project_idx" ON "status_updates" USING btree ("project_id","created_at" DESC NULLS LAST);