import type { Tx } from '../../infra/db/index.js';

/**
 * Owns `webhook_subscriptions` (migration 0021): tenant-owned. The routes read and write them in
 * `db.tenant(...)` transactions; the dispatcher, a platform job, reads the live ones of the tenants
 * whose events it is handing out in `db.platform(...)`.
 */
export interface SubscriptionRow {
  id: string;
  tenant_id: string;
  url: string;
  types: string[];
  description: string | null;
  secret_sealed: string;
  created_by: string | null;
  created_at: Date;
  revoked_at: Date | null;
}

/** The context a subscription's secret is sealed under (infra/crypto.ts), bound to its row. */
export const secretContext = (subscriptionId: string) => `webhook-secret:${subscriptionId}`;

export async function insertSubscription(
  tx: Tx,
  subscription: {
    id: string;
    tenantId: string;
    url: string;
    types: string[];
    description: string | null;
    secretSealed: string;
    createdBy: string | null;
  },
): Promise<SubscriptionRow> {
  const { rows } = await tx.query<SubscriptionRow>(
    `INSERT INTO webhook_subscriptions (id, tenant_id, url, types, description, secret_sealed, created_by)
     VALUES ($1, $2, $3, $4::text[], $5, $6, $7) RETURNING *`,
    [
      subscription.id,
      subscription.tenantId,
      subscription.url,
      subscription.types,
      subscription.description,
      subscription.secretSealed,
      subscription.createdBy,
    ],
  );
  return rows[0]!;
}

/** The tenant's subscriptions, revoked ones included, oldest first; in the tenant's transaction. */
export async function listSubscriptions(tx: Tx): Promise<SubscriptionRow[]> {
  return (await tx.query<SubscriptionRow>('SELECT * FROM webhook_subscriptions ORDER BY id')).rows;
}

/** One subscription of the tenant (revoked or not); in the tenant's transaction. */
export async function findSubscription(tx: Tx, id: string): Promise<SubscriptionRow | undefined> {
  return (await tx.query<SubscriptionRow>('SELECT * FROM webhook_subscriptions WHERE id = $1', [id])).rows[0];
}

/** Revokes it; false when there is no such subscription or it was revoked already. In the tenant's transaction. */
export async function revokeSubscription(tx: Tx, id: string): Promise<boolean> {
  const { rowCount } = await tx.query('UPDATE webhook_subscriptions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [id]);
  return rowCount > 0;
}

/** The live subscriptions of these tenants, for the dispatcher (platform). */
export async function liveSubscriptionsOf(tx: Tx, tenantIds: string[]): Promise<SubscriptionRow[]> {
  if (tenantIds.length === 0) return [];
  const { rows } = await tx.query<SubscriptionRow>(
    'SELECT * FROM webhook_subscriptions WHERE tenant_id = ANY($1::uuid[]) AND revoked_at IS NULL ORDER BY id',
    [tenantIds],
  );
  return rows;
}
