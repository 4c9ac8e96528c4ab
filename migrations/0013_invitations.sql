-- Members join a tenant by invitation, which the invited person accepts: nobody is added to a
-- tenant, and no account is made, on an administrator's word alone. Tenant-owned: a tenant sees
-- only its own invitations; accepting one (by its token, before any tenant is known) is platform work.
CREATE TABLE invitations (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  -- Whom it is for: an email, or a phone (sealed, found by its blind index, shown masked).
  email text CHECK (email = lower(email)),
  phone_index text,
  phone_sealed text,
  phone_hint text,
  CHECK ((email IS NULL) <> (phone_index IS NULL)),
  -- The name the inviting administrator gave, for an account the invitation makes on acceptance.
  name text CHECK (length(name) BETWEEN 1 AND 200),
  role text NOT NULL CHECK (role IN ('tenant_admin', 'agronomist', 'farmer', 'viewer')),
  -- SHA-256 of the token; the token itself is shown once (or texted) and never stored.
  token_hash text NOT NULL UNIQUE,
  invited_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  accepted_at timestamptz,
  accepted_by uuid REFERENCES users (id) ON DELETE SET NULL,
  revoked_at timestamptz
);
-- One open invitation per person and tenant: a new one replaces it.
CREATE UNIQUE INDEX invitations_open_email ON invitations (tenant_id, email) WHERE accepted_at IS NULL AND revoked_at IS NULL;
CREATE UNIQUE INDEX invitations_open_phone ON invitations (tenant_id, phone_index) WHERE accepted_at IS NULL AND revoked_at IS NULL;
CREATE INDEX invitations_tenant_created ON invitations (tenant_id, created_at DESC, id DESC);
ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;
CREATE POLICY invitations_tenant ON invitations TO kheti_app
  USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
CREATE POLICY invitations_platform ON invitations TO kheti_platform USING (true);
GRANT SELECT, INSERT, UPDATE ON invitations TO kheti_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON invitations TO kheti_platform;

-- The tenant a person last signed in to: a phone sign-in that names no tenant goes back there.
ALTER TABLE users ADD COLUMN last_tenant_id uuid REFERENCES tenants (id) ON DELETE SET NULL;
