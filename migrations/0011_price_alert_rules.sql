-- Price alert rules and the alerts they raised: tenant-owned, isolated by row-level security like
-- every tenant table (0001, 0005). A rule watches one commodity, anywhere or in one market, state or
-- district, for a modal price above or below a target, or below the Minimum Support Price. The price
-- ingestion (a platform job) checks every active rule after it has stored a run's prices and records
-- each crossing once in price_alerts before announcing it (`market.price_threshold` on tenant:<id>).
CREATE TABLE price_alert_rules (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  -- Who made it (a user; for an OAuth client the user who created the client).
  created_by uuid,
  -- The rule kinds of docs/api.md's /v1/alert-rules; only price rules exist so far.
  kind text NOT NULL DEFAULT 'price' CHECK (kind IN ('price')),
  commodity text NOT NULL REFERENCES commodities (code) ON DELETE CASCADE,
  condition text NOT NULL CHECK (condition IN ('above', 'below', 'below_msp')),
  threshold_inr_per_quintal numeric(12, 2) CHECK (threshold_inr_per_quintal > 0),
  -- Where: one market, or a state (and district) as Agmarknet spells them, or everywhere (all NULL).
  market_id uuid REFERENCES markets (id) ON DELETE CASCADE,
  state text CHECK (state <> ''),
  district text CHECK (district <> ''),
  name text CHECK (length(name) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  CHECK ((condition = 'below_msp') = (threshold_inr_per_quintal IS NULL)),
  CHECK (district IS NULL OR state IS NOT NULL),
  CHECK (market_id IS NULL OR state IS NULL)
);
CREATE INDEX price_alert_rules_tenant ON price_alert_rules (tenant_id, id);
CREATE INDEX price_alert_rules_commodity ON price_alert_rules (commodity);

-- One row per rule and price record that crossed it: a rerun of the ingestion finds the row and
-- announces nothing twice.
CREATE TABLE price_alerts (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  rule_id uuid NOT NULL REFERENCES price_alert_rules (id) ON DELETE CASCADE,
  market_id uuid NOT NULL REFERENCES markets (id),
  commodity text NOT NULL,
  variety text NOT NULL,
  grade text NOT NULL,
  arrival_date date NOT NULL,
  modal_price_inr_per_quintal numeric(12, 2) NOT NULL,
  previous_arrival_date date NOT NULL,
  previous_modal_price_inr_per_quintal numeric(12, 2) NOT NULL,
  -- The line that was crossed: the rule's target, or the MSP of the price's marketing year.
  line_inr_per_quintal numeric(12, 2) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (rule_id, market_id, commodity, variety, grade, arrival_date)
);
CREATE INDEX price_alerts_tenant ON price_alerts (tenant_id, created_at DESC);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['price_alert_rules', 'price_alerts'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I TO kheti_app USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id())', t || '_tenant', t);
    EXECUTE format('CREATE POLICY %I ON %I TO kheti_platform USING (true)', t || '_platform', t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE, DELETE ON price_alert_rules TO kheti_app;
GRANT SELECT ON price_alert_rules TO kheti_platform;
GRANT SELECT ON price_alerts TO kheti_app;
GRANT SELECT, INSERT ON price_alerts TO kheti_platform;
