-- A tenant reads its members' names and masked contacts through memberships JOIN users, as
-- kheti_app. That role may read only those columns (never password hashes or sealed phones), and
-- only of users who are members of the current tenant: the policy's subquery on memberships is
-- itself limited to app.tenant_id by the memberships policy.
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY users_platform ON users TO kheti_platform USING (true);
CREATE POLICY users_tenant_members ON users FOR SELECT TO kheti_app
  USING (EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id));
GRANT SELECT (id, name, email, phone_hint) ON users TO kheti_app;
