import type { Position } from 'geojson';
import { bbox, geodesicAreaHa, onSegment, pointInPolygon, pointInRing, segmentsIntersect, type BBox, type Boundary } from './measure.js';

/**
 * Validation of field boundaries as field staff draw them on phones. The input is whatever arrived
 * in a request body, so nothing is assumed about it and nothing throws: every problem comes back as
 * a named rule with a path into the body, for a 422 that tells the app what to fix.
 */

export const GEOMETRY_RULES = [
  'not_geojson',
  'too_many_positions',
  'invalid_position',
  'coordinates_out_of_range',
  'ring_not_closed',
  'too_few_positions',
  'self_intersection',
  'hole_outside_shell',
  'outside_india',
  'area_out_of_range',
] as const;

export type GeometryRule = (typeof GEOMETRY_RULES)[number];

export interface GeometryError {
  rule: GeometryRule;
  /** Where in the request, e.g. `boundary.coordinates[0][3]`. */
  path: string;
  message: string;
}

export interface ValidateBoundaryOptions {
  /** Accept boundaries outside India's bounding box (tenants working abroad, test data). */
  allowOutsideIndia?: boolean;
}

export type BoundaryValidation = { ok: true; geometry: Boundary } | { ok: false; errors: GeometryError[] };

export const BOUNDARY_LIMITS = {
  /** Bounds the work of the O(n log n … n²) checks; a walked field has tens to hundreds. */
  maxPositions: 10_000,
  minAreaHa: 0.01,
  maxAreaHa: 10_000,
} as const;

/**
 * India's extreme points rounded outwards: 68°7′E (Guhar Moti, Kutch) to 97°25′E (Kibithu,
 * Arunachal Pradesh), 6°45′N (Indira Point, Great Nicobar) to 37°6′N (the northern tip of Jammu and
 * Kashmir as the Survey of India maps it). The box also covers neighbouring countries and sea: it
 * catches swapped, zeroed or foreign coordinates, it is not a border test.
 */
export const INDIA_BBOX: BBox = [68.0, 6.5, 97.5, 37.5];

/** Enough to fix a drawing; more would only bloat the 422 for a garbage body. */
const MAX_ERRORS = 20;
const ROOT = 'boundary';
const SWAP_HINT = 'latitude and longitude look swapped: GeoJSON positions are [longitude, latitude]';

type Collected = { list: GeometryError[] };

function add(errors: Collected, rule: GeometryRule, path: string, message: string): void {
  if (errors.list.length < MAX_ERRORS) errors.list.push({ rule, path, message });
}

const full = (errors: Collected) => errors.list.length >= MAX_ERRORS;
const failed = (errors: Collected): BoundaryValidation => ({ ok: false, errors: errors.list });

function inBox(box: BBox, lon: number, lat: number): boolean {
  return lon >= box[0] && lon <= box[2] && lat >= box[1] && lat <= box[3];
}

/**
 * True when a box (or a point: a box of zero size) misses India but lies inside it once each
 * corner's two numbers are exchanged: latitude written where longitude is asked for, the usual slip.
 */
export function looksSwappedForIndia([minX, minY, maxX, maxY]: BBox): boolean {
  const given = inBox(INDIA_BBOX, minX, minY) || inBox(INDIA_BBOX, maxX, maxY);
  return !given && inBox(INDIA_BBOX, minY, minX) && inBox(INDIA_BBOX, maxY, maxX);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

interface RawPolygon {
  path: string;
  rings: unknown[][];
}

/** Stage 1: the nesting of arrays, counted before anything walks it so huge bodies stop early. */
function readStructure(input: unknown, errors: Collected): { type: Boundary['type']; polygons: RawPolygon[] } | undefined {
  if (!isRecord(input)) {
    add(errors, 'not_geojson', ROOT, 'boundary must be a GeoJSON Polygon or MultiPolygon object');
    return undefined;
  }
  const { type, coordinates } = input;
  if (type !== 'Polygon' && type !== 'MultiPolygon') {
    const hint = type === 'Feature' || type === 'FeatureCollection' ? `; got a ${type}, send its geometry` : '';
    add(errors, 'not_geojson', `${ROOT}.type`, `type must be "Polygon" or "MultiPolygon"${hint}`);
    return undefined;
  }
  if (!Array.isArray(coordinates)) {
    add(errors, 'not_geojson', `${ROOT}.coordinates`, 'coordinates must be an array');
    return undefined;
  }
  // A usable ring has at least 4 positions, so more rings (or parts) than this cannot fit the cap.
  const maxRings = BOUNDARY_LIMITS.maxPositions / 4;
  const tooMany = () =>
    add(errors, 'too_many_positions', `${ROOT}.coordinates`, `a boundary may have at most ${BOUNDARY_LIMITS.maxPositions} positions`);
  if (coordinates.length > maxRings) {
    tooMany();
    return undefined;
  }
  const base = `${ROOT}.coordinates`;
  const candidates: { path: string; rings: unknown }[] =
    type === 'Polygon' ? [{ path: base, rings: coordinates }] : coordinates.map((rings, i) => ({ path: `${base}[${i}]`, rings }));
  if (candidates.length === 0) add(errors, 'not_geojson', base, 'a MultiPolygon needs at least one polygon');
  let ringCount = 0;
  let positionCount = 0;
  const polygons: RawPolygon[] = [];
  for (const { path, rings } of candidates) {
    if (!Array.isArray(rings)) {
      add(errors, 'not_geojson', path, 'a polygon must be an array of rings');
      continue;
    }
    if (rings.length === 0) add(errors, 'not_geojson', path, 'a polygon needs an outer ring');
    ringCount += rings.length;
    if (ringCount > maxRings) {
      tooMany();
      return undefined;
    }
    const checked: unknown[][] = [];
    for (let r = 0; r < rings.length; r += 1) {
      const ring: unknown = rings[r];
      if (!Array.isArray(ring)) {
        add(errors, 'not_geojson', `${path}[${r}]`, 'a ring must be an array of positions');
        continue;
      }
      positionCount += ring.length;
      if (positionCount > BOUNDARY_LIMITS.maxPositions) {
        tooMany();
        return undefined;
      }
      checked.push(ring);
    }
    polygons.push({ path, rings: checked });
  }
  return errors.list.length > 0 ? undefined : { type, polygons };
}

/** Stage 2: each position is [lon, lat] or [lon, lat, altitude]; the altitude is dropped. */
function readPositions(raw: unknown[], path: string, errors: Collected): Position[] {
  const out: Position[] = [];
  for (let i = 0; i < raw.length && !full(errors); i += 1) {
    const p: unknown = raw[i];
    const where = `${path}[${i}]`;
    if (!Array.isArray(p) || p.length < 2 || p.length > 3 || !isFiniteNumber(p[0]) || !isFiniteNumber(p[1])) {
      add(errors, 'invalid_position', where, 'a position must be [longitude, latitude] as finite numbers, optionally with an altitude');
      continue;
    }
    const [lon, lat] = p as [number, number];
    if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
      const swapped = inBox(INDIA_BBOX, lat, lon) ? `; ${SWAP_HINT}` : '';
      add(errors, 'coordinates_out_of_range', where, `longitude must be within [-180, 180] and latitude within [-90, 90]${swapped}`);
      continue;
    }
    out.push([lon, lat]);
  }
  return out;
}

interface Ring {
  /** Consecutive repeats removed, closing position kept. */
  points: Position[];
  /** Index in the request of each kept position, so errors point at what the user sent. */
  source: number[];
  path: string;
}

/** Stage 3: closure and size of one ring, with the consecutive repeats that phones emit removed. */
function readRing(positions: Position[], path: string, errors: Collected): Ring {
  const points: Position[] = [];
  const source: number[] = [];
  positions.forEach((p, i) => {
    const previous = points[points.length - 1];
    if (previous && previous[0] === p[0] && previous[1] === p[1]) return;
    points.push(p);
    source.push(i);
  });
  const first = positions[0];
  const last = positions[positions.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) {
    add(errors, 'ring_not_closed', `${path}[${positions.length - 1}]`, 'a ring must end with the same position it starts with');
  }
  if (points.length < 4) {
    add(
      errors,
      'too_few_positions',
      path,
      `a ring needs at least 4 positions (a closed triangle); it has ${points.length} after removing repeats`,
    );
  }
  return { points, source, path };
}

interface Segment {
  ring: Ring;
  /** Ring identity across the geometry, to tell edges of one ring from edges of two. */
  ringId: number;
  i: number;
  a: Position;
  b: Position;
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

const positionPath = (ring: Ring, i: number) => `${ring.path}[${ring.source[i]}]`;

/**
 * Stage 4a: no edge may touch another, apart from consecutive edges meeting at their shared vertex.
 * That covers bow-ties, spikes that double back, holes touching their shell and parts of a
 * MultiPolygon touching each other. Stricter than OGC, which lets rings touch at a point: a field
 * drawn on a phone never needs that, and forbidding it keeps every later test simple. Edges are swept
 * in order of their western end, so only edges whose boxes overlap are compared.
 */
function checkEdges(rings: Ring[], errors: Collected): void {
  const segments: Segment[] = [];
  rings.forEach((ring, ringId) => {
    for (let i = 0; i + 1 < ring.points.length; i += 1) {
      const a = ring.points[i]!;
      const b = ring.points[i + 1]!;
      segments.push({
        ring,
        ringId,
        i,
        a,
        b,
        minX: Math.min(a[0]!, b[0]!),
        maxX: Math.max(a[0]!, b[0]!),
        minY: Math.min(a[1]!, b[1]!),
        maxY: Math.max(a[1]!, b[1]!),
      });
    }
  });
  segments.sort((s, t) => s.minX - t.minX);
  for (let i = 0; i < segments.length; i += 1) {
    const s = segments[i]!;
    for (let j = i + 1; j < segments.length && segments[j]!.minX <= s.maxX; j += 1) {
      const t = segments[j]!;
      if (t.minY > s.maxY || t.maxY < s.minY) continue;
      if (s.ringId === t.ringId) {
        const edges = s.ring.points.length - 1;
        const [first, second] = (s.i + 1) % edges === t.i ? [s, t] : (t.i + 1) % edges === s.i ? [t, s] : [];
        if (first && second) {
          // Consecutive edges always share a vertex; they fail only when one runs back over the other.
          if (onSegment(second.b, first.a, first.b) || onSegment(first.a, second.a, second.b)) {
            add(errors, 'self_intersection', positionPath(s.ring, second.i), 'the ring doubles back on itself at this position');
          }
        } else if (segmentsIntersect(s.a, s.b, t.a, t.b)) {
          const [p, q] = s.i < t.i ? [s, t] : [t, s];
          const message = `the edge from this position crosses or touches the edge from ${positionPath(q.ring, q.i)}`;
          add(errors, 'self_intersection', positionPath(p.ring, p.i), message);
        }
      } else if (segmentsIntersect(s.a, s.b, t.a, t.b)) {
        const [p, q] = s.ringId < t.ringId ? [s, t] : [t, s];
        const message = `ring ${q.ring.path} crosses or touches ring ${p.ring.path} (edge from ${positionPath(p.ring, p.i)})`;
        add(errors, 'self_intersection', positionPath(q.ring, q.i), message);
      }
      if (full(errors)) return;
    }
  }
}

/**
 * Stage 4b: with no edges touching, one vertex decides where a whole ring lies. Each hole must be
 * inside its shell and not inside another hole; no part of a MultiPolygon may lie inside another
 * part (an island inside a part's hole is fine).
 */
function checkNesting(polygons: Ring[][], errors: Collected): void {
  const boxes = polygons.map((rings) => bbox({ type: 'Polygon', coordinates: rings.map((r) => r.points) }));
  polygons.forEach(([shell, ...holes]) => {
    if (!shell) return;
    holes.forEach((hole, h) => {
      const vertex = hole.points[0]!;
      if (pointInRing(vertex, shell.points) !== 1) {
        add(errors, 'hole_outside_shell', hole.path, `the hole is not inside its outer ring ${shell.path}`);
        return;
      }
      const outer = holes.find((other, k) => k !== h && pointInRing(vertex, other.points) === 1);
      if (outer) add(errors, 'hole_outside_shell', hole.path, `the hole lies inside another hole, ${outer.path}`);
    });
  });
  polygons.forEach((rings, q) => {
    const vertex = rings[0]?.points[0];
    if (!vertex) return;
    polygons.forEach((other, p) => {
      if (p === q || full(errors) || !inBox(boxes[p]!, vertex[0]!, vertex[1]!)) return;
      if (
        pointInPolygon(
          vertex,
          other.map((r) => r.points),
        ) === 1
      ) {
        add(errors, 'self_intersection', rings[0]!.path, `this part of the MultiPolygon lies inside another part, ${other[0]!.path}`);
      }
    });
  });
}

function validate(input: unknown, options: ValidateBoundaryOptions): BoundaryValidation {
  const errors: Collected = { list: [] };
  const structure = readStructure(input, errors);
  if (!structure) return failed(errors);

  const positions = structure.polygons.map(({ path, rings }) =>
    rings.map((ring, r) => ({ path: `${path}[${r}]`, points: readPositions(ring, `${path}[${r}]`, errors) })),
  );
  if (errors.list.length > 0) return failed(errors);

  const polygons = positions.map((rings) => rings.map(({ path, points }) => readRing(points, path, errors)));
  if (errors.list.length > 0) return failed(errors);

  checkEdges(polygons.flat(), errors);
  if (errors.list.length === 0) checkNesting(polygons, errors);
  if (errors.list.length > 0) return failed(errors);

  const coordinates = polygons.map((rings) => rings.map((ring) => ring.points));
  const geometry: Boundary =
    structure.type === 'Polygon' ? { type: 'Polygon', coordinates: coordinates[0]! } : { type: 'MultiPolygon', coordinates };

  const [minLon, minLat, maxLon, maxLat] = bbox(geometry);
  if (!options?.allowOutsideIndia && !(inBox(INDIA_BBOX, minLon, minLat) && inBox(INDIA_BBOX, maxLon, maxLat))) {
    const swapped = inBox(INDIA_BBOX, minLat, minLon) && inBox(INDIA_BBOX, maxLat, maxLon) ? `; ${SWAP_HINT}` : '';
    add(errors, 'outside_india', ROOT, `the boundary is not within India (longitude 68.0–97.5, latitude 6.5–37.5)${swapped}`);
  }
  const areaHa = geodesicAreaHa(geometry);
  if (!(areaHa >= BOUNDARY_LIMITS.minAreaHa && areaHa <= BOUNDARY_LIMITS.maxAreaHa)) {
    const { minAreaHa, maxAreaHa } = BOUNDARY_LIMITS;
    const message = `the area is ${Number(areaHa.toPrecision(3))} ha; a field must be between ${minAreaHa} and ${maxAreaHa} ha`;
    add(errors, 'area_out_of_range', ROOT, message);
  }
  return errors.list.length > 0 ? failed(errors) : { ok: true, geometry };
}

/**
 * Validate a field boundary from a request. On success the geometry is normalised: a fresh object
 * with only `type` and `coordinates`, positions as [lon, lat] (altitude dropped), consecutive repeated
 * positions removed. Never throws.
 */
export function validateBoundary(input: unknown, options: ValidateBoundaryOptions = {}): BoundaryValidation {
  try {
    return validate(input, options);
  } catch {
    // Only exotic objects get here (a getter or proxy that throws); JSON bodies cannot.
    return { ok: false, errors: [{ rule: 'not_geojson', path: ROOT, message: 'the boundary could not be read' }] };
  }
}
