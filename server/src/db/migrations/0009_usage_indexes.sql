DROP INDEX "usage_events_org_time_idx";--> statement-breakpoint
DROP INDEX "usage_events_key_time_idx";--> statement-breakpoint
CREATE INDEX "usage_events_user_time_idx" ON "usage_events" USING btree ("org_id","user_id","created_at","id");--> statement-breakpoint
CREATE INDEX "usage_events_org_time_idx" ON "usage_events" USING btree ("org_id","created_at","id");--> statement-breakpoint
CREATE INDEX "usage_events_key_time_idx" ON "usage_events" USING btree ("key_id","created_at","id");--> statement-breakpoint
-- The org's time zone for the day rollups of the usage writer, or 'UTC' when the stored name is
-- empty or unknown to this server's tz database: one odd setting must never fail a whole batch of
-- usage writes (of every org in it). The exception block costs a subtransaction per call; the
-- writer calls it once per org in a batch.
CREATE OR REPLACE FUNCTION gatehouse_zone_or_utc(zone text) RETURNS text
  LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF zone IS NULL OR zone = '' THEN
    RETURN 'UTC';
  END IF;
  PERFORM now() AT TIME ZONE zone;
  RETURN zone;
EXCEPTION WHEN OTHERS THEN
  RETURN 'UTC';
END
$$;
