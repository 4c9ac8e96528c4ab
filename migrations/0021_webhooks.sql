-- Signed webhooks: a tenant's subscriptions (a receiver URL and the event types it wants) and the
-- deliveries of stored events (0019) to them. Tenant-owned and isolated by row-level security like
-- every tenant table; the dispatcher, a platform job, follows every tenant's events with one cursor.
CREATE TABLE webhook_subscriptions (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  url text NOT NULL CHECK (length(url) BETWEEN 8 AND 2048),
  -- Prefixes of event types (`alert.`, `job.progress`): an event matches when one is a prefix of its type.
  types text[] NOT NULL CHECK (cardinality(types) BETWEEN 1 AND 20),
  description text CHECK (length(description) BETWEEN 1 AND 200),
  -- The signing secret, sealed (infra/crypto.ts, context `webhook-secret:<id>`): shown once when made.
  secret_sealed text NOT NULL,
  -- Who made it (a user; for an OAuth client the user who created the client).
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Revoked subscriptions get no new deliveries and their pending ones stop; kept for their history.
  revoked_at timestamptz
);
CREATE INDEX webhook_subscriptions_tenant ON webhook_subscriptions (tenant_id, id);

-- One row per subscription and event: the dispatcher inserting it twice (a rerun, two workers) finds
-- the row and delivers nothing twice. The body is kept as sent, so every attempt and a redelivery
-- send the same bytes after the event itself has been pruned.
CREATE TABLE webhook_deliveries (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  subscription_id uuid NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
  -- No foreign key: events are pruned after their retention, deliveries stay for the record.
  event_id uuid NOT NULL,
  event_type text NOT NULL,
  body text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  -- The retry window runs from the first attempt (of the latest redelivery).
  first_attempt_at timestamptz,
  last_attempt_at timestamptz,
  -- When a pending delivery is next due; while an attempt runs, when it is presumed lost.
  next_attempt_at timestamptz,
  last_status integer,
  last_error text,
  delivered_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (subscription_id, event_id)
);
CREATE INDEX webhook_deliveries_subscription ON webhook_deliveries (subscription_id, id DESC);
-- The sweep of pending deliveries whose attempt is overdue (a lost job, a crashed worker).
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';

-- Where the dispatcher is in the stored event stream: one row for the whole platform.
CREATE TABLE webhook_dispatch_cursor (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  last_event_id uuid,
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO webhook_dispatch_cursor (id) VALUES (true);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['webhook_subscriptions', 'webhook_deliveries'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I TO kheti_app USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id())', t || '_tenant', t);
    EXECUTE format('CREATE POLICY %I ON %I TO kheti_platform USING (true)', t || '_platform', t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE ON webhook_subscriptions TO kheti_app;
GRANT SELECT, UPDATE ON webhook_subscriptions TO kheti_platform;
GRANT SELECT, UPDATE ON webhook_deliveries TO kheti_app;
-- DELETE: finished deliveries are pruned after their retention (a daily platform job).
GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_deliveries TO kheti_platform;
-- Not tenant data: only the platform's dispatcher reads and moves it.
GRANT SELECT, UPDATE ON webhook_dispatch_cursor TO kheti_platform;
