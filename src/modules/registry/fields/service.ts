import { AppError } from '../../../errors.js';
import type { Tx } from '../../../infra/db/index.js';
import {
  bbox,
  boundariesOverlap,
  centroid,
  distanceKm,
  geodesicAreaHa,
  validateBoundary,
  type BBox,
  type Boundary,
  type LatLon,
} from '../../../lib/geometry/index.js';
import {
  allowsOutsideIndia,
  fieldCentroids,
  fieldsByIds,
  overlapCandidates,
  type BoundaryColumns,
  type FieldFilters,
  type FieldRow,
} from './repository.js';

/**
 * The rules of fields: the one place where a drawn boundary becomes the stored measures (area,
 * centroid, bounding box), where overlaps are found and where `near` is answered.
 */

export interface FieldWarning {
  code: 'overlaps_field';
  fieldId: string;
  message: string;
}

/**
 * Validates a boundary from a request (under the tenant's rules) and derives what is stored with it,
 * or throws a 422 whose errors point into the body and whose `rules` name what failed.
 */
export async function measureBoundary(tx: Tx, input: unknown): Promise<BoundaryColumns> {
  const result = validateBoundary(input, { allowOutsideIndia: await allowsOutsideIndia(tx) });
  if (!result.ok) {
    const rules = [...new Set(result.errors.map((error) => error.rule))];
    throw new AppError('validation_failed', `The boundary is not a usable field: ${result.errors[0]!.message}`, {
      errors: result.errors.map((error) => ({ path: `body.${error.path}`, message: error.message })),
      extensions: { rules },
    });
  }
  const { geometry } = result;
  const [minLon, minLat, maxLon, maxLat] = bbox(geometry);
  const middle = centroid(geometry);
  return {
    boundary: geometry,
    area_ha: Math.round(geodesicAreaHa(geometry) * 10_000) / 10_000,
    centroid_lat: middle.lat,
    centroid_lon: middle.lon,
    min_lon: minLon,
    min_lat: minLat,
    max_lon: maxLon,
    max_lat: maxLat,
  };
}

/**
 * Other fields of the same farm whose interiors meet this one. Overlaps are reported, not refused:
 * neighbours walked separately with GPS often overlap by a sliver, and staff decide what is right.
 */
export async function overlapWarnings(
  tx: Tx,
  field: Pick<FieldRow, 'id' | 'farm_id' | 'boundary' | 'min_lon' | 'min_lat' | 'max_lon' | 'max_lat'>,
): Promise<FieldWarning[]> {
  const box: BBox = [field.min_lon, field.min_lat, field.max_lon, field.max_lat];
  const candidates = await overlapCandidates(tx, field.farm_id, field.id, box);
  const geometry = field.boundary as Boundary;
  return candidates
    .filter((other) => boundariesOverlap(geometry, other.boundary as Boundary))
    .map((other) => ({
      code: 'overlaps_field',
      fieldId: other.id,
      message: `The boundary overlaps field "${other.name}" of the same farm`,
    }));
}

/** Kilometres per degree of latitude, at its smallest (the equator): the box errs on the wide side. */
const KM_PER_DEGREE_LAT = 110.574;
const KM_PER_DEGREE_LON_AT_EQUATOR = 111.32;

/** A lat/lon box that holds every point within `radiusKm` of `point`, for the coarse cut in SQL. */
export function boxAround(point: LatLon, radiusKm: number) {
  const margin = 1.01;
  const dLat = (radiusKm / KM_PER_DEGREE_LAT) * margin;
  const farthestLat = Math.min(90, Math.abs(point.lat) + dLat);
  const cos = Math.cos((farthestLat * Math.PI) / 180);
  const dLon = cos < 0.01 ? 180 : (radiusKm / (KM_PER_DEGREE_LON_AT_EQUATOR * cos)) * margin;
  return { minLat: point.lat - dLat, maxLat: point.lat + dLat, minLon: point.lon - dLon, maxLon: point.lon + dLon };
}

/**
 * Fields whose centroid lies within `radiusKm` of `point`, nearest first (ties by id), one page
 * after the cursor `[distanceKm, id]`. SQL narrows by a degree box on the centroid columns; the
 * exact geodesic distance then decides, before any boundary is loaded.
 */
export async function fieldsNear(
  tx: Tx,
  filters: FieldFilters,
  point: LatLon,
  radiusKm: number,
  page: { after?: [number, string]; limit: number },
): Promise<{ row: FieldRow; distanceKm: number }[]> {
  const candidates = await fieldCentroids(tx, { ...filters, centroidWithin: boxAround(point, radiusKm) });
  const ranked = candidates
    .map((c) => ({ id: c.id, distanceKm: distanceKm(point, { lat: c.centroid_lat, lon: c.centroid_lon }) }))
    .filter((c) => c.distanceKm <= radiusKm)
    .sort((a, b) => a.distanceKm - b.distanceKm || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const after = page.after;
  const rest = after ? ranked.filter((c) => c.distanceKm > after[0] || (c.distanceKm === after[0] && c.id > after[1])) : ranked;
  const chosen = rest.slice(0, page.limit);
  const rows = new Map(
    (
      await fieldsByIds(
        tx,
        chosen.map((c) => c.id),
      )
    ).map((row) => [row.id, row]),
  );
  return chosen.flatMap((c) => {
    const row = rows.get(c.id);
    return row ? [{ row, distanceKm: c.distanceKm }] : [];
  });
}
