-- A farmer (app.farmer_user_id set) sees only the records of their own farmer record. The policies
-- said so with a subquery, `farmer_id IN (SELECT f.id FROM farmers f WHERE f.user_id = …)`, which
-- PostgreSQL plans anew inside every statement on these tables, for staff too, who never need it:
-- planning it was most of the cost of reading one field. The same test is now a PL/pgSQL function,
-- which the planner does not expand and which keeps its own plan for the session; it runs only
-- for a farmer's statements, and as the caller (SECURITY INVOKER), so farmers' own row-level
-- security still applies inside it. What each policy admits is unchanged.
CREATE FUNCTION app_farmer_owns(farmer uuid) RETURNS boolean
  LANGUAGE plpgsql STABLE
  AS $$
BEGIN
  RETURN EXISTS (SELECT FROM farmers f WHERE f.id = farmer AND f.user_id = app_farmer_user_id());
END
$$;

DO $$
DECLARE
  registry text;
BEGIN
  FOREACH registry IN ARRAY ARRAY['farms', 'fields', 'crop_cycles', 'soil_tests', 'registry_changes', 'vegetation_analyses', 'vegetation_results', 'events'] LOOP
    EXECUTE format(
      'ALTER POLICY %I ON %I USING (tenant_id = app_tenant_id() AND (app_farmer_user_id() IS NULL OR app_farmer_owns(farmer_id)))',
      registry || '_tenant', registry);
  END LOOP;
END
$$;

ALTER POLICY scheme_applications_tenant ON scheme_applications
  USING (tenant_id = app_tenant_id() AND (app_farmer_user_id() IS NULL OR app_farmer_owns(farmer_id)))
  WITH CHECK (tenant_id = app_tenant_id() AND (app_farmer_user_id() IS NULL OR app_farmer_owns(farmer_id)));
