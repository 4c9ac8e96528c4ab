import type { Tx } from '../../../infra/db/index.js';

/** One entry of the registry's change log (written by triggers, migration 0005), as the sync feed reads it. */
export interface ChangeRow {
  seq: number;
  entity: string;
  entity_id: string;
  op: 'upsert' | 'delete';
  version: number | null;
}

/** The changes the caller may see after `since`, in commit order. */
export async function changesSince(tx: Tx, since: number, limit: number): Promise<ChangeRow[]> {
  const { rows } = await tx.query<ChangeRow>(
    'SELECT seq, entity, entity_id, op, version FROM registry_changes WHERE seq > $1 ORDER BY seq LIMIT $2',
    [since, limit],
  );
  return rows;
}
