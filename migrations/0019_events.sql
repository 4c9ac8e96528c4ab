-- The stored stream of real-time events (job progress, crop-health drops, price alerts,
-- notifications). An event is stored before it is announced on the bus, so a socket's replay
-- (?since=) and what it received live come from one record, and dispatchers that follow the stream
-- (notifications, webhooks) read it with their own cursor.
--
-- Ids are UUIDv7: they sort in time order, so "after this id" is both the replay and the cursor
-- order, and pruning "older than the retention" is a range of the primary key (no second index).
-- farmer_id names the farmer record an event concerns, when it concerns one: a farmer-role member
-- sees only those, as the registry's own policies decide who that farmer is.
CREATE TABLE events (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  type text NOT NULL CHECK (type ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$' AND length(type) <= 100),
  -- No foreign key: an event outlives a deleted farmer for its retention, as a record of what happened.
  farmer_id uuid,
  data jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
-- A tenant's replay: its events after an id, in order.
CREATE INDEX events_tenant ON events (tenant_id, id);

ALTER TABLE events ENABLE ROW LEVEL SECURITY;
ALTER TABLE events FORCE ROW LEVEL SECURITY;
CREATE POLICY events_tenant ON events TO kheti_app
  USING (tenant_id = app_tenant_id() AND (app_farmer_user_id() IS NULL OR farmer_id IN (SELECT f.id FROM farmers f WHERE f.user_id = app_farmer_user_id())))
  WITH CHECK (tenant_id = app_tenant_id());
CREATE POLICY events_platform ON events TO kheti_platform USING (true);

-- Events are never edited; the platform prunes them past the retention.
GRANT SELECT, INSERT ON events TO kheti_app;
GRANT SELECT, INSERT, DELETE ON events TO kheti_platform;
