import { v7 as uuidv7 } from 'uuid';
import { firstUuidV7At } from '../../lib/uuid.js';

/** A new event id: a UUIDv7, so ids sort in the order events were raised. */
export const newEventId = (): string => uuidv7();

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export const isEventId = (value: unknown): value is string => typeof value === 'string' && UUID_V7.test(value);

/** The millisecond a UUIDv7 was made (its first 48 bits). */
export function eventIdTime(id: string): number {
  return Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);
}

/** The smallest UUIDv7 of a moment: every event raised at or after `ms` sorts at or after it. */
export const firstEventIdAt = (ms: number): string => firstUuidV7At(ms);
