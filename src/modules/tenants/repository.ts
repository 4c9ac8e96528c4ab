import type { Tx } from '../../infra/db/index.js';

export interface TenantRow {
  id: string;
  slug: string;
  name: string;
  settings: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
  version: number;
}

export async function insertTenant(tx: Tx, tenant: { id: string; slug: string; name: string }): Promise<TenantRow> {
  const { rows } = await tx.query<TenantRow>(
    'INSERT INTO tenants (id, slug, name) VALUES ($1, $2, $3) RETURNING *',
    [tenant.id, tenant.slug, tenant.name],
  );
  return rows[0]!;
}

export async function countTenants(tx: Tx): Promise<number> {
  const { rows } = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM tenants');
  return rows[0]!.n;
}

export async function findTenantBySlug(tx: Tx, slug: string): Promise<TenantRow | undefined> {
  const { rows } = await tx.query<TenantRow>('SELECT * FROM tenants WHERE slug = $1', [slug]);
  return rows[0];
}

export async function addMember(tx: Tx, tenantId: string, userId: string, role: string): Promise<void> {
  await tx.query(
    `INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, $3)
     ON CONFLICT (tenant_id, user_id) DO UPDATE SET role = EXCLUDED.role, updated_at = now(), version = memberships.version + 1`,
    [tenantId, userId, role],
  );
}
