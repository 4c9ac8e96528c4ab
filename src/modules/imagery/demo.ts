import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../infra/db/index.js';
import { SYNTHETIC_HISTORY_DAYS } from '../../integrations/imagery/index.js';
import { fieldOwners } from '../registry/index.js';
import { insertAnalysis } from './repository.js';

/**
 * The demo asks for a year of Sentinel-2 history of every demo field. The analyses are recorded as
 * queued; the first worker to start (in `npm start`, the server itself) takes them up.
 */
export async function requestDemoAnalyses(db: Db, tenantId: string, now = new Date()): Promise<number> {
  const to = now.toISOString().slice(0, 10);
  const from = new Date(now.getTime() - (SYNTHETIC_HISTORY_DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
  return db.tenant(tenantId, async (tx) => {
    const fields = await fieldOwners(tx);
    for (const field of fields) {
      await insertAnalysis(tx, {
        id: uuidv7(),
        tenantId,
        fieldId: field.id,
        farmerId: field.farmerId,
        from,
        to,
        maxCloudPct: 60,
        index: 'ndvi',
      });
    }
    return fields.length;
  });
}
