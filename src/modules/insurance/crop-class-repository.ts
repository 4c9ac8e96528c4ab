import type { Tx } from '../../infra/db/index.js';
import type { PmfbyClass } from './premium.js';

/** The owner of pmfby_crop_classes: the sourced PMFBY class of each crop (migration 0025). */
export async function pmfbyClassOf(tx: Tx, crop: string): Promise<{ cropClass: PmfbyClass; source: string } | undefined> {
  const { rows } = await tx.query<{ pmfby_class: PmfbyClass; source: string }>(
    'SELECT pmfby_class, source FROM pmfby_crop_classes WHERE crop = $1',
    [crop],
  );
  return rows[0] ? { cropClass: rows[0].pmfby_class, source: rows[0].source } : undefined;
}
