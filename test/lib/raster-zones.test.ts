import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import proj4 from 'proj4';
import { geodesicAreaHa, validateBoundary } from '../../src/lib/geometry/index.js';
import {
  RasterInputError,
  SADDLE_CHAMFER,
  fieldMask,
  kMeans1d,
  majorityFilter,
  managementZones,
  nearestSeed,
  polygonizeClasses,
  utmProj4Definition,
  zoneClasses,
  type FieldMask,
  type PixelGrid,
  type PixelRing,
} from '../../src/lib/raster/index.js';

function close(actual: number | null | undefined, expected: number, what: string, tolerance = 1e-12): void {
  assert.ok(typeof actual === 'number' && Math.abs(actual - expected) <= tolerance, `${what}: ${actual} ≠ ${expected}`);
}

const EPS = SADDLE_CHAMFER;

/** Twice the signed area of a closed ring on the map (x east, y north): > 0 counter-clockwise. */
function signedArea2(ring: readonly Position[], flipY = false): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x0, y0] = ring[i]!;
    const [x1, y1] = ring[i + 1]!;
    s += flipY ? x0! * -y1! - x1! * -y0! : x0! * y1! - x1! * y0!;
  }
  return s;
}

describe('kMeans1d (Lloyd, quantile start)', () => {
  it('finds the obvious three groups, whatever the input order', () => {
    const km = kMeans1d(new Float64Array([0.9, 0, 0.5, 1, 0.2, 0.6, 0.1]), 3);
    assert.equal(km.centres.length, 3);
    close(km.centres[0], 0.1, 'c0', 1e-15);
    close(km.centres[1], 0.55, 'c1', 1e-15);
    close(km.centres[2], 0.95, 'c2', 1e-15);
    assert.deepEqual(km.counts, [3, 2, 2]);
    close(km.breaks[0], 0.325, 'b0', 1e-15);
    close(km.breaks[1], 0.75, 'b1', 1e-15);
  });

  it('iterates away from the quantile start: 0…10 and an outlier at 100 split as {0…10}, {100}', () => {
    // Start 2.75 / 8.25 → {0…5}, {6…100} → centres 2.5, 23.3 → {0…10}, {100} → centres 5, 100: stable.
    const values = new Float64Array([...Array.from({ length: 11 }, (_, i) => i), 100]);
    const km = kMeans1d(values, 2);
    assert.deepEqual(km.centres, [5, 100]);
    assert.deepEqual(km.counts, [11, 1]);
    assert.deepEqual(km.breaks, [52.5]);
  });

  it('puts a value exactly between two centres in the lower class', () => {
    // Start 0.5 / 1.5: 1 lies on the break 1.0 and goes low → {0, 1}, {2}: stable.
    assert.deepEqual(kMeans1d(new Float64Array([2, 1, 0]), 2), { centres: [0.5, 2], breaks: [1.25], counts: [2, 1] });
  });

  it('gives each distinct value its own class when there are no more than k of them', () => {
    assert.deepEqual(kMeans1d(new Float32Array([0.5, 0.25, 0.5]), 3), { centres: [0.25, 0.5], breaks: [0.375], counts: [1, 2] });
    assert.deepEqual(kMeans1d(new Float64Array(0), 3), { centres: [], breaks: [], counts: [] });
    assert.throws(() => kMeans1d(new Float64Array([1, Number.NaN, 2, 3]), 2), RasterInputError);
  });
});

describe('nearestSeed (exact Euclidean distance transform)', () => {
  it('finds a nearest seed for every pixel, as a brute-force search does', () => {
    let state = 12345;
    const random = () => (state = (state * 48271) % 2147483647) / 2147483647;
    for (let trial = 0; trial < 30; trial++) {
      const width = 1 + Math.floor(random() * 17);
      const height = 1 + Math.floor(random() * 17);
      const seed = new Uint8Array(width * height).map(() => (random() < 0.08 ? 1 : 0));
      const nearest = nearestSeed(seed, width, height);
      for (let i = 0; i < seed.length; i++) {
        const [x, y] = [i % width, Math.floor(i / width)];
        let best = Infinity;
        for (let j = 0; j < seed.length; j++) {
          if (seed[j]) best = Math.min(best, ((j % width) - x) ** 2 + (Math.floor(j / width) - y) ** 2);
        }
        const n = nearest[i]!;
        if (best === Infinity) assert.equal(n, -1);
        else assert.equal(((n % width) - x) ** 2 + (Math.floor(n / width) - y) ** 2, best, `trial ${trial} pixel ${i}`);
      }
    }
  });
});

describe('majorityFilter (3×3, more than half of the neighbours inside the field)', () => {
  it('removes a lone pixel, keeps a straight edge, ignores and keeps the outside', () => {
    // prettier-ignore
    const classes = new Uint8Array([1, 1, 1, 2, 2, 1, 3, 1, 2, 2, 1, 1, 1, 2, 2, 0, 1, 1, 2, 0]);
    // prettier-ignore
    assert.deepEqual(Array.from(majorityFilter(classes, 5, 4)), [1, 1, 1, 2, 2, 1, 1, 1, 2, 2, 1, 1, 1, 2, 2, 0, 1, 1, 2, 0]);
    // A corner pixel with 3 neighbours inside, 2 of them another class, follows them.
    assert.deepEqual(Array.from(majorityFilter(new Uint8Array([1, 2, 2, 2]), 2, 2)), [2, 2, 2, 2]);
    // Half is not more than half: the centre, with 2 of its 4 neighbours inside the field of
    // class 1, stays 2; the 1s, each with 2 of 3 neighbours of class 2, follow them (all pixels
    // are decided on the input, at once).
    // prettier-ignore
    assert.deepEqual(Array.from(majorityFilter(new Uint8Array([0, 1, 0, 1, 2, 2, 0, 2, 0]), 3, 3)), [0, 2, 0, 2, 2, 2, 0, 2, 0]);
  });
});

describe('polygonizeClasses', () => {
  it('traces a block as one counter-clockwise ring of its corners', () => {
    const polygons = polygonizeClasses(new Uint8Array([1, 1, 1, 1, 1, 1]), 3, 2);
    assert.deepEqual([...polygons.keys()], [1]);
    assert.deepEqual(polygons.get(1), [
      [
        [
          [0, 0],
          [0, 2],
          [3, 2],
          [3, 0],
          [0, 0],
        ],
      ],
    ]);
  });

  it('gives a surrounded class a hole, clockwise, and the inner class its own polygon', () => {
    const polygons = polygonizeClasses(new Uint8Array([1, 1, 1, 1, 2, 1, 1, 1, 1]), 3, 3);
    const [outer] = polygons.get(1)!;
    assert.deepEqual(outer, [
      [
        [0, 0],
        [0, 3],
        [3, 3],
        [3, 0],
        [0, 0],
      ],
      [
        [1, 1],
        [2, 1],
        [2, 2],
        [1, 2],
        [1, 1],
      ],
    ]);
    assert.ok(signedArea2(outer![0]!, true) > 0 && signedArea2(outer![1]!, true) < 0, 'shell counter-clockwise, hole clockwise');
    assert.deepEqual(polygons.get(2), [
      [
        [
          [1, 1],
          [1, 2],
          [2, 2],
          [2, 1],
          [1, 1],
        ],
      ],
    ]);
  });

  it('opens a diagonal contact into a bridge for the NW–SE class and cuts the other corners', () => {
    const polygons = polygonizeClasses(new Uint8Array([1, 2, 2, 1]), 2, 2);
    const bridged: PixelRing = [
      [0, 0],
      [0, 1],
      [1 - EPS, 1],
      [1, 1 + EPS],
      [1, 2],
      [2, 2],
      [2, 1],
      [1 + EPS, 1],
      [1, 1 - EPS],
      [1, 0],
      [0, 0],
    ];
    assert.deepEqual(polygons.get(1), [[bridged]]);
    assert.deepEqual(polygons.get(2), [
      [
        [
          [1, 0],
          [1, 1 - EPS],
          [1 + EPS, 1],
          [2, 1],
          [2, 0],
          [1, 0],
        ],
      ],
      [
        [
          [0, 1],
          [0, 2],
          [1, 2],
          [1, 1 + EPS],
          [1 - EPS, 1],
          [0, 1],
        ],
      ],
    ]);
    // The classes still tile the 2 × 2 square: the bridge takes exactly what the corners lose.
    close(signedArea2(bridged, true) / 2, 2 + EPS * EPS, 'bridge area', 1e-15);
    const corners = polygons.get(2)!.reduce((s, [ring]) => s + signedArea2(ring!, true) / 2, 0);
    close(corners, 2 - EPS * EPS, 'cut corners', 1e-15);
  });

  it('joins a class across a corner it shares with the outside only', () => {
    for (const classes of [
      [1, 0, 0, 1],
      [0, 1, 1, 0],
    ]) {
      const polygons = polygonizeClasses(new Uint8Array(classes), 2, 2).get(1)!;
      assert.equal(polygons.length, 1);
      assert.equal(polygons[0]!.length, 1);
      close(signedArea2(polygons[0]![0]!, true) / 2, 2 + EPS * EPS, 'area', 1e-15);
    }
  });

  it('yields valid, exactly tiling polygons on random salt-and-pepper rasters', () => {
    let state = 99;
    const random = () => (state = (state * 48271) % 2147483647) / 2147483647;
    const toLonLat = (ring: PixelRing) => ring.map(([x, y]) => [77 + x * 1e-3, 28 - y * 1e-3]);
    for (let trial = 0; trial < 150; trial++) {
      const width = 2 + Math.floor(random() * 12);
      const height = 2 + Math.floor(random() * 12);
      const k = 1 + Math.floor(random() * 4);
      const classes = new Uint8Array(width * height).map(() => Math.floor(random() * (k + 1)));
      const polygons = polygonizeClasses(classes, width, height);
      for (const [cls, parts] of polygons) {
        const geometry: Polygon | MultiPolygon =
          parts.length === 1
            ? { type: 'Polygon', coordinates: parts[0]!.map(toLonLat) }
            : { type: 'MultiPolygon', coordinates: parts.map((p) => p.map(toLonLat)) };
        const result = validateBoundary(geometry, { allowOutsideIndia: true });
        const errors = result.ok ? [] : result.errors.filter((e) => e.rule !== 'area_out_of_range');
        assert.deepEqual(errors, [], `trial ${trial}, class ${cls}: ${Array.from(classes).join('')}`);
        let area = 0;
        for (const polygon of parts) {
          polygon.forEach((ring, i) => {
            const a = signedArea2(ring, true) / 2;
            assert.equal(a > 0, i === 0, 'shells counter-clockwise, holes clockwise');
            area += a;
          });
        }
        const pixels = classes.filter((c) => c === cls).length;
        // Each saddle moves EPS² between classes; there are fewer saddles than pixels.
        assert.ok(Math.abs(area - pixels) < width * height * EPS * EPS, `trial ${trial}, class ${cls}: ${area} vs ${pixels}`);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Fields in UTM zone 43N near Delhi, drawn in metres east/north of a base point and stored as
// WGS 84 lon/lat, as the registry stores them.

const EPSG = 32643;
const toWgs84 = proj4(utmProj4Definition(EPSG), 'EPSG:4326');
const BASE_X = 713_000;
const BASE_Y = 3_167_000;

function lonLat(east: number, north: number): Position {
  return toWgs84.forward([BASE_X + east, BASE_Y + north]);
}

function polygonOf(...rings: Array<Array<[number, number]>>): Polygon {
  return { type: 'Polygon', coordinates: rings.map((ring) => [...ring, ring[0]!].map(([e, n]) => lonLat(e, n))) };
}

function rotated(width: number, height: number, degrees: number, cx = 0, cy = 0): Array<[number, number]> {
  const a = (degrees * Math.PI) / 180;
  return [
    [-width / 2, -height / 2],
    [width / 2, -height / 2],
    [width / 2, height / 2],
    [-width / 2, height / 2],
  ].map(([x, y]) => [cx + x! * Math.cos(a) - y! * Math.sin(a), cy + x! * Math.sin(a) + y! * Math.cos(a)]);
}

/** A 10 m grid aligned like a Sentinel-2 tile (origin on a 10 m multiple) around the base point. */
const GRID: PixelGrid = { originX: BASE_X - 1000, originY: BASE_Y + 1000, resX: 10, resY: -10, width: 200, height: 200 };

/** Deterministic index values: a west–east gradient, some texture and a cloud (NaN) patch. */
function synthValues(mask: FieldMask, cloud: (col: number, row: number) => boolean): Float32Array {
  const { width, height } = mask.window;
  const values = new Float32Array(width * height);
  let state = 4242;
  const random = () => (state = (state * 48271) % 2147483647) / 2147483647;
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      values[r * width + c] = cloud(c, r) ? Number.NaN : 0.25 + (0.5 * c) / width + 0.08 * random() + 0.04 * Math.sin(r / 3);
    }
  }
  return values;
}

const REALISTIC_FIELDS: Array<{ name: string; field: Polygon }> = [
  { name: 'a 1 ha rectangle turned 17°', field: polygonOf(rotated(126, 80, 17)) },
  {
    name: 'a 2.25 ha L-shape',
    field: polygonOf([
      [0, 0],
      [200, 0],
      [200, 75],
      [100, 75],
      [100, 150],
      [0, 150],
    ]),
  },
  {
    name: 'a 1.5 ha trapezoid with slanted sides',
    field: polygonOf([
      [3, 7],
      [163, -12],
      [148, 95],
      [22, 110],
    ]),
  },
  {
    name: 'a 4.9 ha field around a pond',
    field: polygonOf(rotated(250, 200, -8), rotated(40, 30, -8, 30, 20).reverse()),
  },
  {
    name: 'a 4.8 ha irregular hexagon',
    field: polygonOf([
      [0, 0],
      [150, -40],
      [270, 20],
      [250, 150],
      [110, 190],
      [-20, 110],
    ]),
  },
];

describe('managementZones', () => {
  it('splits a two-valued rectangle into its two halves, with the grid corners as vertices', () => {
    // 6 × 4 pixels, whose centres are well inside a boundary drawn on the pixel edges.
    const field = polygonOf([
      [0, 0],
      [60, 0],
      [60, 40],
      [0, 40],
    ]);
    const mask = fieldMask(field, EPSG, GRID);
    assert.equal(mask.pixelCount, 24);
    assert.deepEqual(mask.window, { x0: 100, y0: 96, width: 6, height: 4 });
    const values = new Float32Array(24).map((_, i) => (i % 6 < 3 ? 0.2 : 0.8));
    const zones = managementZones(values, mask, { epsg: EPSG, k: 2 });
    assert.equal(zones.type, 'FeatureCollection');
    assert.equal(zones.features.length, 2);
    const corner = (col: number, row: number) =>
      toWgs84.forward([GRID.originX + (100 + col) * 10, GRID.originY - (96 + row) * 10]).map((v) => Math.round(v * 1e9) / 1e9);
    const [west, east] = zones.features;
    assert.deepEqual(west!.geometry, {
      type: 'Polygon',
      coordinates: [[corner(0, 0), corner(0, 4), corner(3, 4), corner(3, 0), corner(0, 0)]],
    });
    assert.deepEqual(east!.geometry, {
      type: 'Polygon',
      coordinates: [[corner(3, 0), corner(3, 4), corner(6, 4), corner(6, 0), corner(3, 0)]],
    });
    assert.deepEqual(
      { ...west!.properties, areaHa: 0 },
      { zone: 1, mean: Math.fround(0.2), min: Math.fround(0.2), max: Math.fround(0.2), pixelCount: 12, areaHa: 0 },
    );
    assert.deepEqual(
      { ...east!.properties, areaHa: 0 },
      { zone: 2, mean: Math.fround(0.8), min: Math.fround(0.8), max: Math.fround(0.8), pixelCount: 12, areaHa: 0 },
    );
    // The boundary runs along the pixel edges, so the zones add up to the field itself.
    close(west!.properties.areaHa + east!.properties.areaHa, geodesicAreaHa(field), 'total area', 1e-6);
    close(west!.properties.areaHa, east!.properties.areaHa, 'equal halves', 1e-6);
    // Counter-clockwise on the map also in lon/lat.
    assert.ok(signedArea2((west!.geometry as Polygon).coordinates[0]!) > 0, 'counter-clockwise in lon/lat');
  });

  it('gives cloudy pixels the class of the nearest clear pixel, so the zones cover the field', () => {
    const field = polygonOf([
      [0, 0],
      [80, 0],
      [80, 30],
      [0, 30],
    ]);
    const mask = fieldMask(field, EPSG, GRID);
    const { width } = mask.window;
    // Columns 0–1 low, 6–7 high, 2–5 under cloud: 2–3 are nearer the low side, 4–5 the high side.
    const values = new Float32Array(mask.mask.length).map((_, i) => (i % width < 2 ? 0.3 : i % width >= 6 ? 0.7 : Number.NaN));
    const { classes, zoneCount } = zoneClasses(values, mask, { k: 2 });
    assert.equal(zoneCount, 2);
    assert.deepEqual(Array.from(classes.subarray(0, width)), [1, 1, 1, 1, 2, 2, 2, 2]);
    const zones = managementZones(values, mask, { epsg: EPSG, k: 2 });
    assert.deepEqual(
      zones.features.map((f) => f.properties.pixelCount),
      [12, 12],
    );
    // Statistics only from the clear pixels.
    assert.deepEqual(
      zones.features.map((f) => f.properties.mean),
      [Math.fround(0.3), Math.fround(0.7)],
    );
  });

  it('smooths salt-and-pepper away with the majority filter, and keeps it without', () => {
    const field = polygonOf([
      [0, 0],
      [70, 0],
      [70, 70],
      [0, 70],
    ]);
    const mask = fieldMask(field, EPSG, GRID);
    const { width } = mask.window;
    // Low west half, high east half, and one high pixel deep in the low half.
    const values = new Float32Array(mask.mask.length).map((_, i) => (i % width < 4 ? 0.3 : 0.7));
    values[2 * width + 1] = 0.7;
    const filtered = managementZones(values, mask, { epsg: EPSG, k: 2 });
    assert.deepEqual(
      filtered.features.map((f) => f.geometry.type),
      ['Polygon', 'Polygon'],
    );
    assert.deepEqual(
      filtered.features.map((f) => f.properties.pixelCount),
      [28, 21],
    );
    // The lone pixel's value still counts in the zone it was merged into.
    assert.equal(filtered.features[0]!.properties.max, Math.fround(0.7));
    const raw = managementZones(values, mask, { epsg: EPSG, k: 2, majorityFilter: false });
    assert.deepEqual(
      raw.features.map((f) => f.geometry.type),
      ['Polygon', 'MultiPolygon'],
    );
    assert.deepEqual(
      raw.features.map((f) => f.properties.pixelCount),
      [27, 22],
    );
    // The low zone has a hole where the lone pixel is.
    assert.equal((raw.features[0]!.geometry as Polygon).coordinates.length, 2);
  });

  for (const { name, field } of REALISTIC_FIELDS) {
    it(`covers ${name} with valid zones whose areas add up to the field's within 5 %`, () => {
      assert.ok(validateBoundary(field).ok, 'the test field itself is valid');
      const fieldHa = geodesicAreaHa(field);
      assert.ok(fieldHa >= 1 && fieldHa <= 5, `${fieldHa} ha`);
      const mask = fieldMask(field, EPSG, GRID);
      const values = synthValues(mask, (c, r) => c >= 3 && c < 7 && r >= 2 && r < 5);
      for (const k of [3, 5]) {
        for (const majorityFilter of [true, false]) {
          const zones = managementZones(values, mask, { epsg: EPSG, k, majorityFilter });
          const { features } = zones;
          assert.ok(features.length >= 2 && features.length <= k, `${features.length} zones for k = ${k}`);
          assert.deepEqual(
            features.map((f) => f.properties.zone),
            features.map((_, i) => i + 1),
          );
          assert.equal(
            features.reduce((s, f) => s + f.properties.pixelCount, 0),
            mask.pixelCount,
          );
          const means = features.map((f) => f.properties.mean!);
          assert.deepEqual(
            [...means].sort((a, b) => a - b),
            means,
            'zone 1 is the lowest',
          );
          for (const feature of features) {
            const check = validateBoundary(feature.geometry);
            assert.ok(
              check.ok,
              `${name}, k=${k}, zone ${feature.properties.zone}: ${JSON.stringify(check.ok ? [] : check.errors.slice(0, 3))}`,
            );
            const parts = feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
            for (const rings of parts) {
              rings.forEach((ring, i) => {
                assert.deepEqual(ring[0], ring[ring.length - 1], 'closed ring');
                assert.equal(signedArea2(ring) > 0, i === 0, 'RFC 7946 winding');
              });
            }
            close(feature.properties.areaHa, geodesicAreaHa(feature.geometry), 'areaHa', 1e-12);
          }
          const totalHa = features.reduce((s, f) => s + f.properties.areaHa, 0);
          assert.ok(Math.abs(totalHa - fieldHa) <= 0.05 * fieldHa, `${name}, k=${k}: zones ${totalHa} ha vs field ${fieldHa} ha`);
          // No gap or overlap: the zones add up to the field's pixel squares (100 m² of grid each,
          // 100/k² m² of ground with UTM's scale factor k), but for the saddle slivers.
          const pixelHa = geodesicAreaHa({
            type: 'Polygon',
            coordinates: [[lonLat(0, 0), lonLat(10, 0), lonLat(10, 10), lonLat(0, 10), lonLat(0, 0)]],
          });
          // The scale factor changes by ~1e-6 across a field, so that is the tolerance, relative;
          // one pixel too many or too few would be 2e-3 to 1e-2 of these fields.
          close(totalHa / (mask.pixelCount * pixelHa), 1, `${name}: tiling`, 1e-5);
        }
      }
    });
  }

  it('covers a field in two parts (MultiPolygon) and keeps its pond out', () => {
    const field: MultiPolygon = {
      type: 'MultiPolygon',
      coordinates: [polygonOf(rotated(120, 90, 5)).coordinates, polygonOf(rotated(100, 80, 5, 200, 30)).coordinates],
    };
    const mask = fieldMask(field, EPSG, GRID);
    const values = synthValues(mask, () => false);
    const zones = managementZones(values, mask, { epsg: EPSG });
    assert.equal(zones.features.length, 3);
    for (const f of zones.features) assert.ok(validateBoundary(f.geometry).ok, `zone ${f.properties.zone} is a valid boundary`);
    const totalHa = zones.features.reduce((s, f) => s + f.properties.areaHa, 0);
    assert.ok(
      Math.abs(totalHa - geodesicAreaHa(field)) <= 0.05 * geodesicAreaHa(field),
      `zones ${totalHa} ha vs field ${geodesicAreaHa(field)} ha`,
    );
  });

  it('refuses k outside 2–7, a wrong-sized raster, a field without a valid pixel and a non-UTM CRS', () => {
    const mask = fieldMask(
      polygonOf([
        [0, 0],
        [50, 0],
        [50, 50],
        [0, 50],
      ]),
      EPSG,
      GRID,
    );
    const values = new Float32Array(mask.mask.length).fill(0.5);
    assert.throws(() => managementZones(values, mask, { epsg: EPSG, k: 1 }), RasterInputError);
    assert.throws(() => managementZones(values, mask, { epsg: EPSG, k: 8 }), RasterInputError);
    assert.throws(() => managementZones(values, mask, { epsg: EPSG, k: 2.5 }), RasterInputError);
    assert.throws(() => managementZones(values.subarray(1), mask, { epsg: EPSG }), RasterInputError);
    assert.throws(() => managementZones(values.fill(Number.NaN), mask, { epsg: EPSG }), RasterInputError);
    assert.throws(() => managementZones(values.fill(0.5), mask, { epsg: 4326 }), RasterInputError);
    // One value everywhere: one zone, the whole field.
    const single = managementZones(values, mask, { epsg: EPSG });
    assert.equal(single.features.length, 1);
    assert.equal(single.features[0]!.properties.pixelCount, 25);
  });
});
