import type { Position } from 'geojson';
import { type Boundary, distanceKm, type LatLon, openRing, pointInPolygon, polygonsOf } from './measure.js';

/**
 * How far a point lies from a field: 0 on or inside the boundary, else the distance to its nearest
 * edge in metres. The nearest point of each edge is found in a local east/north plane around the
 * point (a field is a few km across at most, where that plane is off by far less than GPS noise),
 * and the distance to it is then measured geodesically.
 */
export function distanceToBoundaryM(point: LatLon, boundary: Boundary): number {
  const p: Position = [point.lon, point.lat];
  let nearestM = Number.POSITIVE_INFINITY;
  for (const rings of polygonsOf(boundary)) {
    if (pointInPolygon(p, rings) >= 0) return 0;
    for (const ring of rings) {
      const pts = openRing(ring);
      for (let i = 0; i < pts.length; i += 1) {
        const nearest = nearestOnSegment(point, pts[i]!, pts[(i + 1) % pts.length]!);
        nearestM = Math.min(nearestM, distanceKm(point, nearest) * 1000);
      }
    }
  }
  return nearestM;
}

function nearestOnSegment(point: LatLon, a: Position, b: Position): LatLon {
  // Degrees of longitude shrink with the cosine of the latitude; scaling x by it makes the plane square.
  const k = Math.cos((point.lat * Math.PI) / 180);
  const ax = (a[0]! - point.lon) * k;
  const ay = a[1]! - point.lat;
  const bx = (b[0]! - point.lon) * k;
  const by = b[1]! - point.lat;
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSquared = dx * dx + dy * dy;
  const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / lengthSquared));
  return { lon: a[0]! + t * (b[0]! - a[0]!), lat: a[1]! + t * (b[1]! - a[1]!) };
}
