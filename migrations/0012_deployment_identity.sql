-- This deployment's identity: one row holding a random id, made once when the database is created.
-- Everything a deployment keeps in Redis (job queues, cache entries, pub/sub channels, rate-limit
-- counters, locks) lives under a namespace derived from it, `kheti:<first 12 hex digits>`, unless
-- REDIS_KEY_PREFIX names one (src/infra/deployment.ts). So two deployments on their own databases
-- never take each other's jobs on a shared Redis, without any configuration; and every process of
-- one deployment (API, worker, CLI; through PgBouncer or not) agrees, as they share the database.
-- A copy of the database (a restore, a clone) carries the same id: a second deployment made from one
-- sets REDIS_KEY_PREFIX, or shares no Redis with the first.
CREATE TABLE deployment (
  -- Always true: the table holds one row.
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO deployment DEFAULT VALUES;
GRANT SELECT ON deployment TO kheti_app, kheti_platform;
