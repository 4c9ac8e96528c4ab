import geodesic from 'geographiclib-geodesic';
import type { MultiPolygon, Polygon, Position } from 'geojson';

/**
 * Measures of field boundaries, and the planar predicates that validation and the overlap test
 * share. Areas and distances are geodesic on the WGS84 ellipsoid (Karney's algorithms through
 * geographiclib), because areaHa is what farmers, schemes and insurers are paid and judged by.
 * Topological questions (does this edge cross that one, is this point inside) are answered in the
 * lon/lat plane: a field is at most ~10 km across, where the difference between a geodesic edge and
 * a straight one in degrees is far below GPS noise, and plane predicates are exact about ties that a
 * geodesic computation would blur.
 */

export type Boundary = Polygon | MultiPolygon;

export interface LatLon {
  lat: number;
  lon: number;
}

/** [minLon, minLat, maxLon, maxLat], the GeoJSON bbox order. */
export type BBox = [minLon: number, minLat: number, maxLon: number, maxLat: number];

const WGS84 = geodesic.Geodesic.WGS84;
const SQUARE_METRES_PER_HECTARE = 10_000;

/** The polygons of a boundary as lists of rings, so every caller treats both types alike. */
export function polygonsOf(geometry: Boundary): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

function samePoint(a: Position, b: Position): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

/** Positions of a ring without its closing repeat: the closing edge is implied everywhere below. */
export function openRing(ring: Position[]): Position[] {
  const first = ring[0];
  const last = ring[ring.length - 1];
  return ring.length > 1 && first && last && samePoint(first, last) ? ring.slice(0, -1) : ring;
}

/** Unsigned geodesic area of one ring in m²; orientation-free because phones draw either way. */
function ringAreaM2(ring: Position[]): number {
  const polygon = WGS84.Polygon(false);
  for (const p of openRing(ring)) polygon.AddPoint(p[1]!, p[0]!);
  // sign=true gives a signed area for either orientation; with sign=false a clockwise ring would
  // come back as the rest of the Earth.
  return Math.abs(polygon.Compute(false, true).area ?? 0);
}

/** Geodesic area in hectares: shells add, holes subtract, MultiPolygon parts add. */
export function geodesicAreaHa(geometry: Boundary): number {
  let m2 = 0;
  for (const [shell, ...holes] of polygonsOf(geometry)) {
    if (!shell) continue;
    m2 += ringAreaM2(shell);
    for (const hole of holes) m2 -= ringAreaM2(hole);
  }
  return m2 / SQUARE_METRES_PER_HECTARE;
}

/** Geodesic distance in km on WGS84 (Karney's inverse solution; exact to nanometres). */
export function distanceKm(a: LatLon, b: LatLon): number {
  const { s12 } = WGS84.Inverse(a.lat, a.lon, b.lat, b.lon, geodesic.Geodesic.DISTANCE);
  return (s12 ?? Number.NaN) / 1000;
}

/** Bounding box over every position; no antimeridian handling, which Indian fields never need. */
export function bbox(geometry: Boundary): BBox {
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (const rings of polygonsOf(geometry)) {
    for (const ring of rings) {
      for (const p of ring) {
        const lon = p[0]!;
        const lat = p[1]!;
        if (lon < minLon) minLon = lon;
        if (lon > maxLon) maxLon = lon;
        if (lat < minLat) minLat = lat;
        if (lat > maxLat) maxLat = lat;
      }
    }
  }
  return [minLon, minLat, maxLon, maxLat];
}

/**
 * Area-weighted centroid (the centre of mass of the surface), computed with the shoelace formula in
 * a local equirectangular projection around the first vertex. Not @turf/centroid: that is the mean
 * of the vertices, which drifts towards whichever side the field worker walked slowly and so
 * recorded densely. The projection error is negligible at field scale (≤ ~10 km). The result can
 * lie outside a concave field (an L-shape), as any centre of mass can.
 */
export function centroid(geometry: Boundary): LatLon {
  const origin = polygonsOf(geometry)[0]?.[0]?.[0];
  if (!origin) return { lat: Number.NaN, lon: Number.NaN };
  const lon0 = origin[0]!;
  const lat0 = origin[1]!;
  const kx = Math.cos((lat0 * Math.PI) / 180);
  let weight = 0;
  let sx = 0;
  let sy = 0;
  let vertices = 0;
  let vx = 0;
  let vy = 0;
  for (const rings of polygonsOf(geometry)) {
    rings.forEach((ring, index) => {
      const pts = openRing(ring).map((p) => [(p[0]! - lon0) * kx, p[1]! - lat0] as const);
      let a2 = 0; // twice the signed area
      let cx = 0;
      let cy = 0;
      pts.forEach(([x0, y0], i) => {
        const [x1, y1] = pts[(i + 1) % pts.length]!;
        const cross = x0 * y1 - x1 * y0;
        a2 += cross;
        cx += (x0 + x1) * cross;
        cy += (y0 + y1) * cross;
        vertices += 1;
        vx += x0;
        vy += y0;
      });
      if (a2 === 0) return;
      // A ring's centroid is (cx, cy) / (3·a2) whatever its orientation; its weight is its unsigned
      // area, negative for a hole.
      const w = (index === 0 ? 1 : -1) * Math.abs(a2);
      weight += w;
      sx += (w * cx) / (3 * a2);
      sy += (w * cy) / (3 * a2);
    });
  }
  // A degenerate boundary (all points on a line) has no area to weigh; the vertex mean is the only
  // sensible answer left.
  const [x, y] = weight !== 0 ? [sx / weight, sy / weight] : [vx / vertices, vy / vertices];
  return { lat: lat0 + y, lon: lon0 + x / kx };
}

// ---------------------------------------------------------------------------------------------
// Plane predicates on [lon, lat]. Nearby coordinates differ by exactly representable amounts
// (Sterbenz), so the orientation determinant is wrong in sign only for points collinear to within
// ~1e-16 of the edge length — nanometres on a field — and exact for repeated (shared) vertices.

/** > 0 when c is left of a→b, < 0 when right, 0 when collinear. */
export function orient(a: Position, b: Position, c: Position): number {
  return (b[0]! - a[0]!) * (c[1]! - a[1]!) - (b[1]! - a[1]!) * (c[0]! - a[0]!);
}

/** c lies on the closed segment a–b. */
export function onSegment(c: Position, a: Position, b: Position): boolean {
  return (
    orient(a, b, c) === 0 &&
    Math.min(a[0]!, b[0]!) <= c[0]! &&
    c[0]! <= Math.max(a[0]!, b[0]!) &&
    Math.min(a[1]!, b[1]!) <= c[1]! &&
    c[1]! <= Math.max(a[1]!, b[1]!)
  );
}

/** The closed segments p1–p2 and q1–q2 share at least one point (touching and overlap included). */
export function segmentsIntersect(p1: Position, p2: Position, q1: Position, q2: Position): boolean {
  const d1 = Math.sign(orient(q1, q2, p1));
  const d2 = Math.sign(orient(q1, q2, p2));
  const d3 = Math.sign(orient(p1, p2, q1));
  const d4 = Math.sign(orient(p1, p2, q2));
  if (d1 * d2 < 0 && d3 * d4 < 0) return true;
  return (
    (d1 === 0 && onSegment(p1, q1, q2)) ||
    (d2 === 0 && onSegment(p2, q1, q2)) ||
    (d3 === 0 && onSegment(q1, p1, p2)) ||
    (d4 === 0 && onSegment(q2, p1, p2))
  );
}

/** The segments cross at a single point interior to both (no touching, no overlap). */
function segmentsCross(p1: Position, p2: Position, q1: Position, q2: Position): boolean {
  return orient(q1, q2, p1) * orient(q1, q2, p2) < 0 && orient(p1, p2, q1) * orient(p1, p2, q2) < 0;
}

/** 1 inside, 0 on the boundary, -1 outside one ring (winding number, so orientation is irrelevant). */
export function pointInRing(p: Position, ring: Position[]): 1 | 0 | -1 {
  const pts = openRing(ring);
  let winding = 0;
  for (let i = 0; i < pts.length; i += 1) {
    const a = pts[i]!;
    const b = pts[(i + 1) % pts.length]!;
    if (onSegment(p, a, b)) return 0;
    if (a[1]! <= p[1]!) {
      if (b[1]! > p[1]! && orient(a, b, p) > 0) winding += 1;
    } else if (b[1]! <= p[1]! && orient(a, b, p) < 0) {
      winding -= 1;
    }
  }
  return winding !== 0 ? 1 : -1;
}

/** 1 inside, 0 on the boundary, -1 outside a polygon given as [shell, ...holes]. */
export function pointInPolygon(p: Position, rings: Position[][]): 1 | 0 | -1 {
  const [shell, ...holes] = rings;
  if (!shell) return -1;
  const inShell = pointInRing(p, shell);
  if (inShell !== 1) return inShell;
  for (const hole of holes) {
    const inHole = pointInRing(p, hole);
    if (inHole === 0) return 0;
    if (inHole === 1) return -1;
  }
  return 1;
}

function pointInBoundary(p: Position, geometry: Boundary): 1 | 0 | -1 {
  let result: 1 | 0 | -1 = -1;
  for (const rings of polygonsOf(geometry)) {
    const here = pointInPolygon(p, rings);
    if (here === 1) return 1;
    if (here === 0) result = 0;
  }
  return result;
}

/** Twice the signed planar area of a ring (positive when counter-clockwise). */
function signedArea2(ring: Position[]): number {
  const pts = openRing(ring);
  let sum = 0;
  for (let i = 0; i < pts.length; i += 1) {
    const a = pts[i]!;
    const b = pts[(i + 1) % pts.length]!;
    sum += (a[0]! - pts[0]![0]!) * (b[1]! - pts[0]![1]!) - (b[0]! - pts[0]![0]!) * (a[1]! - pts[0]![1]!);
  }
  return sum;
}

interface Edge {
  a: Position;
  b: Position;
  /** The polygon's interior is on the left of a→b (false: on the right). */
  interiorLeft: boolean;
  box: BBox;
}

/** Edges of a boundary that reach into `within`: only those can meet the other boundary. */
function edgesOf(geometry: Boundary, within: BBox): Edge[] {
  const edges: Edge[] = [];
  for (const rings of polygonsOf(geometry)) {
    rings.forEach((ring, index) => {
      const pts = openRing(ring);
      // A counter-clockwise shell has its interior on the left; a counter-clockwise hole has the
      // polygon's interior on the right.
      const interiorLeft = signedArea2(ring) > 0 === (index === 0);
      pts.forEach((a, i) => {
        const b = pts[(i + 1) % pts.length]!;
        const box: BBox = [Math.min(a[0]!, b[0]!), Math.min(a[1]!, b[1]!), Math.max(a[0]!, b[0]!), Math.max(a[1]!, b[1]!)];
        if (boxesMeet(box, within)) edges.push({ a, b, interiorLeft, box });
      });
    });
  }
  return edges;
}

function boxesMeet(a: BBox, b: BBox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/** Some edge of `ea` crosses some edge of `eb`; swept west to east so only boxes that meet are compared. */
function anyEdgesCross(ea: Edge[], eb: Edge[]): boolean {
  const all = [...ea.map((edge) => ({ edge, side: 0 })), ...eb.map((edge) => ({ edge, side: 1 }))];
  all.sort((x, y) => x.edge.box[0] - y.edge.box[0]);
  for (let i = 0; i < all.length; i += 1) {
    const { edge: e, side } = all[i]!;
    for (let j = i + 1; j < all.length && all[j]!.edge.box[0] <= e.box[2]; j += 1) {
      const { edge: f, side: other } = all[j]!;
      if (other !== side && boxesMeet(e.box, f.box) && segmentsCross(e.a, e.b, f.a, f.b)) return true;
    }
  }
  return false;
}

/** Where c projects on the line a→b, as a fraction of a→b (0 at a, 1 at b). */
function along(c: Position, a: Position, b: Position): number {
  const dx = b[0]! - a[0]!;
  const dy = b[1]! - a[1]!;
  return ((c[0]! - a[0]!) * dx + (c[1]! - a[1]!) * dy) / (dx * dx + dy * dy);
}

/**
 * Some piece of an edge of `edges` runs through the interior of `other`, or along its boundary with
 * both interiors on the same side. Each edge is cut at the other's vertices lying on it; since no
 * edges cross (checked before), every piece is then wholly inside, outside or on the other boundary.
 */
function edgePieceOverlaps(edges: Edge[], otherEdges: Edge[], other: Boundary): boolean {
  for (const e of edges) {
    const touching = otherEdges.filter((f) => boxesMeet(e.box, f.box));
    const cuts = [0, 1];
    for (const f of touching) {
      if (onSegment(f.a, e.a, e.b)) cuts.push(along(f.a, e.a, e.b));
      if (onSegment(f.b, e.a, e.b)) cuts.push(along(f.b, e.a, e.b));
    }
    cuts.sort((x, y) => x - y);
    for (let i = 1; i < cuts.length; i += 1) {
      const t0 = cuts[i - 1]!;
      const t1 = cuts[i]!;
      if (t1 <= t0) continue;
      // Shared boundary is decided from the vertices themselves, never from a computed midpoint
      // that rounding could push a hair inside the neighbour: adjacent fields share edges.
      const shared = touching.find((f) => {
        if (orient(e.a, e.b, f.a) !== 0 || orient(e.a, e.b, f.b) !== 0) return false;
        const fa = along(f.a, e.a, e.b);
        const fb = along(f.b, e.a, e.b);
        return Math.min(fa, fb) <= t0 && t1 <= Math.max(fa, fb);
      });
      if (shared) {
        const sameDirection = along(shared.b, e.a, e.b) > along(shared.a, e.a, e.b);
        if ((e.interiorLeft === shared.interiorLeft) === sameDirection) return true;
        continue;
      }
      const t = (t0 + t1) / 2;
      const mid = [e.a[0]! + t * (e.b[0]! - e.a[0]!), e.a[1]! + t * (e.b[1]! - e.a[1]!)];
      if (pointInBoundary(mid, other) === 1) return true;
    }
  }
  return false;
}

/**
 * The interiors of two valid boundaries intersect: edges cross, a vertex of one lies strictly inside
 * the other, or they run along a common edge on the same side (the same field drawn twice). Fields
 * that merely share an edge or a corner do not overlap. There is no tolerance: two neighbours walked
 * separately with GPS usually overlap by a sliver, and that is reported as an overlap. Only the edges
 * reaching into the other's bbox are examined, so neighbours cost little whatever their size.
 */
export function boundariesOverlap(a: Boundary, b: Boundary): boolean {
  const boxA = bbox(a);
  const boxB = bbox(b);
  if (!boxesMeet(boxA, boxB)) return false;
  const ea = edgesOf(a, boxB);
  const eb = edgesOf(b, boxA);
  if (anyEdgesCross(ea, eb)) return true;
  // Every vertex inside the other's bbox starts one of the kept edges.
  if (ea.some((e) => pointInBoundary(e.a, b) === 1)) return true;
  if (eb.some((f) => pointInBoundary(f.a, a) === 1)) return true;
  return edgePieceOverlaps(ea, eb, b) || edgePieceOverlaps(eb, ea, a);
}
