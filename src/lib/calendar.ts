/**
 * Calendar days as `YYYY-MM-DD` strings, counted in UTC so that no local time zone or daylight
 * saving shifts a day: the one set of day arithmetic for the modules.
 */
const DAY_MS = 86_400_000;
const INDIA_OFFSET_MS = 5.5 * 3_600_000;

const toTime = (date: string) => Date.parse(`${date}T00:00:00Z`);

/** The calendar day `days` after `date` (before it when negative). */
export const addDays = (date: string, days: number): string => new Date(toTime(date) + days * DAY_MS).toISOString().slice(0, 10);

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number => Math.round((toTime(to) - toTime(from)) / DAY_MS);

/** Today in India (IST, no daylight saving): the day farmers, mandis and sampling labs live by. */
export const todayInIndia = (now: Date | number = Date.now()): string =>
  new Date((typeof now === 'number' ? now : now.getTime()) + INDIA_OFFSET_MS).toISOString().slice(0, 10);
