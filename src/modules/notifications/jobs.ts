import { openCrypto } from '../../infra/crypto.js';
import type { Resources } from '../../infra/resources.js';
import type { Outside } from '../../integrations/outside.js';
import { followEvents } from './dispatcher.js';
import type { AlertDeps } from './fire.js';
import { registerNotificationPrune } from './prune.js';
import { sendPendingSms } from './sms.js';
import { checkWeatherRisks } from './weather-alerts.js';

export const FOLLOW_EVENTS_JOB = 'notifications.follow-events';
export const WEATHER_RISKS_JOB = 'notifications.weather-risks';

export function alertDeps(resources: Resources): AlertDeps {
  return { db: resources.db, events: resources.events, crypto: openCrypto(resources.config), config: resources.config };
}

export interface NotificationJobOptions {
  /** How old an event must be before it is followed (dispatcher.ts, SETTLE_MS); tests set 0. */
  settleMs?: number;
}

/** Follows the event stream into alerts, then sends the SMS they asked for. */
export function followEventsHandler(resources: Resources, outside: Pick<Outside, 'sms'>, options: NotificationJobOptions = {}) {
  const deps = alertDeps(resources);
  return async () => {
    const followed = await followEvents(deps, options);
    return { ...followed, sms: await sendPendingSms(deps, outside.sms) };
  };
}

/** Checks the weather-risk rules against the fields' forecasts, then sends the SMS they asked for. */
export function weatherRisksHandler(resources: Resources, outside: Pick<Outside, 'sms' | 'weather'>) {
  const deps = alertDeps(resources);
  return async () => {
    const checked = await checkWeatherRisks(deps, outside.weather);
    return { ...checked, sms: await sendPendingSms(deps, outside.sms) };
  };
}

/**
 * The worker's side of notifications: the event stream followed every minute (one run at a time,
 * by the cursor's lease), the weather risks checked every 3 hours, at 20 past, from the
 * forecast (which the weather service reuses for 10 minutes per ~1 km cell), and old notifications
 * pruned daily (prune.ts).
 */
export async function registerNotificationJobs(
  resources: Resources,
  outside: Pick<Outside, 'sms' | 'weather'>,
  options: NotificationJobOptions = {},
): Promise<void> {
  const { queue } = resources;
  queue.register(FOLLOW_EVENTS_JOB, followEventsHandler(resources, outside, options), { concurrency: 1 });
  await queue.repeat(FOLLOW_EVENTS_JOB, '* * * * *', {});
  queue.register(WEATHER_RISKS_JOB, weatherRisksHandler(resources, outside), { concurrency: 1 });
  await queue.repeat(WEATHER_RISKS_JOB, '20 */3 * * *', {});
  await registerNotificationPrune(resources);
}
