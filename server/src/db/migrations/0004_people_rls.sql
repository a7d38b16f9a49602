-- Tenant isolation and cache invalidation for the tables added in 0003 (see 0001 for the pattern).
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['invitations', 'model_access']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I TO gatehouse_app USING (org_id = gatehouse_current_org()) WITH CHECK (org_id = gatehouse_current_org())', t);
    EXECUTE format('CREATE POLICY system_access ON %I TO gatehouse_system USING (true) WITH CHECK (true)', t);
  END LOOP;
END
$$;
--> statement-breakpoint
-- Mail may belong to no org (password resets): only the system door reads and writes it.
REVOKE ALL ON mail_outbox FROM gatehouse_app;
--> statement-breakpoint
CREATE TRIGGER model_access_touch_updated_at BEFORE UPDATE ON model_access FOR EACH ROW EXECUTE FUNCTION gatehouse_touch_updated_at();
--> statement-breakpoint
CREATE TRIGGER model_access_note_delete AFTER DELETE ON model_access FOR EACH ROW EXECUTE FUNCTION gatehouse_note_delete();
