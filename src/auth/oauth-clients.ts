import type { Tx } from '../infra/db/index.js';
import type { Role } from './roles.js';

/**
 * OAuth clients of a tenant, for integrations (client_credentials): every statement on
 * oauth_clients. The secret is stored only as its hash (client-secret.ts).
 */
export type ClientRole = 'agronomist' | 'viewer';

export interface ClientRow {
  id: string;
  name: string;
  role: ClientRole;
  created_at: Date;
  revoked_at: Date | null;
}

export async function insertClient(
  tx: Tx,
  client: { id: string; tenantId: string; name: string; secretHash: string; role: ClientRole; createdBy: string | null },
): Promise<ClientRow> {
  const { rows } = await tx.query<ClientRow>(
    `INSERT INTO oauth_clients (id, tenant_id, name, secret_hash, role, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
    [client.id, client.tenantId, client.name, client.secretHash, client.role, client.createdBy],
  );
  return rows[0]!;
}

/** The tenant's clients, revoked ones included, oldest first; in the tenant's transaction. */
export async function listClients(tx: Tx): Promise<ClientRow[]> {
  return (await tx.query<ClientRow>('SELECT * FROM oauth_clients ORDER BY created_at')).rows;
}

/** Whether the tenant has this client (revoked or not); in the tenant's transaction. */
export async function clientExists(tx: Tx, clientId: string): Promise<boolean> {
  return (await tx.query('SELECT 1 FROM oauth_clients WHERE id = $1', [clientId])).rowCount > 0;
}

/** Revokes the client; false when there is no such client or it was revoked already. In the tenant's transaction. */
export async function revokeClient(tx: Tx, clientId: string): Promise<boolean> {
  const { rowCount } = await tx.query('UPDATE oauth_clients SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [clientId]);
  return rowCount > 0;
}

/** A live client with its secret's hash, for the client_credentials grant. */
export async function findLiveClient(
  tx: Tx,
  clientId: string,
): Promise<{ id: string; tenant_id: string; secret_hash: string; role: Role } | undefined> {
  const { rows } = await tx.query<{ id: string; tenant_id: string; secret_hash: string; role: Role }>(
    'SELECT id, tenant_id, secret_hash, role FROM oauth_clients WHERE id = $1 AND revoked_at IS NULL',
    [clientId],
  );
  return rows[0];
}

/** The role of a live client of the tenant and who created it, for each bearer request it makes. */
export async function findLiveClientRole(
  tx: Tx,
  clientId: string,
  tenantId: string | null,
): Promise<{ role: Role; created_by: string | null } | undefined> {
  const { rows } = await tx.query<{ role: Role; created_by: string | null }>(
    'SELECT role, created_by FROM oauth_clients WHERE id = $1 AND tenant_id = $2 AND revoked_at IS NULL',
    [clientId, tenantId],
  );
  return rows[0];
}
