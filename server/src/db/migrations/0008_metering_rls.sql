-- Tenant isolation, cache invalidation and append-only rules for the metering tables of 0007
-- (see 0001 for the pattern).
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['budgets', 'rate_limits', 'credit_ledger', 'usage_rollups', 'metering_alerts']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I TO gatehouse_app USING (org_id = gatehouse_current_org()) WITH CHECK (org_id = gatehouse_current_org())', t);
    EXECUTE format('CREATE POLICY system_access ON %I TO gatehouse_system USING (true) WITH CHECK (true)', t);
  END LOOP;
  FOREACH t IN ARRAY ARRAY['budgets', 'rate_limits']
  LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE ON %I FOR EACH ROW EXECUTE FUNCTION gatehouse_touch_updated_at()', t || '_touch_updated_at', t);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I FOR EACH ROW EXECUTE FUNCTION gatehouse_note_delete()', t || '_note_delete', t);
  END LOOP;
END
$$;
--> statement-breakpoint
-- The credit ledger is append-only like the usage events: corrections are new entries.
CREATE TRIGGER credit_ledger_append_only BEFORE UPDATE OR DELETE ON credit_ledger
  FOR EACH ROW EXECUTE FUNCTION gatehouse_refuse_change();
--> statement-breakpoint
CREATE TRIGGER credit_ledger_no_truncate BEFORE TRUNCATE ON credit_ledger
  FOR EACH STATEMENT EXECUTE FUNCTION gatehouse_refuse_change();
--> statement-breakpoint
-- Rollups are maintained by the usage writer (system door); people only read them.
REVOKE INSERT, UPDATE, DELETE ON usage_rollups FROM gatehouse_app;
