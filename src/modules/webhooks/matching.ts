/**
 * Which events a subscription gets: those whose type starts with one of its `types` (`alert.` for
 * every alert, `job.progress` for one type). An alert (`alert.*`) goes out only when the rule that
 * fired it lists the webhook channel (`data.channels`), as an SMS goes out only when it lists `sms`.
 */
export interface MatchableEvent {
  type: string;
  data: Record<string, unknown>;
}

export function wantsWebhook(event: MatchableEvent): boolean {
  if (!event.type.startsWith('alert.')) return true;
  const channels = event.data.channels;
  return Array.isArray(channels) && channels.includes('webhook');
}

export const subscriptionMatches = (types: readonly string[], event: MatchableEvent): boolean =>
  wantsWebhook(event) && types.some((prefix) => event.type.startsWith(prefix));
