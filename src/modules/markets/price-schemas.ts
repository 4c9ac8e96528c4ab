import type { preValidationHookHandler } from 'fastify';
import Type from 'typebox';
import { AppError } from '../../errors.js';
import { oneOfOrNull, orNull } from '../../http/schemas.js';
import type { MarketRow } from './market-repository.js';

/** Shapes and small checks shared by the market routes. */

export const Day = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });

const isRealDay = (text: string) => {
  const time = Date.parse(`${text}T00:00:00Z`);
  return Number.isFinite(time) && new Date(time).toISOString().slice(0, 10) === text;
};

/** A YYYY-MM-DD that the calendar has (the schema checks the form; 2025-02-30 fails here), else 422. */
export function checkDay(parameter: string, text: string | undefined): void {
  if (text === undefined || isRealDay(text)) return;
  throw new AppError('validation_failed', `${parameter} ${text} is not a date of the calendar`, {
    errors: [{ path: `query.${parameter}`, message: 'must be a real date YYYY-MM-DD' }],
  });
}

export function checkRange(from: string | undefined, to: string | undefined): void {
  checkDay('from', from);
  checkDay('to', to);
  if (from !== undefined && to !== undefined && from > to) {
    throw new AppError('validation_failed', `from (${from}) is after to (${to})`, {
      errors: [{ path: 'query.from', message: 'must not be after to' }],
    });
  }
}

/** `?state=&commodity=wheat` is what a form sends for "any state": an empty parameter is no filter. */
export const dropEmptyParameters: preValidationHookHandler = async (request) => {
  const query = request.query as Record<string, unknown>;
  for (const [name, value] of Object.entries(query)) if (value === '') delete query[name];
};

const name = (what: string) => Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: what }));

export const PlaceQuery = {
  state: name('state name, case ignored, as Agmarknet spells it (Chattisgarh) or as the gazetteer does (Chhattisgarh)'),
  district: name('district name, case ignored, as Agmarknet or the gazetteer spells it (Hissar or Hisar)'),
  market: name('market (mandi) name, case ignored'),
};

export const CommodityParameter = Type.String({
  minLength: 1,
  maxLength: 200,
  description: 'a commodity code of GET /v1/commodities (wheat), or an Agmarknet name of it (Bengal Gram(Gram)(Whole)), case ignored',
});

export const CommodityName = Type.Object({
  code: Type.String(),
  nameEn: Type.String(),
  nameHi: orNull(Type.String({ description: 'in Devanagari; null where no source for the Hindi name is known yet' })),
});

export const COORDINATE_SOURCES = ['market', 'district'] as const;

export const Market = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String({ description: 'as Agmarknet names the market' }),
  state: Type.String({ description: 'as Agmarknet spells it' }),
  district: Type.String({ description: 'as Agmarknet spells it' }),
  lat: orNull(Type.Number({ description: 'WGS84 latitude of the point in coordinatesSource' })),
  lon: orNull(Type.Number({ description: 'WGS84 longitude of the point in coordinatesSource' })),
  coordinatesSource: oneOfOrNull(COORDINATE_SOURCES, {
    description:
      "market: the mandi's own position; district: its district's headquarters (or centroid) from the offline gazetteer, since Agmarknet gives no coordinates; null: not placed",
  }),
  approximate: Type.Boolean({ description: "true when the point is the district's, not the mandi's: off by up to tens of km" }),
  gazetteerDistrict: orNull(
    Type.Object({ state: Type.String(), district: Type.String() }, { description: 'the gazetteer district the market was matched to' }),
  ),
});

export const presentMarket = (row: MarketRow) => ({
  id: row.id,
  name: row.name,
  state: row.state,
  district: row.district,
  lat: row.lat,
  lon: row.lon,
  coordinatesSource: row.source,
  approximate: row.source === 'district',
  gazetteerDistrict: row.place_state && row.place_district ? { state: row.place_state, district: row.place_district } : null,
});

export const Msp = Type.Object({
  crop: Type.String({ description: 'the MSP crop code (GET /v1/msp)' }),
  variety: orNull(
    Type.String({
      description: 'the lowest-priced variety of the year where the crop has several (paddy common, cotton medium_staple, copra milling)',
    }),
  ),
  season: Type.String(),
  marketingYear: Type.String({
    description: 'the marketing year containing the date: KMS from 1 Oct, RMS from 1 Apr, jute from 1 Jul; copra by calendar year',
  }),
  mspInrPerQuintal: Type.Integer(),
});
