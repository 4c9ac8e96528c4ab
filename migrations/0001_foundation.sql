-- Foundation: application roles, tenants, users and memberships, audit events, idempotency records.
--
-- Row-level security model (see src/infra/db/db.ts):
--   kheti_app       tenant-scoped work; sees only rows whose tenant_id = app.tenant_id
--   kheti_platform  platform work; sees all tenants
-- Neither role can log in or bypass RLS; the connection switches to one of them per transaction.
-- Tenant-owned tables use FORCE ROW LEVEL SECURITY so that even their owner is subject to policies.

-- Roles are cluster-wide: a DBA may have created them already (then CREATEROLE is not needed),
-- and two databases migrating at once may race to create them.
DO $$
DECLARE
  name text;
BEGIN
  FOREACH name IN ARRAY ARRAY['kheti_app', 'kheti_platform'] LOOP
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = name) THEN
      BEGIN
        EXECUTE format('CREATE ROLE %I NOLOGIN NOBYPASSRLS', name);
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END;
    END IF;
  END LOOP;
END $$;

-- The connecting role must be allowed to switch to the application roles.
DO $$
BEGIN
  EXECUTE format('GRANT kheti_app, kheti_platform TO %I', current_user);
EXCEPTION WHEN others THEN NULL; -- a superuser needs no grant, and may be refused one on itself
END $$;

GRANT USAGE ON SCHEMA public TO kheti_app, kheti_platform;

CREATE FUNCTION app_tenant_id() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;

CREATE TABLE tenants (
  id uuid PRIMARY KEY,
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  settings jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenants_own ON tenants TO kheti_app USING (id = app_tenant_id());
CREATE POLICY tenants_platform ON tenants TO kheti_platform USING (true);
GRANT SELECT, UPDATE ON tenants TO kheti_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON tenants TO kheti_platform;

-- People who sign in. Global, not tenant-owned: one person may belong to several tenants.
CREATE TABLE users (
  id uuid PRIMARY KEY,
  email text UNIQUE CHECK (email = lower(email)),
  name text NOT NULL,
  password_hash text,
  is_platform_admin boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);
GRANT SELECT, INSERT, UPDATE, DELETE ON users TO kheti_platform;

-- A user's role in a tenant. Tenant-owned: a tenant sees only its own members.
CREATE TABLE memberships (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('tenant_admin', 'agronomist', 'farmer', 'viewer')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);
ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
CREATE POLICY memberships_tenant ON memberships TO kheti_app
  USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
CREATE POLICY memberships_platform ON memberships TO kheti_platform USING (true);
GRANT SELECT, INSERT, UPDATE, DELETE ON memberships TO kheti_app, kheti_platform;

CREATE TABLE audit_events (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  actor_user_id uuid,
  action text NOT NULL,
  subject text,
  details jsonb NOT NULL DEFAULT '{}',
  request_id text,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_events_tenant_at ON audit_events (tenant_id, at DESC);
ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_events_tenant ON audit_events TO kheti_app
  USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
CREATE POLICY audit_events_platform ON audit_events TO kheti_platform USING (true);
GRANT SELECT, INSERT ON audit_events TO kheti_app; -- append-only for the application
GRANT SELECT, INSERT ON audit_events TO kheti_platform;

-- The first answer to a POST carrying an Idempotency-Key, replayed for retries of the same request.
CREATE TABLE idempotency_keys (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  key text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
  principal text NOT NULL,
  request_hash text NOT NULL,
  status_code integer,
  response_body jsonb,
  response_headers jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz,
  PRIMARY KEY (tenant_id, principal, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
ALTER TABLE idempotency_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE idempotency_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY idempotency_keys_tenant ON idempotency_keys TO kheti_app
  USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
CREATE POLICY idempotency_keys_platform ON idempotency_keys TO kheti_platform USING (true);
GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_keys TO kheti_app, kheti_platform;
