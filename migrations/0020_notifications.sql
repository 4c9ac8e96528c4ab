-- Notifications, and alert rules beyond price.
--
-- 1. A farmer's language (en, hi), for the texts and SMS sent to them; NULL means the tenant's
--    default language.
ALTER TABLE farmers ADD COLUMN language text CHECK (language IN ('en', 'hi'));

-- 2. Alert rules of more kinds in the one table of /v1/alert-rules: crop_health_drop (a fall of a
--    field's smoothed NDVI of at least ndvi_drop), weather_risk (the advisories' risks: heat,
--    frost, heavy rain, high wind) and job_finished (a field's crop-health analysis finished or
--    failed), for one field, one farm's fields, or every field of the tenant (field_id and farm_id
--    both NULL). Every rule says where its alerts go (channels: the inbox
--    always, sms, webhook) and to whom (recipients: its creator, the field's farmer).
ALTER TABLE price_alert_rules DROP CONSTRAINT price_alert_rules_kind_check;
ALTER TABLE price_alert_rules ADD CONSTRAINT price_alert_rules_kind_check CHECK (kind IN ('price', 'crop_health_drop', 'weather_risk', 'job_finished'));
ALTER TABLE price_alert_rules ALTER COLUMN commodity DROP NOT NULL;
ALTER TABLE price_alert_rules ALTER COLUMN condition DROP NOT NULL;
ALTER TABLE price_alert_rules ADD COLUMN field_id uuid;
ALTER TABLE price_alert_rules ADD COLUMN farm_id uuid;
ALTER TABLE price_alert_rules ADD COLUMN ndvi_drop numeric(4, 3) CHECK (ndvi_drop > 0 AND ndvi_drop <= 1);
ALTER TABLE price_alert_rules ADD COLUMN risks text[] CHECK (cardinality(risks) > 0 AND risks <@ ARRAY['heat', 'frost', 'heavy-rain', 'high-wind']);
ALTER TABLE price_alert_rules ADD COLUMN channels text[] NOT NULL DEFAULT ARRAY['inbox']
  CHECK ('inbox' = ANY (channels) AND channels <@ ARRAY['inbox', 'sms', 'webhook']);
ALTER TABLE price_alert_rules ADD COLUMN recipients text[] NOT NULL DEFAULT ARRAY['creator']
  CHECK (cardinality(recipients) > 0 AND recipients <@ ARRAY['creator', 'farmer']);
ALTER TABLE price_alert_rules ADD CONSTRAINT price_alert_rules_price_columns
  CHECK ((kind = 'price') = (commodity IS NOT NULL AND condition IS NOT NULL));
ALTER TABLE price_alert_rules ADD CONSTRAINT price_alert_rules_ndvi_drop CHECK ((kind = 'crop_health_drop') = (ndvi_drop IS NOT NULL));
ALTER TABLE price_alert_rules ADD CONSTRAINT price_alert_rules_risks CHECK ((kind = 'weather_risk') = (risks IS NOT NULL));
-- A price rule has no field, so no farmer; a field rule names a field or a farm, not both.
ALTER TABLE price_alert_rules ADD CONSTRAINT price_alert_rules_subject
  CHECK (NOT (field_id IS NOT NULL AND farm_id IS NOT NULL) AND (kind <> 'price' OR (field_id IS NULL AND farm_id IS NULL AND recipients = ARRAY['creator'])));
ALTER TABLE price_alert_rules ADD CONSTRAINT price_alert_rules_field
  FOREIGN KEY (tenant_id, field_id) REFERENCES fields (tenant_id, id) ON DELETE CASCADE;
ALTER TABLE price_alert_rules ADD CONSTRAINT price_alert_rules_farm
  FOREIGN KEY (tenant_id, farm_id) REFERENCES farms (tenant_id, id) ON DELETE CASCADE;
CREATE INDEX price_alert_rules_kind ON price_alert_rules (kind, tenant_id);

-- 3. An alert a rule fired: once per (rule, subject, period) — the subject is what it is about (a
--    field, a market's price series), the period when (a scene's date, a risk's day and kind, an
--    arrival date). A second run or a second worker meets the unique key and fires nothing.
CREATE TABLE fired_alerts (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  rule_id uuid NOT NULL REFERENCES price_alert_rules (id) ON DELETE CASCADE,
  kind text NOT NULL,
  subject text NOT NULL,
  period text NOT NULL,
  data jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (rule_id, subject, period)
);
CREATE INDEX fired_alerts_tenant ON fired_alerts (tenant_id, created_at DESC);

-- 4. The inbox: one row per alert and recipient. A recipient is a member (user_id), a farmer record
--    (farmer_id; with the farmer's user when the farmer signs in), or both.
CREATE TABLE notifications (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  -- A deleted rule takes its fired alerts with it, but what its recipients were told stays in their inbox.
  alert_id uuid REFERENCES fired_alerts (id) ON DELETE SET NULL,
  recipient text NOT NULL,
  user_id uuid,
  farmer_id uuid,
  type text NOT NULL,
  language text NOT NULL CHECK (language IN ('en', 'hi')),
  title text NOT NULL,
  body text NOT NULL,
  data jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz,
  CHECK (user_id IS NOT NULL OR farmer_id IS NOT NULL),
  UNIQUE (alert_id, recipient)
);
CREATE INDEX notifications_user ON notifications (tenant_id, user_id, id DESC) WHERE user_id IS NOT NULL;
CREATE INDEX notifications_farmer ON notifications (tenant_id, farmer_id, id DESC) WHERE farmer_id IS NOT NULL;

-- 5. The SMS of a notification to a farmer: at most one per notification; `day` (in India) counts
--    against the daily limit per farmer. `pending` rows are sent after their commit (or by the next
--    run, if the process stopped in between).
CREATE TABLE notification_sms (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  notification_id uuid NOT NULL UNIQUE REFERENCES notifications (id) ON DELETE CASCADE,
  farmer_id uuid NOT NULL,
  day date NOT NULL,
  message_type text NOT NULL,
  text text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'skipped')),
  reason text,
  dlt_template_id text,
  dlt_sender_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX notification_sms_farmer_day ON notification_sms (farmer_id, day);
CREATE INDEX notification_sms_pending ON notification_sms (created_at) WHERE status = 'pending';

-- 6. How far each follower of the stored event stream has read (platform data, no tenant), and
--    the lease that lets one run at a time follow it, whichever worker it runs on.
CREATE TABLE notification_cursors (
  name text PRIMARY KEY,
  last_event_id uuid,
  lease_owner text,
  lease_until timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['fired_alerts', 'notifications', 'notification_sms'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I TO kheti_app USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id())', t || '_tenant', t);
    EXECUTE format('CREATE POLICY %I ON %I TO kheti_platform USING (true)', t || '_platform', t);
  END LOOP;
END $$;

-- Alerts fire in their tenant's transaction, so row-level security files every row under its tenant.
GRANT SELECT, INSERT ON fired_alerts TO kheti_app;
GRANT SELECT, INSERT, UPDATE ON notifications, notification_sms TO kheti_app;
GRANT SELECT, INSERT ON fired_alerts TO kheti_platform;
GRANT SELECT, INSERT, UPDATE ON notifications, notification_sms TO kheti_platform;
GRANT SELECT, INSERT, UPDATE ON notification_cursors TO kheti_platform;
