/**
 * One Agmarknet record judged on its own: either a price Kheti keeps, or the reason it is refused.
 * A record fails on the first check it does not pass, in this order:
 *
 * - `missing_field`: state, district, market, commodity, variety, grade, arrival_date or a price is
 *   absent, or a name is empty (variety and grade may be empty strings, never absent);
 * - `bad_date`: arrival_date is not a real dd/mm/yyyy date of 2000-2099;
 * - `non_numeric_price`: a price is not a plain decimal number ("2225", "733.7", 2225, "1,200") or is
 *   beyond ₹10 crore a quintal;
 * - `non_positive_price`: a price is 0 or less (Agmarknet writes 0 for a price it does not have);
 * - `min_gt_max`: the minimum price exceeds the maximum;
 * - `modal_out_of_range`: the modal price lies outside [minimum, maximum];
 * - `unknown_commodity`: the commodity name is not one of agmarknet_commodity_names.
 *
 * The ingestion adds `duplicate_record` for a record whose key (market, commodity, variety, grade,
 * date) an earlier record of the same run already had.
 */
export const REJECTION_REASONS = [
  'missing_field',
  'bad_date',
  'non_numeric_price',
  'non_positive_price',
  'min_gt_max',
  'modal_out_of_range',
  'unknown_commodity',
  'duplicate_record',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export interface ValidPrice {
  state: string;
  district: string;
  market: string;
  /** The commodity code of the catalogue. */
  commodity: string;
  /** The commodity name as the record wrote it (cleaned of extra white space). */
  agmarknetCommodity: string;
  variety: string;
  grade: string;
  /** YYYY-MM-DD. */
  arrivalDate: string;
  /** ₹ per quintal, exact to the paisa, as decimal text ("2225.00"). */
  minPrice: string;
  maxPrice: string;
  modalPrice: string;
}

export type Validation = { ok: true; price: ValidPrice } | { ok: false; reason: RejectionReason; detail: string };

/**
 * How commodity names are compared: case and white space do not count (scripts/commodities-sql.mjs
 * refuses two catalogue names that fold to the same key).
 */
export const commodityNameKey = (name: string) => name.normalize('NFC').toLowerCase().replace(/\s+/g, '');

/** Names as published may carry stray spaces ("Modasar        ", "Koodali  VFPCK"). */
const clean = (text: string) => text.normalize('NFC').trim().replace(/\s+/g, ' ');

/** Above this a "price" is a data error, and numeric(12,2) must never overflow. */
const MAX_PRICE = 100_000_000;
const NAME_FIELDS = ['state', 'district', 'market', 'commodity'] as const;
const LABEL_FIELDS = ['variety', 'grade'] as const;
const PRICE_FIELDS = ['min_price', 'max_price', 'modal_price'] as const;

/** dd/mm/yyyy (one-digit day and month accepted) → YYYY-MM-DD, or null when it is not a real date of 2000-2099. */
export function parseArrivalDate(text: string): string | null {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
  if (!match) return null;
  const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 2000 || year > 2099) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

/** A price as published → a number, or null when it is not a plain decimal number. */
export function parsePrice(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const text = value.trim().replace(/,/g, '');
  if (!/^-?\d+(\.\d+)?$/.test(text)) return null;
  return Number(text);
}

/** Decimal text for a numeric column. */
const paise = (value: number) => value.toFixed(2);

const present = (value: unknown) => value !== undefined && value !== null;

export function validateRecord(record: unknown, commodityOf: (name: string) => string | undefined): Validation {
  const fail = (reason: RejectionReason, detail: string): Validation => ({ ok: false, reason, detail });
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return fail('missing_field', 'the record is not an object');
  const r = record as Record<string, unknown>;

  const text: Record<string, string> = {};
  for (const field of NAME_FIELDS) {
    const value = r[field];
    if (typeof value !== 'string' || clean(value) === '')
      return fail('missing_field', `${field} is ${present(value) ? 'empty' : 'missing'}`);
    text[field] = clean(value);
  }
  for (const field of LABEL_FIELDS) {
    const value = r[field];
    if (typeof value !== 'string') return fail('missing_field', `${field} is missing`);
    text[field] = clean(value);
  }
  for (const field of ['arrival_date', ...PRICE_FIELDS] as const) {
    const value = r[field];
    if (!present(value) || value === '') return fail('missing_field', `${field} is missing`);
  }

  const arrivalDate = typeof r.arrival_date === 'string' ? parseArrivalDate(r.arrival_date) : null;
  if (!arrivalDate) return fail('bad_date', `arrival_date ${JSON.stringify(r.arrival_date)} is not a dd/mm/yyyy date of 2000-2099`);

  const prices: Record<(typeof PRICE_FIELDS)[number], number> = { min_price: 0, max_price: 0, modal_price: 0 };
  for (const field of PRICE_FIELDS) {
    const value = parsePrice(r[field]);
    if (value === null) return fail('non_numeric_price', `${field} ${JSON.stringify(r[field])} is not a number`);
    if (Math.abs(value) >= MAX_PRICE) return fail('non_numeric_price', `${field} ${JSON.stringify(r[field])} is out of range`);
    // Compared as stored, to the paisa, so the table's own checks always agree.
    prices[field] = Math.round(value * 100) / 100;
  }
  for (const field of PRICE_FIELDS) {
    if (prices[field] <= 0) return fail('non_positive_price', `${field} is ${prices[field]}`);
  }
  const { min_price: min, max_price: max, modal_price: modal } = prices;
  if (min > max) return fail('min_gt_max', `min_price ${min} exceeds max_price ${max}`);
  if (modal < min || modal > max) return fail('modal_out_of_range', `modal_price ${modal} is outside [${min}, ${max}]`);

  const commodity = commodityOf(text.commodity!);
  if (!commodity) return fail('unknown_commodity', `commodity ${JSON.stringify(text.commodity)} is not in the catalogue`);

  return {
    ok: true,
    price: {
      state: text.state!,
      district: text.district!,
      market: text.market!,
      commodity,
      agmarknetCommodity: text.commodity!,
      variety: text.variety!,
      grade: text.grade!,
      arrivalDate,
      minPrice: paise(min),
      maxPrice: paise(max),
      modalPrice: paise(modal),
    },
  };
}
