-- Government schemes for farmers: the shared catalogue (central and state schemes, tenant_id NULL),
-- loaded from reference/schemes.csv, and each tenant's own schemes (a state department's, say),
-- which its staff add and edit. Everyone reads the shared rows and their own tenant's; a tenant
-- writes only its own, so the shared catalogue is read-only to every tenant.
CREATE TABLE schemes (
  id uuid PRIMARY KEY,
  -- NULL: the shared catalogue, written only by migrations (the platform role).
  tenant_id uuid REFERENCES tenants (id) ON DELETE CASCADE,
  -- Unique per owner: the shared catalogue's codes, and each tenant's own.
  code text NOT NULL CHECK (code ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' AND length(code) <= 64),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- In Devanagari, from an official Hindi page; NULL where none was found.
  name_hi text CHECK (length(name_hi) BETWEEN 1 AND 200),
  level text NOT NULL CHECK (level IN ('central', 'state')),
  -- The state of a state scheme, as the catalogue spells states (Telangana, Odisha …); NULL for central ones.
  state text CHECK (length(state) BETWEEN 1 AND 100),
  -- The ministry or department that runs it.
  department text NOT NULL CHECK (length(department) BETWEEN 1 AND 300),
  description text CHECK (length(description) BETWEEN 1 AND 4000),
  -- The benefit in words, figures included ("₹6,000 a year in three instalments of ₹2,000").
  benefit text NOT NULL CHECK (length(benefit) BETWEEN 1 AND 4000),
  benefit_hi text CHECK (length(benefit_hi) BETWEEN 1 AND 4000),
  -- The headline figure where the scheme has one amount: ₹ per benefit_per. NULL where it has none
  -- (insurance, credit, equipment subsidies in percent) or none could be sourced.
  benefit_inr integer CHECK (benefit_inr > 0),
  benefit_per text CHECK (benefit_per IN ('year', 'month', 'season', 'once', 'hectare_per_season', 'acre_per_season')),
  -- What the applicant brings: a JSON array of strings.
  documents jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(documents) = 'array'),
  how_to_apply text CHECK (length(how_to_apply) BETWEEN 1 AND 4000),
  -- The official guideline or portal, and the day it was last read; required of the shared catalogue.
  source_url text CHECK (source_url ~ '^https?://' AND length(source_url) <= 2048),
  checked_on date,
  -- verified: every fact from an official page; verified-secondary: some only from a faithful copy of one.
  verification text CHECK (verification IN ('verified', 'verified-secondary')),
  -- Where each fact comes from: [{key, what, where, detail}], as reference/schemes.csv cites them.
  sources jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(sources) = 'array'),
  -- The eligibility rule (src/modules/schemes/eligibility/), NULL until one is written.
  eligibility jsonb,
  -- Full-text search, weighted name > benefit > description and how to apply. PostgreSQL has no
  -- Hindi stemmer: Hindi text goes through 'simple', so its words match as written (बीमा).
  search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', coalesce(name, '')), 'A') ||
    setweight(to_tsvector('simple', coalesce(code, '') || ' ' || coalesce(name_hi, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(benefit, '')), 'B') ||
    setweight(to_tsvector('simple', coalesce(benefit_hi, '')), 'B') ||
    setweight(to_tsvector('english', coalesce(description, '') || ' ' || coalesce(how_to_apply, '') || ' ' || coalesce(state, '')), 'C')
  ) STORED,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((level = 'state') = (state IS NOT NULL)),
  CHECK ((benefit_inr IS NULL) = (benefit_per IS NULL)),
  CHECK (tenant_id IS NOT NULL OR (source_url IS NOT NULL AND checked_on IS NOT NULL AND verification IS NOT NULL)),
  UNIQUE NULLS NOT DISTINCT (tenant_id, code)
);
CREATE INDEX schemes_search ON schemes USING gin (search);
CREATE INDEX schemes_tenant ON schemes (tenant_id, name, id);

ALTER TABLE schemes ENABLE ROW LEVEL SECURITY;
ALTER TABLE schemes FORCE ROW LEVEL SECURITY;
-- Reads: the shared catalogue and the tenant's own. Writes: the tenant's own only.
CREATE POLICY schemes_read ON schemes FOR SELECT TO kheti_app USING (tenant_id IS NULL OR tenant_id = app_tenant_id());
CREATE POLICY schemes_insert ON schemes FOR INSERT TO kheti_app WITH CHECK (tenant_id = app_tenant_id());
CREATE POLICY schemes_update ON schemes FOR UPDATE TO kheti_app
  USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
CREATE POLICY schemes_delete ON schemes FOR DELETE TO kheti_app USING (tenant_id = app_tenant_id());
CREATE POLICY schemes_platform ON schemes TO kheti_platform USING (true);
GRANT SELECT, INSERT, UPDATE, DELETE ON schemes TO kheti_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON schemes TO kheti_platform;

