import type { Tx } from '../../infra/db/index.js';

export interface UserRow {
  id: string;
  email: string | null;
  name: string;
  is_platform_admin: boolean;
  created_at: Date;
}

/** Creates the user, or updates the password, name and admin flag of the user with that email. */
export async function upsertUserByEmail(
  tx: Tx,
  user: { id: string; email: string; name: string; passwordHash: string; isPlatformAdmin: boolean },
): Promise<UserRow & { created: boolean }> {
  const { rows } = await tx.query<UserRow & { created: boolean }>(
    `INSERT INTO users (id, email, name, password_hash, is_platform_admin) VALUES ($1, lower($2), $3, $4, $5)
     ON CONFLICT (email) DO UPDATE SET password_hash = EXCLUDED.password_hash, name = EXCLUDED.name,
       is_platform_admin = users.is_platform_admin OR EXCLUDED.is_platform_admin, updated_at = now(), version = users.version + 1
     RETURNING id, email, name, is_platform_admin, created_at, (xmax = 0) AS created`,
    [user.id, user.email, user.name, user.passwordHash, user.isPlatformAdmin],
  );
  return rows[0]!;
}
