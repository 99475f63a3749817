CREATE TABLE "installations" (
	"id" serial PRIMARY KEY NOT NULL,
	"install_key" text NOT NULL,
	"is_enterprise_install" boolean NOT NULL,
	"team_id" text,
	"team_name" text,
	"enterprise_id" text,
	"enterprise_name" text,
	"enterprise_url" text,
	"app_id" text,
	"installer_user_id" text NOT NULL,
	"bot_id" text,
	"bot_user_id" text,
	"bot_scopes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"bot_token_sealed" text,
	"bot_refresh_token_sealed" text,
	"bot_token_expires_at" timestamp with time zone,
	"user_scopes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"user_token_sealed" text,
	"user_refresh_token_sealed" text,
	"user_token_expires_at" timestamp with time zone,
	"installed_at" timestamp with time zone NOT NULL,
	"tokens_removed_at" timestamp with time zone,
	CONSTRAINT "installations_install_key_unique" UNIQUE("install_key")
);
--> statement-breakpoint
CREATE TABLE "oauth_states" (
	"id" text PRIMARY KEY NOT NULL,
	"install_options" jsonb NOT NULL,
	"locale" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
