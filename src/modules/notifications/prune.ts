import type { Resources } from '../../infra/resources.js';
import { firstUuidV7At } from '../../lib/uuid.js';
import { deleteOldNotifications } from './repository.js';

export const PRUNE_NOTIFICATIONS_JOB = 'notifications.prune';

/**
 * The inbox's retention. A read notification has done its work: it is kept
 * NOTIFICATION_READ_RETENTION_DAYS (90, a season to look back on) after it was read. An unread one
 * is kept longer, NOTIFICATION_UNREAD_RETENTION_DAYS (365) after it was made, because someone may
 * not have seen it yet; but not for ever: many recipients are farmers who never sign in (their
 * alerts go by SMS), whose inboxes nobody reads, and an alert about last year's frost or price
 * tells no one anything a whole cropping year later.
 *
 * The platform role needs DELETE on notifications for this, which migration 0020 did not grant:
 * until a migration does, the job fails with "permission denied" and deletes nothing.
 */
export async function pruneNotifications(
  resources: Pick<Resources, 'db' | 'config'>,
  now = Date.now(),
): Promise<{ read: number; unread: number }> {
  const { readDays, unreadDays } = resources.config.notificationRetention;
  const readCutoff = now - readDays * 86_400_000;
  return resources.db.platform((tx) =>
    deleteOldNotifications(tx, {
      readBefore: new Date(readCutoff),
      readBoundId: firstUuidV7At(readCutoff),
      unreadBoundId: firstUuidV7At(now - unreadDays * 86_400_000),
    }),
  );
}

/** The retention's daily sweep, on the worker (a day late changes nothing at these lengths). */
export async function registerNotificationPrune(resources: Resources): Promise<void> {
  resources.queue.register(PRUNE_NOTIFICATIONS_JOB, async () => pruneNotifications(resources));
  await resources.queue.repeat(PRUNE_NOTIFICATIONS_JOB, '53 2 * * *', {});
}
