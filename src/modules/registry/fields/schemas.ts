import Type from 'typebox';
import { AppError } from '../../../errors.js';
import { looksSwappedForIndia } from '../../../lib/geometry/index.js';

const BOUNDARY_DESCRIPTION =
  'GeoJSON Polygon or MultiPolygon in WGS84, positions as [lon, lat]; rings closed (first position repeated last)';

/** The boundary as stored and shown: the normalised geometry (altitudes and repeated positions dropped). */
export const Boundary = Type.Object(
  {
    type: Type.Union([Type.Literal('Polygon'), Type.Literal('MultiPolygon')]),
    coordinates: Type.Array(Type.Unknown()),
  },
  { description: BOUNDARY_DESCRIPTION },
);

/**
 * The boundary as it arrives: read by the service, not by the schema, so that every geometry
 * failure (a wrong type included) comes back as a 422 with its rule code.
 */
const BoundaryInput = Type.Unknown({ description: BOUNDARY_DESCRIPTION });

const name = Type.String({ minLength: 1, maxLength: 200 });

export const FieldCreate = Type.Object(
  {
    id: Type.Optional(
      Type.String({ format: 'uuid', description: 'a client-made id (offline creation); a retried create returns the first' }),
    ),
    farmId: Type.String({ format: 'uuid' }),
    name,
    boundary: BoundaryInput,
  },
  { additionalProperties: false },
);

export const FieldPatch = Type.Object(
  { name: Type.Optional(name), boundary: Type.Optional(BoundaryInput) },
  { additionalProperties: false },
);

export const FieldWarning = Type.Object({
  code: Type.Literal('overlaps_field'),
  fieldId: Type.String(),
  message: Type.String(),
});

const fieldMembers = {
  id: Type.String(),
  farmId: Type.String(),
  farmerId: Type.String(),
  name: Type.String(),
  boundary: Boundary,
  areaHa: Type.Number({ description: 'geodesic area on the WGS84 ellipsoid, hectares, 4 decimals' }),
  centroid: Type.Object({ lat: Type.Number(), lon: Type.Number() }, { description: 'centre of mass of the surface' }),
  bbox: Type.Array(Type.Number(), { minItems: 4, maxItems: 4, description: '[minLon, minLat, maxLon, maxLat]' }),
  version: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
};

export const Field = Type.Object(fieldMembers);

/** A written field, with what the caller should look at (it was stored regardless). */
export const WrittenField = Type.Object({ ...fieldMembers, warnings: Type.Array(FieldWarning) });

export const ListedField = Type.Object({
  ...fieldMembers,
  distanceKm: Type.Optional(Type.Number({ description: 'from `near` to the centroid (geodesic), with `near` only' })),
});

export const FieldListQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  cursor: Type.Optional(Type.String({ maxLength: 512 })),
  farmId: Type.Optional(Type.String({ format: 'uuid' })),
  farmerId: Type.Optional(Type.String({ format: 'uuid' })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'fields whose name contains this text, in any case' })),
  crop: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 100,
      description: 'a crop code of /v1/crops (any case): fields on which it stands today (India)',
    }),
  ),
  bbox: Type.Optional(
    Type.String({ maxLength: 200, description: 'minLon,minLat,maxLon,maxLat: fields whose bounding box meets this one' }),
  ),
  near: Type.Optional(Type.String({ maxLength: 100, description: 'lat,lon: fields whose centroid is within radiusKm, nearest first' })),
  radiusKm: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100, description: 'with near; default 10' })),
});

export const DEFAULT_RADIUS_KM = 10;

export type BBoxFilter = [number, number, number, number];

function invalid(parameter: string, message: string): never {
  throw new AppError('validation_failed', `${parameter} ${message}`, { errors: [{ path: `query.${parameter}`, message }] });
}

function numbers(text: string, count: number): number[] | undefined {
  const parts = text.split(',').map((part) => part.trim());
  if (parts.length !== count || parts.some((part) => part === '')) return undefined;
  const values = parts.map(Number);
  return values.every(Number.isFinite) ? values : undefined;
}

const lonOk = (lon: number) => lon >= -180 && lon <= 180;
const latOk = (lat: number) => lat >= -90 && lat <= 90;

/** `bbox=minLon,minLat,maxLon,maxLat`, or 422 naming the parameter. */
export function parseBbox(text: string): BBoxFilter {
  const values = numbers(text, 4);
  if (!values) invalid('bbox', 'must be four numbers: minLon,minLat,maxLon,maxLat');
  const [minLon, minLat, maxLon, maxLat] = values as BBoxFilter;
  if (looksSwappedForIndia([minLon, minLat, maxLon, maxLat])) {
    invalid('bbox', 'latitude and longitude look swapped: the order is minLon,minLat,maxLon,maxLat (longitude first)');
  }
  if (!lonOk(minLon) || !lonOk(maxLon) || !latOk(minLat) || !latOk(maxLat)) {
    invalid('bbox', 'longitudes must lie in [-180, 180] and latitudes in [-90, 90]');
  }
  if (minLon > maxLon || minLat > maxLat) invalid('bbox', 'minimums must not exceed maximums (order: minLon,minLat,maxLon,maxLat)');
  return [minLon, minLat, maxLon, maxLat];
}

/** `near=lat,lon`, or 422 naming the parameter. */
export function parseNear(text: string): { lat: number; lon: number } {
  const values = numbers(text, 2);
  if (!values) invalid('near', 'must be two numbers: lat,lon');
  const [lat, lon] = values as [number, number];
  if (looksSwappedForIndia([lon, lat, lon, lat])) {
    invalid('near', 'latitude and longitude look swapped: the order is lat,lon (latitude first)');
  }
  if (!latOk(lat) || !lonOk(lon)) invalid('near', 'latitude must lie in [-90, 90] and longitude in [-180, 180] (order: lat,lon)');
  return { lat, lon };
}
