-- Crop insurance under the Pradhan Mantri Fasal Bima Yojana (PMFBY): the class of each crop that
-- sets the farmer's share of the premium, and the farmers' intimations of crop loss.
--
-- pmfby_crop_classes: platform reference data, one row per crop whose class is sourced
-- (reference/pmfby-crop-classes.csv, a source per row). A crop without a row has no sourced class,
-- and the premium tool says so rather than guess.
CREATE TABLE pmfby_crop_classes (
  crop text PRIMARY KEY REFERENCES crops (code),
  pmfby_class text NOT NULL CHECK (pmfby_class IN ('food_crop', 'oilseed', 'annual_commercial_horticultural')),
  source text NOT NULL
);
INSERT INTO pmfby_crop_classes (crop, pmfby_class, source) VALUES
  ('paddy', 'food_crop', 'PIB_AE_2019_20: rice among the foodgrains'),
  ('wheat', 'food_crop', 'PIB_AE_2019_20: wheat among the foodgrains'),
  ('maize', 'food_crop', 'PIB_AE_2019_20: maize among the foodgrains (nutri/coarse cereals)'),
  ('tur_arhar', 'food_crop', 'PIB_AE_2019_20: tur among the pulses, part of the foodgrains'),
  ('gram', 'food_crop', 'PIB_AE_2019_20: gram among the pulses, part of the foodgrains'),
  ('urad', 'food_crop', 'AE_2016_17_3: urad named among the food grains'),
  ('soybean', 'oilseed', 'PIB_AE_2019_20: soyabean among the oilseeds'),
  ('rapeseed_mustard', 'oilseed', 'PIB_AE_2019_20: rapeseed and mustard among the oilseeds'),
  ('groundnut', 'oilseed', 'PIB_AE_2019_20: groundnut among the oilseeds'),
  ('sesamum', 'oilseed', 'MEG_OILSEEDS: sesamum among the oilseed crops'),
  ('sunflower_seed', 'oilseed', 'MEG_OILSEEDS: sunflower among the oilseed crops'),
  ('safflower', 'oilseed', 'AGRIINFO_RABI_OILSEEDS: safflower among the rabi oilseed crops'),
  ('cotton', 'annual_commercial_horticultural', 'PIB_AE_2019_20: cotton among the other commercial crops'),
  ('jute', 'annual_commercial_horticultural', 'PIB_AE_2019_20: jute and mesta among the other commercial crops'),
  ('sugarcane', 'annual_commercial_horticultural', 'PIB_AE_2019_20: sugarcane among the other commercial crops');
GRANT SELECT ON pmfby_crop_classes TO kheti_app, kheti_platform;

-- A farmer's intimation of crop loss on a field, for the insurer's survey. The guidelines ask for
-- it within 72 hours of the loss: a later one is kept, marked late, since only the insurer decides
-- on it. Each photo carries its geotag; one taken more than 100 m outside the field marks the
-- report's location as doubtful. The report is tied to the crop cycle standing on the field on the
-- day of the loss, when the registry has one.
--
-- Tenant-owned under row-level security; a farmer sees and reports only on fields the registry's
-- policies let them see (the policy asks the fields table, as field_irrigations does).
CREATE TABLE crop_loss_reports (
  id uuid NOT NULL,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  field_id uuid NOT NULL,
  farmer_id uuid NOT NULL,
  crop_cycle_id uuid,
  crop text,
  cause text NOT NULL,
  loss_at timestamptz NOT NULL,
  reported_at timestamptz NOT NULL DEFAULT now(),
  late boolean NOT NULL,
  -- [{lat, lon, takenAt, caption, distanceM, nearField}], as checked when reported.
  photos jsonb NOT NULL,
  location_flagged boolean NOT NULL,
  description text CHECK (length(description) BETWEEN 1 AND 2000),
  created_by uuid,
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, field_id) REFERENCES fields (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX crop_loss_reports_reported ON crop_loss_reports (tenant_id, reported_at DESC, id DESC);
CREATE INDEX crop_loss_reports_field ON crop_loss_reports (tenant_id, field_id);

ALTER TABLE crop_loss_reports ENABLE ROW LEVEL SECURITY;
ALTER TABLE crop_loss_reports FORCE ROW LEVEL SECURITY;
CREATE POLICY crop_loss_reports_tenant ON crop_loss_reports TO kheti_app
  USING (tenant_id = app_tenant_id() AND (app_farmer_user_id() IS NULL OR field_id IN (SELECT f.id FROM fields f)))
  WITH CHECK (tenant_id = app_tenant_id() AND (app_farmer_user_id() IS NULL OR field_id IN (SELECT f.id FROM fields f)));
CREATE POLICY crop_loss_reports_platform ON crop_loss_reports TO kheti_platform USING (true);

GRANT SELECT, INSERT ON crop_loss_reports TO kheti_app;
GRANT SELECT ON crop_loss_reports TO kheti_platform;

-- Applications of farmers to schemes of the catalogue (table schemes, migration 0023): a draft a
-- farmer or the staff start, then submitted, under review, approved or rejected, disbursed; a draft
-- or a submitted one may be withdrawn. Every change of status is kept with who, when and a note.
-- A farmer (app.farmer_user_id set) sees only their own applications and their history.
CREATE TABLE scheme_applications (
  id uuid NOT NULL,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  farmer_id uuid NOT NULL,
  scheme_id uuid NOT NULL REFERENCES schemes (id),
  status text NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'submitted', 'under_review', 'approved', 'rejected', 'disbursed', 'withdrawn')),
  created_by uuid,
  -- To the millisecond, as the list's cursor carries it.
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, farmer_id) REFERENCES farmers (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX scheme_applications_created ON scheme_applications (tenant_id, created_at DESC, id DESC);
CREATE INDEX scheme_applications_farmer ON scheme_applications (tenant_id, farmer_id);

CREATE TABLE scheme_application_history (
  tenant_id uuid NOT NULL,
  application_id uuid NOT NULL,
  seq integer NOT NULL,
  from_status text,
  to_status text NOT NULL,
  changed_by uuid,
  changed_at timestamptz NOT NULL DEFAULT now(),
  note text CHECK (length(note) BETWEEN 1 AND 1000),
  PRIMARY KEY (tenant_id, application_id, seq),
  FOREIGN KEY (tenant_id, application_id) REFERENCES scheme_applications (tenant_id, id) ON DELETE CASCADE
);

ALTER TABLE scheme_applications ENABLE ROW LEVEL SECURITY;
ALTER TABLE scheme_applications FORCE ROW LEVEL SECURITY;
CREATE POLICY scheme_applications_tenant ON scheme_applications TO kheti_app
  USING (tenant_id = app_tenant_id() AND (app_farmer_user_id() IS NULL
         OR farmer_id IN (SELECT f.id FROM farmers f WHERE f.user_id = app_farmer_user_id())))
  WITH CHECK (tenant_id = app_tenant_id() AND (app_farmer_user_id() IS NULL
         OR farmer_id IN (SELECT f.id FROM farmers f WHERE f.user_id = app_farmer_user_id())));
CREATE POLICY scheme_applications_platform ON scheme_applications TO kheti_platform USING (true);
GRANT SELECT, INSERT, UPDATE ON scheme_applications TO kheti_app;
GRANT SELECT ON scheme_applications TO kheti_platform;

ALTER TABLE scheme_application_history ENABLE ROW LEVEL SECURITY;
ALTER TABLE scheme_application_history FORCE ROW LEVEL SECURITY;
CREATE POLICY scheme_application_history_tenant ON scheme_application_history TO kheti_app
  USING (tenant_id = app_tenant_id() AND application_id IN (SELECT a.id FROM scheme_applications a))
  WITH CHECK (tenant_id = app_tenant_id() AND application_id IN (SELECT a.id FROM scheme_applications a));
CREATE POLICY scheme_application_history_platform ON scheme_application_history TO kheti_platform USING (true);
GRANT SELECT, INSERT ON scheme_application_history TO kheti_app;
GRANT SELECT ON scheme_application_history TO kheti_platform;

-- Files uploaded for an application's document checklist (the scheme's `documents`): the bytes
-- live in the document store (DATA_DIR/uploads/<tenant>/...), the row says what and where. Read
-- only through the application, so the application's policies (tenant, a farmer's own) guard them.
CREATE TABLE scheme_application_documents (
  id uuid NOT NULL,
  tenant_id uuid NOT NULL,
  application_id uuid NOT NULL,
  -- The checklist item it answers, as the scheme names it.
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  content_type text NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  storage_key text NOT NULL,
  sha256 text NOT NULL,
  uploaded_by uuid,
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, application_id) REFERENCES scheme_applications (tenant_id, id) ON DELETE CASCADE
);
ALTER TABLE scheme_application_documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE scheme_application_documents FORCE ROW LEVEL SECURITY;
CREATE POLICY scheme_application_documents_tenant ON scheme_application_documents TO kheti_app
  USING (tenant_id = app_tenant_id() AND application_id IN (SELECT a.id FROM scheme_applications a))
  WITH CHECK (tenant_id = app_tenant_id() AND application_id IN (SELECT a.id FROM scheme_applications a));
CREATE POLICY scheme_application_documents_platform ON scheme_application_documents TO kheti_platform USING (true);
GRANT SELECT, INSERT ON scheme_application_documents TO kheti_app;
GRANT SELECT ON scheme_application_documents TO kheti_platform;
