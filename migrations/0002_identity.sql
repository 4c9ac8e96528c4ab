-- Identity: sign-in identifiers of users, token-signing keys, refresh tokens, OAuth clients.
-- Authentication runs before a tenant is known, so these tables are read through kheti_platform;
-- oauth_clients also belongs to a tenant and is isolated for kheti_app like any tenant-owned table.

ALTER TABLE users
  ADD COLUMN email_verified boolean NOT NULL DEFAULT false,
  -- Phone numbers are personal data: sealed at rest, found through a keyed blind index.
  ADD COLUMN phone_index text UNIQUE,
  ADD COLUMN phone_sealed text,
  -- The masked form shown in lists (+91XXXXXX3210), so listing members decrypts nothing.
  ADD COLUMN phone_hint text,
  ADD COLUMN firebase_uid text UNIQUE,
  ADD COLUMN disabled_at timestamptz;

-- ES256 keys that sign access tokens. The newest unretired key signs; retired keys stay published
-- in the JWKS until the tokens they signed have expired.
CREATE TABLE signing_keys (
  kid text PRIMARY KEY,
  alg text NOT NULL CHECK (alg = 'ES256'),
  public_jwk jsonb NOT NULL,
  private_sealed text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz
);
GRANT SELECT, INSERT, UPDATE ON signing_keys TO kheti_platform;

-- Opaque refresh tokens, stored only as SHA-256 hashes. Each use rotates the token within its
-- family; presenting a used token again revokes the whole family (token theft).
CREATE TABLE refresh_tokens (
  id uuid PRIMARY KEY,
  family_id uuid NOT NULL,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  tenant_id uuid REFERENCES tenants (id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  scope text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  revoked_at timestamptz,
  revoked_reason text
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);
GRANT SELECT, INSERT, UPDATE, DELETE ON refresh_tokens TO kheti_platform;

-- Machine clients of a tenant (client_credentials grant); the secret is shown once, stored hashed.
CREATE TABLE oauth_clients (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  secret_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('agronomist', 'viewer')),
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
CREATE INDEX oauth_clients_tenant ON oauth_clients (tenant_id);
ALTER TABLE oauth_clients ENABLE ROW LEVEL SECURITY;
ALTER TABLE oauth_clients FORCE ROW LEVEL SECURITY;
CREATE POLICY oauth_clients_tenant ON oauth_clients TO kheti_app
  USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
CREATE POLICY oauth_clients_platform ON oauth_clients TO kheti_platform USING (true);
GRANT SELECT, INSERT, UPDATE ON oauth_clients TO kheti_app;
GRANT SELECT, INSERT, UPDATE ON oauth_clients TO kheti_platform;

-- Events without a tenant (a failed sign-in for an unknown email, say) belong to the platform:
-- the tenant policy never matches NULL, so only kheti_platform sees them.
ALTER TABLE audit_events ALTER COLUMN tenant_id DROP NOT NULL;
