import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import geodesic from 'geographiclib-geodesic';
import type { Polygon, Position } from 'geojson';
import { GEOMETRY_RULES, geodesicAreaHa, validateBoundary } from '../../src/lib/geometry/index.js';

const RUNS = { numRuns: 200 };
const WGS84 = geodesic.Geodesic.WGS84;

interface Convex {
  ring: Position[]; // open: no closing repeat
  radiusM: number;
  gaps: number[]; // angles between consecutive vertices, radians
}

/**
 * Vertices on a geodesic circle around a centre well inside India, in order of azimuth. Gaps are
 * weights of 50–100 so that none exceeds π (the polygon keeps a real area, ≥ r² m²) and no two
 * vertices nearly coincide.
 */
const convexPolygon = (minVertices: number) =>
  fc
    .record({
      lon: fc.double({ min: 70, max: 95, noNaN: true }),
      lat: fc.double({ min: 8, max: 35, noNaN: true }),
      radiusM: fc.double({ min: 20, max: 2000, noNaN: true }),
      weights: fc.array(fc.integer({ min: 50, max: 100 }), { minLength: minVertices, maxLength: 40 }),
      turn: fc.double({ min: 0, max: 360, noNaN: true }),
    })
    .map(({ lon, lat, radiusM, weights, turn }): Convex => {
      const total = weights.reduce((a, b) => a + b, 0);
      const gaps = weights.map((w) => (2 * Math.PI * w) / total);
      let azimuth = turn;
      const ring = gaps.map((gap) => {
        const p = WGS84.Direct(lat, lon, azimuth, radiusM);
        azimuth += (gap * 180) / Math.PI;
        return [p.lon2!, p.lat2!];
      });
      return { ring, radiusM, gaps };
    });

const closed = (ring: Position[]): Position[] => [...ring, ring[0]!];
const polygon = (ring: Position[]): Polygon => ({ type: 'Polygon', coordinates: [closed(ring)] });
const near = (a: number, b: number, tolerance: number) => Math.abs(a - b) <= tolerance * Math.abs(b);

describe('validateBoundary on arbitrary input', () => {
  const known = (result: ReturnType<typeof validateBoundary>) =>
    !result.ok && result.errors.length > 0 && result.errors.every((e) => GEOMETRY_RULES.includes(e.rule) && e.path.startsWith('boundary'));

  it('never throws on JSON and refuses it with known rules', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => known(validateBoundary(value, {}))),
      RUNS,
    );
  });

  it('never throws on near-GeoJSON with odd numbers and nesting', () => {
    const odd = fc.oneof(
      fc.double(),
      fc.integer(),
      fc.constant(null),
      fc.string(),
      fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e308, -1e308),
      fc.string().map((text) => `${text}\u0000`),
    );
    const nested = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, odd, fc.array(tie('node'), { maxLength: 6 })),
    })).node;
    const geometry = fc.record({ type: fc.constantFrom('Polygon', 'MultiPolygon', 'Feature', 7, 'Polygon\u0000'), coordinates: nested });
    fc.assert(
      fc.property(geometry, (value) => {
        const result = validateBoundary(value, {});
        return result.ok || known(result);
      }),
      RUNS,
    );
  });
});

describe('convex fields', () => {
  it('are valid, with an area independent of start vertex and orientation', () => {
    fc.assert(
      fc.property(convexPolygon(3), fc.nat(), ({ ring, radiusM, gaps }, shift) => {
        const result = validateBoundary(polygon(ring), {});
        assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
        const area = geodesicAreaHa(result.geometry);
        assert.ok(area > 0);
        const k = shift % ring.length;
        const other = [...ring.slice(k), ...ring.slice(0, k)].reverse();
        assert.ok(near(geodesicAreaHa(polygon(other)), area, 0.005));
        // Independent check: a polygon inscribed in a circle of radius r has area r²/2 · Σ sin(gap).
        const inscribed = ((radiusM ** 2 / 2) * gaps.reduce((sum, g) => sum + Math.sin(g), 0)) / 10_000;
        assert.ok(near(area, inscribed, 0.005), `${area} vs ${inscribed}`);
      }),
      RUNS,
    );
  });

  it('keep their area when the ring is reversed, and scale with the square of the radius', () => {
    fc.assert(
      fc.property(convexPolygon(3), ({ ring }) => {
        const area = geodesicAreaHa(polygon(ring));
        assert.ok(Math.abs(geodesicAreaHa(polygon([...ring].reverse())) - area) <= 1e-9 * area);
        // Halving every vertex's offset from the first vertex (in degrees) quarters the area.
        const [x0, y0] = ring[0] as [number, number];
        const half = ring.map(([x, y]) => [x0 + (x! - x0) / 2, y0 + (y! - y0) / 2]);
        assert.ok(near(geodesicAreaHa(polygon(half)), area / 4, 0.005));
      }),
      RUNS,
    );
  });
});

describe('self-crossing fields', () => {
  it('are refused as self_intersection when two vertices of a convex polygon are swapped', () => {
    // Swapping vertices i and i+k (1 ≤ k ≤ n−3) makes the edges (i−1 → i+k) and (i → i+k+1)
    // chords of the circle whose four distinct endpoints interleave, so they really cross.
    const swapped = convexPolygon(5).chain(({ ring }) =>
      fc.record({ ring: fc.constant(ring), i: fc.nat(ring.length - 1), k: fc.integer({ min: 1, max: ring.length - 3 }) }),
    );
    fc.assert(
      fc.property(swapped, ({ ring, i, k }) => {
        const n = ring.length;
        const j = (i + k) % n;
        const crossed = [...ring];
        [crossed[i], crossed[j]] = [ring[j]!, ring[i]!];
        const result = validateBoundary(polygon(crossed), {});
        assert.ok(!result.ok && result.errors.some((e) => e.rule === 'self_intersection'), JSON.stringify(result));
      }),
      RUNS,
    );
  });
});
