-- When the first claim that may have reached Slack was taken (database clock): a claim whose outcome is
-- unknown looks for its message in the channel from then on, instead of posting it again blind.
ALTER TABLE "deliveries" ADD COLUMN "first_claimed_at" timestamp with time zone;
