-- Roles, grants, row-level security and append-only triggers. Kept out of the Drizzle schema on
-- purpose: drizzle-kit must never manage roles (push would try to drop every other role).
--
-- gatehouse_app    runs every tenant query (withOrg); sees only rows of app.org_id.
-- gatehouse_system runs the named system door (withSystem): key lookup, usage writes, jobs.
-- Neither role can log in or bypass RLS; the connecting user switches to them per transaction.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'gatehouse_app') THEN
    CREATE ROLE gatehouse_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'gatehouse_system') THEN
    CREATE ROLE gatehouse_system NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT;
  END IF;
  EXECUTE format('GRANT gatehouse_app, gatehouse_system TO %I', current_user);
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO gatehouse_app, gatehouse_system;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO gatehouse_app, gatehouse_system;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO gatehouse_app, gatehouse_system;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO gatehouse_app, gatehouse_system;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO gatehouse_app, gatehouse_system;
--> statement-breakpoint
-- The org of the current transaction. A pooled connection that once had the setting reads it back
-- as '' rather than NULL, which a bare ::uuid cast would turn into an error.
CREATE OR REPLACE FUNCTION gatehouse_current_org() RETURNS uuid
  LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('app.org_id', true), '')::uuid $$;
--> statement-breakpoint
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['departments', 'memberships', 'api_keys', 'providers', 'models', 'usage_events', 'audit_events']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I TO gatehouse_app USING (org_id = gatehouse_current_org()) WITH CHECK (org_id = gatehouse_current_org())', t);
    EXECUTE format('CREATE POLICY system_access ON %I TO gatehouse_system USING (true) WITH CHECK (true)', t);
  END LOOP;
END
$$;
--> statement-breakpoint
ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE organizations FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON organizations TO gatehouse_app USING (id = gatehouse_current_org()) WITH CHECK (id = gatehouse_current_org());
--> statement-breakpoint
CREATE POLICY system_access ON organizations TO gatehouse_system USING (true) WITH CHECK (true);
--> statement-breakpoint
-- Append-only ledgers: usage and audit rows are never changed or removed, by anyone.
CREATE OR REPLACE FUNCTION gatehouse_refuse_change() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER usage_events_append_only BEFORE UPDATE OR DELETE ON usage_events
  FOR EACH ROW EXECUTE FUNCTION gatehouse_refuse_change();
--> statement-breakpoint
CREATE TRIGGER usage_events_no_truncate BEFORE TRUNCATE ON usage_events
  FOR EACH STATEMENT EXECUTE FUNCTION gatehouse_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION gatehouse_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION gatehouse_refuse_change();
--> statement-breakpoint
-- updated_at moves on every change: the in-memory caches of keys, providers, models and orgs poll
-- for rows changed since their last look, which is how a revoke reaches every process in a second.
-- Bookkeeping writes (a key's last_used_at) set gatehouse.skip_touch so they invalidate no cache.
CREATE OR REPLACE FUNCTION gatehouse_touch_updated_at() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('gatehouse.skip_touch', true) = 'on' THEN
    RETURN NEW;
  END IF;
  NEW.updated_at := clock_timestamp();
  RETURN NEW;
END
$$;
--> statement-breakpoint
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['organizations', 'users', 'departments', 'memberships', 'api_keys', 'providers', 'models']
  LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE ON %I FOR EACH ROW EXECUTE FUNCTION gatehouse_touch_updated_at()', t || '_touch_updated_at', t);
  END LOOP;
END
$$;
--> statement-breakpoint
CREATE INDEX organizations_updated_idx ON organizations (updated_at);
--> statement-breakpoint
-- Deleted rows leave no updated_at to poll for: their deletion is recorded here instead, so every
-- process drops them from its caches within a second. Old entries are pruned by the pollers.
CREATE TABLE cache_invalidations (
  id bigserial PRIMARY KEY,
  table_name text NOT NULL,
  row_id uuid NOT NULL,
  org_id uuid,
  at timestamptz NOT NULL DEFAULT clock_timestamp()
);
--> statement-breakpoint
CREATE INDEX cache_invalidations_at_idx ON cache_invalidations (at);
--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON cache_invalidations TO gatehouse_app, gatehouse_system;
--> statement-breakpoint
GRANT USAGE ON SEQUENCE cache_invalidations_id_seq TO gatehouse_app, gatehouse_system;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION gatehouse_note_delete() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO cache_invalidations (table_name, row_id, org_id)
    VALUES (TG_TABLE_NAME, OLD.id, CASE WHEN TG_TABLE_NAME = 'organizations' THEN OLD.id ELSE OLD.org_id END);
  RETURN OLD;
END
$$;
--> statement-breakpoint
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['organizations', 'memberships', 'api_keys', 'providers', 'models']
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I FOR EACH ROW EXECUTE FUNCTION gatehouse_note_delete()', t || '_note_delete', t);
  END LOOP;
END
$$;
