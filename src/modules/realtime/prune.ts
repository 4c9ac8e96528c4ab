import type { Resources } from '../../infra/resources.js';
import { firstEventIdAt } from './event-ids.js';
import { deleteEventsBefore } from './repository.js';

export const PRUNE_EVENTS_JOB = 'realtime.prune-events';

/** Deletes the stored events older than the retention; a reconnect from before it is told replay.truncated. */
export async function pruneEvents(resources: Pick<Resources, 'db' | 'config'>, now = Date.now()): Promise<number> {
  const cutoff = now - resources.config.realtime.retentionDays * 86_400_000;
  return resources.db.platform((tx) => deleteEventsBefore(tx, firstEventIdAt(cutoff)));
}

/** The retention's hourly sweep, on the worker. */
export async function registerRealtimeJobs(resources: Resources): Promise<void> {
  resources.queue.register(PRUNE_EVENTS_JOB, async () => ({ deleted: await pruneEvents(resources) }));
  await resources.queue.repeat(PRUNE_EVENTS_JOB, '41 * * * *', {});
}
