-- Water a field received, as its farmer or agronomist recorded it: an irrigation (the net depth
-- that entered the soil, Ii of FAO-56 Eq. 85) or rain read from the field's own gauge (P of Eq. 85,
-- standing in for the weather source's rain that day). The advisory's root-zone water balance
-- counts them day by day instead of assuming the field was at field capacity.
--
-- Tenant-owned and isolated by row-level security like every tenant table. A farmer (a caller with
-- app.farmer_user_id set) sees and records only events of the fields the registry's own policies
-- let them see: the policy asks the fields table, so when a farm changes hands its fields' events
-- follow without a copy of the farmer to keep up to date. Ids are unique per tenant (0014), so an
-- offline client's id never collides with another tenant's.
CREATE TABLE field_irrigations (
  id uuid NOT NULL,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  field_id uuid NOT NULL,
  occurred_on date NOT NULL,
  kind text NOT NULL DEFAULT 'irrigation' CHECK (kind IN ('irrigation', 'rain')),
  depth_mm double precision NOT NULL CHECK (depth_mm > 0 AND depth_mm <= 500),
  note text CHECK (length(note) BETWEEN 1 AND 500),
  -- Who recorded it (a user; for an OAuth client the user who created the client).
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Events are not edited (a mistaken one is deleted and recorded again); the version gives the
  -- ETag and If-Match of the other records.
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, field_id) REFERENCES fields (tenant_id, id) ON DELETE CASCADE
);
-- Newest first per field, the order of the list and of the balance's look-back.
CREATE INDEX field_irrigations_field ON field_irrigations (tenant_id, field_id, occurred_on DESC, id DESC);

ALTER TABLE field_irrigations ENABLE ROW LEVEL SECURITY;
ALTER TABLE field_irrigations FORCE ROW LEVEL SECURITY;
CREATE POLICY field_irrigations_tenant ON field_irrigations TO kheti_app
  USING (tenant_id = app_tenant_id() AND (app_farmer_user_id() IS NULL OR field_id IN (SELECT f.id FROM fields f)))
  WITH CHECK (tenant_id = app_tenant_id() AND (app_farmer_user_id() IS NULL OR field_id IN (SELECT f.id FROM fields f)));
CREATE POLICY field_irrigations_platform ON field_irrigations TO kheti_platform USING (true);

GRANT SELECT, INSERT, DELETE ON field_irrigations TO kheti_app;
GRANT SELECT ON field_irrigations TO kheti_platform;
