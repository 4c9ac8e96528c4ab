import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import {
  GEOMETRY_RULES,
  bbox,
  boundariesOverlap,
  centroid,
  distanceKm,
  geodesicAreaHa,
  validateBoundary,
  type GeometryError,
  type GeometryRule,
} from '../../src/lib/geometry/index.js';

/** Closed counter-clockwise square with its south-west corner at (lon, lat). */
const square = (lon: number, lat: number, size: number): Position[] => [
  [lon, lat],
  [lon + size, lat],
  [lon + size, lat + size],
  [lon, lat + size],
  [lon, lat],
];
const polygon = (...rings: Position[][]): Polygon => ({ type: 'Polygon', coordinates: rings });
const multi = (...polygons: Position[][][]): MultiPolygon => ({ type: 'MultiPolygon', coordinates: polygons });

function failure(input: unknown, rule: GeometryRule, options = {}): GeometryError {
  const result = validateBoundary(input, options);
  assert.equal(result.ok, false, `expected ${rule}`);
  const error = result.ok ? undefined : result.errors.find((e) => e.rule === rule);
  assert.ok(error, `expected ${rule}, got ${JSON.stringify(result)}`);
  return error;
}

/**
 * Exact area of the region between two parallels and two meridians on the WGS84 ellipsoid, from the
 * authalic-latitude integral — independent of geographiclib. A geodesic square differs from it only
 * by the bulge of its east-west edges, negligible at 100 m.
 */
function latLonRectangleM2(lat1: number, lat2: number, dLon: number): number {
  const a = 6378137;
  const f = 1 / 298.257223563;
  const e2 = f * (2 - f);
  const e = Math.sqrt(e2);
  const rad = Math.PI / 180;
  const q = (lat: number) => {
    const s = Math.sin(lat * rad);
    return s / (1 - e2 * s * s) + Math.log((1 + e * s) / (1 - e * s)) / (2 * e);
  };
  return ((a * a * (1 - e2)) / 2) * dLon * rad * (q(lat2) - q(lat1));
}

describe('geodesic measures', () => {
  it('measures a 0.001° square near 21° N, 78° E as the ellipsoidal rectangle, about 1.15 ha', () => {
    const expected = latLonRectangleM2(21, 21.001, 0.001) / 10_000;
    assert.ok(expected > 1.1 && expected < 1.2, `reference ${expected}`);
    const area = geodesicAreaHa(polygon(square(78, 21, 0.001)));
    assert.ok(Math.abs(area - expected) / expected < 0.005, `${area} vs ${expected}`);
  });

  it('does not depend on orientation or starting vertex', () => {
    const ring = square(78, 21, 0.001);
    const reversed = [...ring].reverse();
    const rotated = [...ring.slice(2, 4), ...ring.slice(0, 3)];
    const area = geodesicAreaHa(polygon(ring));
    assert.ok(Math.abs(geodesicAreaHa(polygon(reversed)) - area) < 1e-9);
    assert.ok(Math.abs(geodesicAreaHa(polygon(rotated)) - area) < 1e-9);
  });

  it('subtracts holes and adds MultiPolygon parts', () => {
    const shell = square(78, 21, 0.002);
    const hole = square(78.0005, 21.0005, 0.001);
    const withHole = geodesicAreaHa(polygon(shell, hole));
    assert.ok(Math.abs(withHole - (geodesicAreaHa(polygon(shell)) - geodesicAreaHa(polygon(hole)))) < 1e-9);
    assert.ok(withHole > 3 * geodesicAreaHa(polygon(hole)) * 0.99);

    const a = square(78, 21, 0.001);
    const b = square(78.01, 21.01, 0.002);
    const sum = geodesicAreaHa(polygon(a)) + geodesicAreaHa(polygon(b));
    assert.ok(Math.abs(geodesicAreaHa(multi([a], [b])) - sum) < 1e-9);
  });

  it('gives the bbox and the centre of a square', () => {
    const g = polygon(square(78, 21, 0.001));
    const [minLon, minLat, maxLon, maxLat] = bbox(g);
    assert.deepEqual([minLon, minLat], [78, 21]);
    assert.ok(Math.abs(maxLon - 78.001) < 1e-12 && Math.abs(maxLat - 21.001) < 1e-12);
    const c = centroid(g);
    assert.ok(Math.abs(c.lon - 78.0005) < 1e-7 && Math.abs(c.lat - 21.0005) < 1e-7, JSON.stringify(c));
  });

  it('weighs the centroid by area, not by how densely a side was walked', () => {
    const dense: Position[] = [[78, 21]];
    for (let i = 1; i < 50; i += 1) dense.push([78 + i * 0.00002, 21]);
    dense.push([78.001, 21], [78.001, 21.001], [78, 21.001], [78, 21]);
    const c = centroid(polygon(dense));
    assert.ok(Math.abs(c.lon - 78.0005) < 1e-7 && Math.abs(c.lat - 21.0005) < 1e-7, JSON.stringify(c));
  });

  it('puts the centroid of a square with a hole off-centre away from the hole', () => {
    const c = centroid(polygon(square(78, 21, 0.002), square(78.0012, 21.0012, 0.0006)));
    assert.ok(c.lon < 78.001 && c.lat < 21.001);
  });

  it('measures Delhi to Mumbai as about 1150 km', () => {
    const km = distanceKm({ lat: 28.6139, lon: 77.209 }, { lat: 19.076, lon: 72.8777 });
    assert.ok(Math.abs(km - 1150) <= 10, `${km}`);
    assert.equal(distanceKm({ lat: 21, lon: 78 }, { lat: 21, lon: 78 }), 0);
  });
});

describe('overlap of fields', () => {
  const base = polygon(square(78, 21, 0.001));

  it('sees crossing edges', () => {
    assert.equal(boundariesOverlap(base, polygon(square(78.0005, 21.0005, 0.001))), true);
  });

  it('sees a field inside another, and the same field drawn twice', () => {
    assert.equal(boundariesOverlap(base, polygon(square(78.0002, 21.0002, 0.0002))), true);
    assert.equal(boundariesOverlap(polygon(square(78.0002, 21.0002, 0.0002)), base), true);
    assert.equal(boundariesOverlap(base, base), true);
    assert.equal(boundariesOverlap(base, polygon([...square(78, 21, 0.001)].reverse())), true);
  });

  it('sees a field sharing an edge and lying on the same side', () => {
    // A triangle on three corners of the square: no crossing, no vertex strictly inside.
    const triangle = polygon([
      [78, 21],
      [78.001, 21],
      [78.001, 21.001],
      [78, 21],
    ]);
    assert.equal(boundariesOverlap(base, triangle), true);
  });

  it('lets neighbours share an edge, part of an edge or a corner', () => {
    assert.equal(boundariesOverlap(base, polygon(square(78.001, 21, 0.001))), false);
    assert.equal(boundariesOverlap(base, polygon(square(78.001, 21.0005, 0.001))), false);
    assert.equal(boundariesOverlap(base, polygon(square(78.001, 21.001, 0.001))), false);
    assert.equal(boundariesOverlap(base, polygon(square(78.0002, 21.001, 0.0003))), false);
  });

  it('keeps apart fields that are disjoint or inside a hole', () => {
    assert.equal(boundariesOverlap(base, polygon(square(78.01, 21.01, 0.001))), false);
    const withPond = polygon(square(78, 21, 0.003), square(78.001, 21.001, 0.001));
    assert.equal(boundariesOverlap(withPond, polygon(square(78.0012, 21.0012, 0.0005))), false);
    assert.equal(boundariesOverlap(withPond, polygon(square(78.001, 21.001, 0.001))), false);
  });

  it('checks every part of a MultiPolygon', () => {
    const parts = multi([square(79, 22, 0.001)], [square(78.0005, 21.0005, 0.001)]);
    assert.equal(boundariesOverlap(base, parts), true);
    assert.equal(boundariesOverlap(base, multi([square(79, 22, 0.001)])), false);
  });
});

describe('validateBoundary', () => {
  it('accepts a 1 ha field and returns a clean copy', () => {
    const input = { ...polygon(square(78, 21, 0.001)), properties: { name: 'x' } };
    const result = validateBoundary(input, {});
    assert.ok(result.ok);
    assert.deepEqual(result.geometry, polygon(square(78, 21, 0.001)));
  });

  it('accepts a MultiPolygon with a hole', () => {
    const result = validateBoundary(multi([square(78, 21, 0.003), square(78.001, 21.001, 0.001)], [square(78.01, 21, 0.001)]), {});
    assert.ok(result.ok, JSON.stringify(result));
  });

  it('tolerates consecutive repeated positions and drops altitude', () => {
    const ring: Position[] = [
      [78, 21, 210],
      [78, 21],
      [78.001, 21],
      [78.001, 21.001],
      [78.001, 21.001, 5],
      [78, 21.001],
      [78, 21],
      [78, 21],
    ];
    const result = validateBoundary(polygon(ring), {});
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.geometry.coordinates, [
      square(78, 21, 0.001)
        .slice(0, 3)
        .concat([
          [78, 21.001],
          [78, 21],
        ]),
    ]);
    assert.ok(Math.abs(geodesicAreaHa(result.geometry) - geodesicAreaHa(polygon(square(78, 21, 0.001)))) < 1e-9);
  });

  it('refuses a bow-tie as self_intersection, pointing at the crossing edge', () => {
    const error = failure(
      polygon([
        [78, 21],
        [78.001, 21.001],
        [78.001, 21],
        [78, 21.001],
        [78, 21],
      ]),
      'self_intersection',
    );
    assert.equal(error.path, 'boundary.coordinates[0][0]');
    assert.match(error.message, /boundary\.coordinates\[0\]\[2\]/);
  });

  it('refuses a spike that doubles back', () => {
    failure(
      polygon([
        [78, 21],
        [78.001, 21],
        [78.002, 21],
        [78.001, 21],
        [78.001, 21.001],
        [78, 21],
      ]),
      'self_intersection',
    );
  });

  it('refuses a hole crossing its shell, and parts of a MultiPolygon crossing or nested', () => {
    failure(polygon(square(78, 21, 0.002), square(78.0015, 21.0005, 0.001)), 'self_intersection');
    failure(multi([square(78, 21, 0.001)], [square(78.0005, 21.0005, 0.001)]), 'self_intersection');
    failure(multi([square(78, 21, 0.003)], [square(78.001, 21.001, 0.001)]), 'self_intersection');
  });

  it('refuses an open ring', () => {
    const error = failure(polygon(square(78, 21, 0.001).slice(0, 4)), 'ring_not_closed');
    assert.equal(error.path, 'boundary.coordinates[0][3]');
  });

  it('refuses a ring of 3 positions', () => {
    failure(
      polygon([
        [78, 21],
        [78.001, 21],
        [78, 21],
      ]),
      'too_few_positions',
    );
    failure(
      polygon([
        [78, 21],
        [78, 21],
        [78, 21],
        [78, 21],
      ]),
      'too_few_positions',
    );
  });

  it('refuses swapped latitude and longitude with a hint', () => {
    const swapped = square(78, 21, 0.001).map(([lon, lat]) => [lat!, lon!]);
    const error = failure(polygon(swapped), 'outside_india');
    assert.match(error.message, /swapped/);
    // In the north-east, swapping pushes latitude past 90°: the range error carries the hint.
    const assam = square(92.9, 26.2, 0.001).map(([lon, lat]) => [lat!, lon!]);
    assert.match(failure(polygon(assam), 'coordinates_out_of_range').message, /swapped/);
  });

  it('refuses a field abroad unless allowed, without a swap hint', () => {
    const kenya = polygon(square(36.8, -1.28, 0.001));
    assert.doesNotMatch(failure(kenya, 'outside_india').message, /swapped/);
    assert.ok(validateBoundary(kenya, { allowOutsideIndia: true }).ok);
  });

  it('refuses 20 000 ha and 10 m²', () => {
    const huge = polygon(square(78, 21, 0.14));
    assert.ok(geodesicAreaHa(huge) > 15_000);
    failure(huge, 'area_out_of_range');
    const tiny = polygon(square(78, 21, 0.00003));
    assert.ok(Math.abs(geodesicAreaHa(tiny) * 10_000 - 10) < 1.5, `${geodesicAreaHa(tiny) * 10_000} m²`);
    failure(tiny, 'area_out_of_range');
  });

  it('refuses a hole outside its shell or inside another hole', () => {
    failure(polygon(square(78, 21, 0.001), square(78.002, 21, 0.0005)), 'hole_outside_shell');
    failure(polygon(square(78, 21, 0.003), square(78.0005, 21.0005, 0.002), square(78.001, 21.001, 0.0005)), 'hole_outside_shell');
  });

  it('refuses latitude 95 and reports the position', () => {
    const ring = square(78, 21, 0.001);
    ring[2] = [78.001, 95];
    assert.equal(failure(polygon(ring), 'coordinates_out_of_range').path, 'boundary.coordinates[0][2]');
  });

  it('refuses malformed positions with their MultiPolygon path', () => {
    const ring: unknown[] = square(78, 21, 0.001);
    ring[1] = [78, 'x'];
    ring[2] = [78, 21, 0, 0];
    ring[3] = [Number.NaN, 21];
    const result = validateBoundary({ type: 'MultiPolygon', coordinates: [[square(79, 22, 0.001)], [ring]] }, {});
    assert.equal(result.ok, false);
    assert.deepEqual(
      !result.ok && result.errors.map((e) => [e.rule, e.path]),
      [1, 2, 3].map((i) => ['invalid_position', `boundary.coordinates[1][0][${i}]`]),
    );
  });

  it('refuses what is not a Polygon or MultiPolygon without throwing', () => {
    const inputs: unknown[] = [
      null,
      undefined,
      'POLYGON((78 21, 78.001 21))',
      42,
      Number.NaN,
      [],
      {},
      { type: 'Point', coordinates: [78, 21] },
      { type: 'Polygon' },
      { type: 'Polygon', coordinates: 'x' },
      { type: 'Polygon', coordinates: [] },
      { type: 'Polygon', coordinates: [null] },
      { type: 'MultiPolygon', coordinates: [] },
      { type: 'MultiPolygon', coordinates: [[[null]]] },
      { type: 'Feature', geometry: polygon(square(78, 21, 0.001)) },
      {
        type: 'Polygon',
        get coordinates() {
          throw new Error('boom');
        },
      },
    ];
    for (const input of inputs) {
      const result = validateBoundary(input, {});
      assert.equal(result.ok, false);
      assert.ok(!result.ok && result.errors.length > 0 && result.errors.every((e) => GEOMETRY_RULES.includes(e.rule)));
    }
    assert.match(failure({ type: 'Feature' }, 'not_geojson').message, /send its geometry/);
  });

  it('caps the work on huge bodies', () => {
    const big = Array.from({ length: 10_001 }, (_, i) => [78 + i * 1e-7, 21]);
    failure(polygon(big), 'too_many_positions');
    failure({ type: 'MultiPolygon', coordinates: new Array(1_000_000).fill([]) }, 'too_many_positions');
    failure({ type: 'Polygon', coordinates: [new Array(5_000_000).fill(0)] }, 'too_many_positions');
    const garbage = validateBoundary(polygon([new Array(9_000).fill('x') as unknown as Position[]][0]!), {});
    assert.ok(!garbage.ok && garbage.errors.length <= 20);
  });

  // How fast belongs in bench/: a timed test fails on a busy machine rather than on slow code.
  it('checks a 10 000-position field, the largest a boundary may have', () => {
    const ring: Position[] = [];
    for (let i = 0; i < 9_999; i += 1) {
      const t = (2 * Math.PI * i) / 9_999;
      ring.push([78 + 0.01 * Math.cos(t), 21 + 0.01 * Math.sin(t)]);
    }
    ring.push(ring[0]!);
    const result = validateBoundary(polygon(ring), {});
    assert.ok(result.ok, JSON.stringify(!result.ok && result.errors[0]));
  });
});
