-- The field registry: farmers, farms, fields, crop cycles, soil tests, and the change log that
-- offline clients sync from.
--
-- Isolation has two layers, both in SQL policies:
--   tenant  every row belongs to app.tenant_id (as for every tenant-owned table);
--   farmer  when app.farmer_user_id is set (a caller with role `farmer`), only the farmer record
--           linked to that user, and what hangs off it, is visible.

CREATE FUNCTION app_farmer_user_id() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('app.farmer_user_id', true), '')::uuid $$;

CREATE TABLE farmers (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  village text,
  district text,
  state text NOT NULL,
  land_holding_ha numeric(12, 4) CHECK (land_holding_ha >= 0),
  category text CHECK (category IN ('marginal', 'small', 'semi_medium', 'medium', 'large')),
  social_category text,
  -- Personal data: sealed (envelope encryption), found through keyed blind indexes, shown masked.
  phone_sealed text,
  phone_index text,
  phone_hint text,
  aadhaar_sealed text,
  aadhaar_index text,
  aadhaar_last4 text,
  bank_account_sealed text,
  bank_account_last4 text,
  ifsc text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX farmers_tenant_name ON farmers (tenant_id, name, id);
CREATE UNIQUE INDEX farmers_aadhaar ON farmers (tenant_id, aadhaar_index) WHERE aadhaar_index IS NOT NULL;
CREATE INDEX farmers_phone ON farmers (tenant_id, phone_index) WHERE phone_index IS NOT NULL;
CREATE UNIQUE INDEX farmers_user ON farmers (tenant_id, user_id) WHERE user_id IS NOT NULL;

CREATE TABLE farms (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  farmer_id uuid NOT NULL REFERENCES farmers (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  village text,
  district text,
  state text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX farms_farmer ON farms (tenant_id, farmer_id);

CREATE TABLE fields (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  farm_id uuid NOT NULL REFERENCES farms (id) ON DELETE CASCADE,
  -- Copied from the farm, so the farmer policy and farmer filters need no join.
  farmer_id uuid NOT NULL REFERENCES farmers (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  boundary jsonb NOT NULL,
  area_ha numeric(12, 4) NOT NULL,
  centroid_lat double precision NOT NULL,
  centroid_lon double precision NOT NULL,
  min_lon double precision NOT NULL,
  min_lat double precision NOT NULL,
  max_lon double precision NOT NULL,
  max_lat double precision NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX fields_farm ON fields (tenant_id, farm_id);
CREATE INDEX fields_farmer ON fields (tenant_id, farmer_id);
-- bbox= and near= queries first narrow by the centroid's position, then test exactly.
CREATE INDEX fields_centroid ON fields (tenant_id, centroid_lat, centroid_lon);

CREATE TABLE crop_cycles (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  field_id uuid NOT NULL REFERENCES fields (id) ON DELETE CASCADE,
  farmer_id uuid NOT NULL REFERENCES farmers (id) ON DELETE CASCADE,
  crop text NOT NULL,
  variety text,
  season text NOT NULL CHECK (season IN ('kharif', 'rabi', 'zaid')),
  sowing_date date NOT NULL,
  expected_harvest_date date,
  irrigation text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  CHECK (expected_harvest_date IS NULL OR expected_harvest_date > sowing_date)
);
CREATE INDEX crop_cycles_field ON crop_cycles (tenant_id, field_id, sowing_date DESC);

CREATE TABLE soil_tests (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  field_id uuid NOT NULL REFERENCES fields (id) ON DELETE CASCADE,
  farmer_id uuid NOT NULL REFERENCES farmers (id) ON DELETE CASCADE,
  sampled_on date NOT NULL,
  -- Soil Health Card parameters; units as on the card (kg/ha for N, P, K; dS/m for EC; % for OC; ppm for micronutrients).
  measurements jsonb NOT NULL,
  lab text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX soil_tests_field ON soil_tests (tenant_id, field_id, sampled_on DESC);

-- Every change to the registry, in commit order per tenant, for GET /v1/sync. A trigger writes it
-- while holding a per-tenant transaction lock, so sequence order is commit order within a tenant
-- (registry writes of one tenant are serialised; they are few and small). Deletions stay here as
-- tombstones after the row is gone.
CREATE TABLE registry_changes (
  seq bigserial PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  entity text NOT NULL,
  entity_id uuid NOT NULL,
  farmer_id uuid,
  op text NOT NULL CHECK (op IN ('upsert', 'delete')),
  version integer,
  changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX registry_changes_tenant_seq ON registry_changes (tenant_id, seq);

CREATE FUNCTION record_registry_change() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  subject record;
  owner uuid;
BEGIN
  IF TG_OP = 'DELETE' THEN subject := OLD; ELSE subject := NEW; END IF;
  -- An IF, not a CASE: PL/pgSQL resolves every field a CASE names, and farmers has no farmer_id.
  IF TG_TABLE_NAME = 'farmers' THEN owner := subject.id; ELSE owner := subject.farmer_id; END IF;
  PERFORM pg_advisory_xact_lock(hashtext('registry:' || subject.tenant_id::text));
  INSERT INTO registry_changes (tenant_id, entity, entity_id, farmer_id, op, version)
  VALUES (subject.tenant_id, TG_TABLE_NAME, subject.id, owner,
          CASE WHEN TG_OP = 'DELETE' THEN 'delete' ELSE 'upsert' END,
          CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE subject.version END);
  RETURN NULL;
END $$;

DO $$
DECLARE
  registry text;
BEGIN
  FOREACH registry IN ARRAY ARRAY['farmers', 'farms', 'fields', 'crop_cycles', 'soil_tests'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', registry);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', registry);
    EXECUTE format(
      'CREATE POLICY %I ON %I TO kheti_app USING (tenant_id = app_tenant_id() AND (app_farmer_user_id() IS NULL OR %s)) WITH CHECK (tenant_id = app_tenant_id())',
      registry || '_tenant', registry,
      CASE WHEN registry = 'farmers' THEN 'user_id = app_farmer_user_id()'
           ELSE 'farmer_id IN (SELECT f.id FROM farmers f WHERE f.user_id = app_farmer_user_id())' END);
    EXECUTE format('CREATE POLICY %I ON %I TO kheti_platform USING (true)', registry || '_platform', registry);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO kheti_app, kheti_platform', registry);
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION record_registry_change()',
      registry || '_changes', registry);
    -- An update that leaves the version alone (re-wrapping sealed values on key rotation) is no
    -- change a client needs to fetch.
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I FOR EACH ROW WHEN (OLD.version IS DISTINCT FROM NEW.version) EXECUTE FUNCTION record_registry_change()',
      registry || '_updates', registry);
  END LOOP;
END $$;

ALTER TABLE registry_changes ENABLE ROW LEVEL SECURITY;
ALTER TABLE registry_changes FORCE ROW LEVEL SECURITY;
CREATE POLICY registry_changes_tenant ON registry_changes TO kheti_app
  USING (tenant_id = app_tenant_id() AND (app_farmer_user_id() IS NULL OR farmer_id IN (SELECT f.id FROM farmers f WHERE f.user_id = app_farmer_user_id())))
  WITH CHECK (tenant_id = app_tenant_id());
CREATE POLICY registry_changes_platform ON registry_changes TO kheti_platform USING (true);
GRANT SELECT, INSERT ON registry_changes TO kheti_app, kheti_platform;
GRANT USAGE ON SEQUENCE registry_changes_seq_seq TO kheti_app, kheti_platform;
