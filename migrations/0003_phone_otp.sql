-- Phone one-time-password sign-in. A challenge precedes any choice of tenant, so the table is
-- platform-level (no tenant_id) and is reached only through kheti_platform.
--
-- The phone number never appears here: rows key on its blind index (the same HMAC as
-- users.phone_index). The code is stored only as a keyed HMAC bound to the challenge id.
-- Every request leaves a row, whether or not a user has that phone, so the per-phone request
-- limit (counted over these rows) holds across processes and says nothing about who is registered.
CREATE TABLE otp_challenges (
  id uuid PRIMARY KEY,
  phone_index text NOT NULL,
  -- The user the code was sent to; NULL when no active user had the phone (no code was sent).
  user_id uuid REFERENCES users (id) ON DELETE CASCADE,
  code_hash text NOT NULL,
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  -- live: may be verified until expires_at; replaced: a newer request took over;
  -- used: signed in; exhausted: too many wrong codes.
  status text NOT NULL DEFAULT 'live' CHECK (status IN ('live', 'replaced', 'used', 'exhausted')),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL CHECK (expires_at > created_at),
  ended_at timestamptz,
  CHECK ((status = 'live') = (ended_at IS NULL))
);
-- At most one live challenge per phone: a new request replaces the previous one.
CREATE UNIQUE INDEX otp_challenges_live ON otp_challenges (phone_index) WHERE status = 'live';
-- The request limit counts a phone's recent requests.
CREATE INDEX otp_challenges_phone_created ON otp_challenges (phone_index, created_at);
-- Housekeeping deletes old rows by age.
CREATE INDEX otp_challenges_created ON otp_challenges (created_at);
GRANT SELECT, INSERT, UPDATE, DELETE ON otp_challenges TO kheti_platform;
