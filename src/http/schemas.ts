import Type, { type Static, type TSchema } from 'typebox';

/**
 * `T | null` as one `type` list rather than an anyOf: the app's validator coerces types, and in an
 * anyOf it would turn null into "" or 0 before the null branch is tried.
 */
export const orNull = <T extends TSchema>(schema: T) =>
  Type.Unsafe<Static<T> | null>({ ...schema, type: [(schema as { type?: string }).type ?? 'string', 'null'] });

/** One of the given strings, or null, without an anyOf (see orNull). */
export const oneOfOrNull = <const V extends readonly string[]>(values: V, options: { description?: string } = {}) =>
  Type.Unsafe<V[number] | null>({ ...options, type: ['string', 'null'], enum: [...values, null] });

/** One of the given strings, as a plain `enum` (typed as their union). */
export const oneOf = <const V extends readonly string[]>(values: V, options: { description?: string } = {}) =>
  Type.Unsafe<V[number]>({ ...options, type: 'string', enum: [...values] });

/**
 * A calendar day, `YYYY-MM-DD`, for every date a request carries. The `date` format checks the day
 * exists (2026-02-30 does not), and the error handler words its failure the same on every route.
 */
export const calendarDate = (options: { description?: string } = {}) =>
  Type.String({ format: 'date', description: 'YYYY-MM-DD', ...options });
