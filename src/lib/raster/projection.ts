import type { MultiPolygon, Polygon, Position } from 'geojson';
import proj4 from 'proj4';
import { RasterInputError } from './errors.js';
import type { Bounds } from './grid.js';

/**
 * GeoJSON boundaries (WGS 84 lon/lat) into the CRS of a Sentinel-2 tile. Sentinel-2 grids use
 * WGS 84 / UTM, EPSG:326NN (north) and 327NN (south) for zones 1–60, so the proj4 definition is
 * built from the code itself rather than from a lookup list that would need every zone. proj4's
 * utm is the extended transverse Mercator (Poder/Engsager), as PROJ's, accurate to well under a
 * millimetre across a zone; no datum shift is involved since both ends are WGS 84.
 */

/** x, y in the target CRS of a lon, lat in degrees. */
export type Projector = (lon: number, lat: number) => [x: number, y: number];

/** One polygon in the raster CRS: rings (shell first, then holes) as flat [x0, y0, x1, y1, …]. */
export type ProjectedPolygon = Float64Array[];

/** The UTM zone and hemisphere of a WGS 84 / UTM EPSG code, or undefined for any other code. */
export function utmZoneOfEpsg(epsg: number): { zone: number; south: boolean } | undefined {
  if (!Number.isInteger(epsg)) return undefined;
  if (epsg >= 32601 && epsg <= 32660) return { zone: epsg - 32600, south: false };
  if (epsg >= 32701 && epsg <= 32760) return { zone: epsg - 32700, south: true };
  return undefined;
}

/** The proj4 definition of EPSG:326NN / 327NN; throws for any other code. */
export function utmProj4Definition(epsg: number): string {
  const utm = utmZoneOfEpsg(epsg);
  if (!utm) throw new RasterInputError('epsg', `must be a WGS 84 / UTM code (32601–32660, 32701–32760), got ${epsg}`);
  return `+proj=utm +zone=${utm.zone}${utm.south ? ' +south' : ''} +datum=WGS84 +units=m +no_defs`;
}

/** lon/lat → EPSG:epsg. Build it once per tile; every field of the tile can share it. */
export function projectorForEpsg(epsg: number): Projector {
  const converter = proj4('EPSG:4326', utmProj4Definition(epsg));
  return (lon, lat) => {
    const [x = Number.NaN, y = Number.NaN] = converter.forward([lon, lat]);
    return [x, y];
  };
}

function projectRing(ring: readonly Position[], project: Projector, path: string): Float64Array {
  const flat = new Float64Array(ring.length * 2);
  for (let i = 0; i < ring.length; i++) {
    const position = ring[i];
    const lon = position?.[0];
    const lat = position?.[1];
    if (typeof lon !== 'number' || typeof lat !== 'number') {
      throw new RasterInputError(`${path}[${i}]`, 'must be a [lon, lat] position');
    }
    const [x, y] = project(lon, lat);
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      throw new RasterInputError(`${path}[${i}]`, `[${lon}, ${lat}] has no position in the raster CRS`);
    }
    flat[2 * i] = x;
    flat[2 * i + 1] = y;
  }
  return flat;
}

/**
 * The polygons of a boundary with every vertex projected. Edges stay straight lines between
 * projected vertices: over a field's few hundred metres the projected image of a lon/lat edge
 * bends by far less than a millimetre.
 */
export function projectBoundary(boundary: Polygon | MultiPolygon, project: Projector): ProjectedPolygon[] {
  if (boundary.type === 'Polygon') {
    return [boundary.coordinates.map((ring, r) => projectRing(ring, project, `boundary.coordinates[${r}]`))];
  }
  if (boundary.type === 'MultiPolygon') {
    return boundary.coordinates.map((rings, p) => rings.map((ring, r) => projectRing(ring, project, `boundary.coordinates[${p}][${r}]`)));
  }
  throw new RasterInputError('boundary.type', 'must be "Polygon" or "MultiPolygon"');
}

/** The rectangle around every vertex of projected polygons, widened by marginM on each side. */
export function projectedBounds(polygons: readonly ProjectedPolygon[], marginM = 0): Bounds {
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (const polygon of polygons) {
    for (const ring of polygon) {
      for (let i = 0; i < ring.length; i += 2) {
        const x = ring[i]!,
          y = ring[i + 1]!;
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
  return { minX: minX - marginM, minY: minY - marginM, maxX: maxX + marginM, maxY: maxY + marginM };
}
