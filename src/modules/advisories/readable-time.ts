import type { AdvisoryLanguage } from './language.js';

/**
 * Dates and times as an advisory's sentences write them, in India Standard Time for every field:
 * "6 Dec, 4 am" and "6 दिस॰, सुबह 4 बजे". The JSON fields keep ISO 8601; only the words change.
 *
 * The forms are CLDR's, through Intl.DateTimeFormat (Node's full ICU): en-IN's day, short month and
 * 12-hour clock, and hi-IN's, whose month abbreviations are Devanagari. Hindi takes CLDR's day
 * periods (सुबह, दोपहर, शाम, रात) in place of its default "am"/"pm", which are Latin and which
 * Hindi speakers do not say, and "बजे" after the hour, as a Hindi speaker says the time.
 */
type Phrase = Record<AdvisoryLanguage, string>;

export const ADVISORY_TIME_ZONE = 'Asia/Kolkata';
/** IST is UTC+05:30 all year: India keeps no daylight saving time. */
const IST_OFFSET_MS = 330 * 60_000;

const LOCALE: Phrase = { en: 'en-IN', hi: 'hi-IN' };

const formatters = (options: Intl.DateTimeFormatOptions, hindi: Intl.DateTimeFormatOptions = {}) => ({
  en: new Intl.DateTimeFormat(LOCALE.en, { timeZone: ADVISORY_TIME_ZONE, ...options }),
  hi: new Intl.DateTimeFormat(LOCALE.hi, { timeZone: ADVISORY_TIME_ZONE, ...options, ...hindi }),
});

const DAY = formatters({ day: 'numeric', month: 'short' });
const DAY_YEAR = formatters({ day: 'numeric', month: 'short', year: 'numeric' });
const clock = (minutes: boolean): Intl.DateTimeFormatOptions => (minutes ? { hour: 'numeric', minute: '2-digit' } : { hour: 'numeric' });
const HOUR = { whole: formatters(clock(false), { dayPeriod: 'short' }), minutes: formatters(clock(true), { dayPeriod: 'short' }) };
const DAY_HOUR = {
  whole: formatters({ day: 'numeric', month: 'short', ...clock(false) }, { dayPeriod: 'short' }),
  minutes: formatters({ day: 'numeric', month: 'short', ...clock(true) }, { dayPeriod: 'short' }),
};

/** A calendar date (YYYY-MM-DD) is the day itself, whatever the clock: noon IST keeps it whole. */
const dateInstant = (date: string) => new Date(`${date}T12:00:00+05:30`);

const both = (f: Record<AdvisoryLanguage, Intl.DateTimeFormat>, at: Date): Phrase => ({ en: f.en.format(at), hi: f.hi.format(at) });

/** "6 Dec" / "6 दिस॰"; with `year`, "6 Dec 2026" / "6 दिस॰ 2026". */
export function readableDate(date: string, options: { year?: boolean } = {}): Phrase {
  return both(options.year ? DAY_YEAR : DAY, dateInstant(date));
}

function withBaje(f: Intl.DateTimeFormat, at: Date): string {
  // "बजे" follows the last figure of the clock (the minute when shown, else the hour).
  const parts = f.formatToParts(at);
  const last = parts.findLastIndex((p) => p.type === 'hour' || p.type === 'minute');
  return parts.map((p, i) => (i === last ? `${p.value} बजे` : p.value)).join('');
}

/** An instant as "6 Dec, 4 am" / "6 दिस॰, सुबह 4 बजे", or without the day ("4 am" / "सुबह 4 बजे"). */
export function readableTime(instant: string | number, options: { day?: boolean } = {}): Phrase {
  const at = new Date(typeof instant === 'number' ? instant : Date.parse(instant));
  if (Number.isNaN(at.getTime())) throw new RangeError(`not a date-time: ${instant}`);
  const set = options.day === false ? HOUR : DAY_HOUR;
  const f = new Date(at.getTime() + IST_OFFSET_MS).getUTCMinutes() === 0 ? set.whole : set.minutes;
  return { en: f.en.format(at), hi: withBaje(f.hi, at) };
}

/** The IST calendar day of an instant, YYYY-MM-DD. */
export function istDate(instant: string | number): string {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  return new Date(ms + IST_OFFSET_MS).toISOString().slice(0, 10);
}

/** An instant as ISO 8601 in IST, to the minute, as the weather sources write their hours: 2026-12-06T04:00+05:30. */
export function istIso(instant: string | number): string {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  if (!Number.isFinite(ms)) throw new RangeError(`not a date-time: ${instant}`);
  return `${new Date(ms + IST_OFFSET_MS).toISOString().slice(0, 16)}+05:30`;
}
