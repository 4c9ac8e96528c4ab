-- Crop health from Sentinel-2: analyses requested for a field (each one a background job) and the
-- statistics of each vegetation index per field and scene. A result is keyed by (field, scene,
-- index), so a retried job, a rerun or the weekly job never duplicates it; it keeps the scene id and
-- asset hrefs for provenance.

CREATE TABLE vegetation_analyses (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  field_id uuid NOT NULL REFERENCES fields (id) ON DELETE CASCADE,
  farmer_id uuid NOT NULL REFERENCES farmers (id) ON DELETE CASCADE,
  job_id text,
  from_date date NOT NULL,
  to_date date NOT NULL CHECK (to_date >= from_date),
  max_cloud_pct real NOT NULL CHECK (max_cloud_pct BETWEEN 0 AND 100),
  -- Every index is computed; this is the one the caller asked to see.
  index text NOT NULL DEFAULT 'ndvi' CHECK (index IN ('ndvi', 'evi', 'ndwi')),
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
  provider text,
  scenes_found integer,
  scenes_processed integer NOT NULL DEFAULT 0,
  error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX vegetation_analyses_field ON vegetation_analyses (tenant_id, field_id, created_at DESC);

CREATE TABLE vegetation_results (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  field_id uuid NOT NULL REFERENCES fields (id) ON DELETE CASCADE,
  farmer_id uuid NOT NULL REFERENCES farmers (id) ON DELETE CASCADE,
  scene_id text NOT NULL,
  index text NOT NULL CHECK (index IN ('ndvi', 'evi', 'ndwi')),
  -- The analysis that last computed it (null for the weekly job's own runs).
  analysis_id uuid REFERENCES vegetation_analyses (id) ON DELETE SET NULL,
  provider text NOT NULL,
  collection text NOT NULL,
  acquired_at timestamptz NOT NULL,
  epsg integer NOT NULL,
  pixels_in_field integer NOT NULL,
  valid_pixels integer NOT NULL,
  valid_pixel_pct double precision NOT NULL,
  cloud_pct double precision NOT NULL,
  mean double precision,
  median double precision,
  std double precision,
  p10 double precision,
  p90 double precision,
  min double precision,
  max double precision,
  asset_hrefs jsonb NOT NULL,
  computed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, field_id, scene_id, index)
);
CREATE INDEX vegetation_results_series ON vegetation_results (tenant_id, field_id, index, acquired_at);
CREATE INDEX vegetation_results_analysis ON vegetation_results (analysis_id);
-- The weekly pass reads fields cell by cell across tenants, by latitude first.
CREATE INDEX fields_position ON fields (centroid_lat, centroid_lon);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['vegetation_analyses', 'vegetation_results'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY %I ON %I TO kheti_app USING (tenant_id = app_tenant_id() AND (app_farmer_user_id() IS NULL OR farmer_id IN (SELECT f.id FROM farmers f WHERE f.user_id = app_farmer_user_id()))) WITH CHECK (tenant_id = app_tenant_id())',
      t || '_tenant', t);
    EXECUTE format('CREATE POLICY %I ON %I TO kheti_platform USING (true)', t || '_platform', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO kheti_app, kheti_platform', t);
  END LOOP;
END $$;
