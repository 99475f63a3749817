ALTER TABLE "phases" ADD COLUMN "sequence" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "phases" ADD COLUMN "modified_at" timestamp with time zone DEFAULT date_trunc('second', now()) NOT NULL;--> statement-breakpoint
-- A calendar client updates an event only when its SEQUENCE and LAST-MODIFIED move. Kept by the database
-- itself, so every writer of phases (the import, any later tool) keeps them true without knowing about it.
CREATE FUNCTION "phases_bump_revision"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.title, NEW.description, NEW.date, NEW.start_date, NEW.end_date, NEW.label, NEW.kind, NEW.reminders)
     IS DISTINCT FROM (OLD.title, OLD.description, OLD.date, OLD.start_date, OLD.end_date, OLD.label, OLD.kind, OLD.reminders)
  THEN
    NEW.sequence := OLD.sequence + 1;
    -- LAST-MODIFIED has whole seconds: two revisions within one second must still differ.
    NEW.modified_at := greatest(date_trunc('second', now()), date_trunc('second', OLD.modified_at) + interval '1 second');
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "phases_revision" BEFORE UPDATE ON "phases" FOR EACH ROW EXECUTE FUNCTION "phases_bump_revision"();--> statement-breakpoint
CREATE TABLE "calendar_feed" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"token_nonce" text NOT NULL,
	"token_hash" text NOT NULL,
	"uid_namespace" uuid DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"rotated_at" timestamp with time zone,
	CONSTRAINT "calendar_feed_one_row" CHECK ("calendar_feed"."id" = 1)
);
