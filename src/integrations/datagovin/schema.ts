import Type, { type Static } from 'typebox';

/**
 * data.gov.in's Open Government Data API for a resource, as Kheti calls it:
 * `GET {base}/resource/{id}?api-key=…&format=json&offset=N&limit=N&filters[<field>]=<value>`.
 * For Agmarknet's "Current daily price of various commodities from various markets (Mandi)"
 * (resource 9ef84268-d588-465a-a308-a864a43d0070) each record is one market's prices of one
 * commodity, variety and grade on one arrival date:
 * `{state, district, market, commodity, variety, grade, arrival_date, min_price, max_price, modal_price}`
 * with `arrival_date` as dd/mm/yyyy and prices in ₹ per quintal. Captured answers carry the prices
 * as strings ("2225") and others as numbers, and echo `limit`/`offset` as strings; the envelope
 * (`total`, `count`, `limit`, `offset`, `records`, plus descriptive keys such as `index_name`,
 * `title`, `status`, `message`, `field`) is otherwise stable. Only `total` and `records` are relied on.
 *
 * The envelope is checked here; the records are not: each record is judged on its own by the
 * ingestion (src/modules/markets/validate-record.ts), so one malformed record costs that record only.
 */

/** A count as data.gov.in writes it: a number, or a numeric string. */
const Count = Type.Union([Type.Integer({ minimum: 0 }), Type.String({ pattern: '^[0-9]+$' })]);

export const DataGovInEnvelopeSchema = Type.Object(
  {
    index_name: Type.Optional(Type.String()),
    title: Type.Optional(Type.String()),
    status: Type.Optional(Type.String()),
    message: Type.Optional(Type.String()),
    total: Count,
    count: Type.Optional(Count),
    limit: Type.Optional(Count),
    offset: Type.Optional(Count),
    records: Type.Array(Type.Unknown()),
  },
  { additionalProperties: true },
);

export type DataGovInEnvelope = Static<typeof DataGovInEnvelopeSchema>;

/** A price as published: a number or a string such as "2225", "733.7" or (rarely) "1,200". */
const Price = Type.Union([Type.Number(), Type.String()]);

/** One Agmarknet record, as documented; what actually arrives may lack fields or hold anything. */
export const AgmarknetRecordSchema = Type.Object(
  {
    state: Type.String(),
    district: Type.String(),
    market: Type.String(),
    commodity: Type.String(),
    variety: Type.String(),
    grade: Type.String(),
    arrival_date: Type.String({ description: 'dd/mm/yyyy' }),
    min_price: Price,
    max_price: Price,
    modal_price: Price,
  },
  { additionalProperties: true },
);

export type AgmarknetRecord = Static<typeof AgmarknetRecordSchema>;

/** The record fields data.gov.in can filter on (`filters[<field>]=`); `state.keyword` is state's exact-match sub-field. */
export const FILTER_FIELDS = ['state', 'state.keyword', 'district', 'market', 'commodity', 'variety', 'grade', 'arrival_date'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];
export type Filters = Partial<Record<FilterField, string>>;
