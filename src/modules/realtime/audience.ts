import type { PublishedEvent } from './store.js';

/**
 * Who a socket speaks to and what it asked for. Staff and viewers see every event of their
 * tenant; a farmer only events naming their own farmer record (none while no record is linked to
 * them). The tenant itself is the bus channel, so no other tenant's event ever reaches the filter.
 */
export interface Audience {
  /** null: the whole tenant; a string: only events about this farmer; undefined: a farmer without a record. */
  farmerId: string | null | undefined;
  /** Type prefixes (`job.progress`, `alert.`); empty: every type. */
  types: string[];
}

export function sees(audience: Audience, event: Pick<PublishedEvent, 'type' | 'farmerId'>): boolean {
  if (audience.farmerId !== null && (audience.farmerId === undefined || event.farmerId !== audience.farmerId)) return false;
  return audience.types.length === 0 || audience.types.some((prefix) => event.type.startsWith(prefix));
}

/** `job.progress,notification.created` → its distinct prefixes (the query's pattern has checked each). */
export const parseTypes = (types: string | undefined): string[] => [...new Set((types ?? '').split(',').filter(Boolean))];
