CREATE TABLE "slack_request_fingerprints" (
	"fingerprint" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"instance" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "slack_request_fingerprints_recorded_idx" ON "slack_request_fingerprints" USING btree ("recorded_at");
