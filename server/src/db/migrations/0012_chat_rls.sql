-- Tenant isolation and updated_at for the web chat tables of 0011 (see 0001 and 0008 for the
-- pattern). Who may read a conversation within the org (its owner only) is decided in code.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['conversations', 'messages', 'message_feedback']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I TO gatehouse_app USING (org_id = gatehouse_current_org()) WITH CHECK (org_id = gatehouse_current_org())', t);
    EXECUTE format('CREATE POLICY system_access ON %I TO gatehouse_system USING (true) WITH CHECK (true)', t);
  END LOOP;
  FOREACH t IN ARRAY ARRAY['conversations', 'message_feedback']
  LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE ON %I FOR EACH ROW EXECUTE FUNCTION gatehouse_touch_updated_at()', t || '_touch_updated_at', t);
  END LOOP;
END
$$;
