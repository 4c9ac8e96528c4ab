import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { fromArrayBuffer, fromFile } from 'geotiff';
import proj4 from 'proj4';
import {
  RasterInputError,
  SCL_CLASSES,
  SCL_CLOUD,
  SCL_EXCLUDED,
  coveringWindow,
  dnToReflectance,
  epsgFromGeoKeys,
  evi,
  fieldIndexRaster,
  fieldMask,
  fieldStatistics,
  medianOfSorted,
  ndvi,
  ndwi,
  pairwiseSum,
  parseProcessingBaseline,
  percentileOfSorted,
  pixelGridOf,
  projectBoundary,
  projectedBounds,
  projectorForEpsg,
  rasterizeField,
  reflectanceScaling,
  sclFlags,
  summarize,
  utmProj4Definition,
  windowBounds,
  windowGrid,
  type BandScalings,
  type FieldMask,
  type FieldStatistics,
  type PixelGrid,
  type PixelWindow,
  type ProjectedPolygon,
  type Scaling,
  type SummaryStatistics,
} from '../../src/lib/raster/index.js';
import { geoTiffArrayBuffer, writeGeoTiff, type GeoTiffSpec } from '../support/geotiff.js';

/** Float results are compared to hand-derived fractions within 1e-12: 4000 × 0.0001 − 0.1 is not 0.3 to the bit. */
function close(actual: number | undefined, expected: number, what: string): void {
  assert.ok(actual !== undefined && Math.abs(actual - expected) <= 1e-12, `${what}: ${actual} ≠ ${expected}`);
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** Mean and population std of a hand-written list, the schoolbook way. */
function meanStd(values: number[]): { mean: number; std: number } {
  const mean = sum(values) / values.length;
  return { mean, std: Math.sqrt(sum(values.map((v) => (v - mean) ** 2)) / values.length) };
}

function assertStats(
  actual: SummaryStatistics | null | undefined,
  expected: Omit<SummaryStatistics, 'mean' | 'std'>,
  values: number[],
  what: string,
): void {
  assert.ok(actual, `${what}: no statistics`);
  assert.equal(actual.count, expected.count, `${what}: count`);
  assert.equal(values.length, expected.count, `${what}: the hand list`);
  const { mean, std } = meanStd(values);
  close(actual.mean, mean, `${what} mean`);
  close(actual.std, std, `${what} std`);
  for (const key of ['median', 'p10', 'p90', 'min', 'max'] as const) close(actual[key], expected[key], `${what} ${key}`);
}

// ---------------------------------------------------------------------------------------------
// The scene of the done-when test: 6 × 6 pixels of 10 m in UTM 43N, SCL 3 × 3 pixels of 20 m.

const EPSG = 32643;
const ORIGIN_X = 600_000;
const ORIGIN_Y = 2_100_000;
const GRID: PixelGrid = { originX: ORIGIN_X, originY: ORIGIN_Y, resX: 10, resY: -10, width: 6, height: 6 };
const SCL_GRID: PixelGrid = { originX: ORIGIN_X, originY: ORIGIN_Y, resX: 20, resY: -20, width: 3, height: 3 };

// prettier-ignore
const RED = Uint16Array.from([
  2000,
  2000,
  2000,
  2000,
  2000,
  2000,
  2000,
  2000,
  2000,
  2000,
  2000,
  2000,
  2000,
  2000,
  1000,
  2000,
  2000,
  2000, // (2,2): red 0.0 with the offset
  2000,
  2000,
  2000,
  0,
  2000,
  2000, // (3,3): DN 0, no data
  2000,
  2000,
  2000,
  2000,
  2000,
  2000,
  2000,
  2000,
  2000,
  2000,
  2000,
  2000,
]);
// prettier-ignore
const NIR = Uint16Array.from([
  3000,
  4000,
  5000,
  6000,
  7000,
  8000,
  3000,
  4000,
  5000,
  6000,
  7000,
  9000, // (1,5): 0.8
  3000,
  4000,
  1000,
  6000,
  7000,
  8000, // (2,2): nir 0.0 → NDVI denominator 0
  3000,
  4000,
  5000,
  6000,
  7000,
  8000,
  3000,
  3500,
  5000,
  6000,
  7000,
  8000, // (4,1): 0.25
  3000,
  4000,
  5000,
  6000,
  7000,
  8000,
]);
const GREEN = new Uint16Array(36).fill(2000);
const BLUE = new Uint16Array(36).fill(1500);
BLUE[2 * 6 + 2] = 3000; // (2,2): blue 0.2 → EVI denominator 0 + 0 − 1.5 + 1 < 0
// A checkerboard of cloud classes (3 shadow, 8 and 9 cloud, 10 cirrus) on the odd squares; the
// even squares keep vegetation (4) and bare soil (5), except snow (11), excluded but not cloud.
// prettier-ignore
const SCL = Uint8Array.from([4, 8, 4, 9, 5, 3, 4, 10, 11]);

/** A closed rectangle ring in the raster CRS. */
const rect = (minX: number, minY: number, maxX: number, maxY: number): Float64Array =>
  Float64Array.from([minX, maxY, maxX, maxY, maxX, minY, minX, minY, minX, maxY]);
/** Metres east and south of the scene's origin, as CRS coordinates. */
const x = (metresEast: number) => ORIGIN_X + metresEast;
const y = (metresSouth: number) => ORIGIN_Y - metresSouth;

/**
 * A square whose four edges run exactly through pixel centres: west through column 0's centres
 * (x = 600 005), east through column 5's (600 055), north through row 0's (y = 2 099 995), south
 * through row 5's (2 099 945). By the boundary rule, the west and south lines are out and the
 * east and north lines in: the field is columns 1–5 of rows 0–4, 25 pixels.
 */
const THROUGH_CENTRES: ProjectedPolygon[] = [
  [Float64Array.from([600_005, 2_099_995, 600_055, 2_099_995, 600_055, 2_099_945, 600_005, 2_099_945, 600_005, 2_099_995])],
];

/*
 * The field's 25 pixels by SCL square: (0,1) (1,1) vegetation; (0,2) (0,3) (1,2) (1,3) cloud 8;
 * (0,4) (0,5) (1,4) (1,5) vegetation; (2,1) (3,1) cloud 9; (2,2) (2,3) (3,2) (3,3) bare soil;
 * (2,4) (2,5) (3,4) (3,5) shadow 3; (4,1) vegetation; (4,2) (4,3) cirrus 10; (4,4) (4,5) snow.
 * Cloud, shadow, cirrus: 4 + 2 + 4 + 2 = 12 of 25 → cloudPct 48. Kept by SCL: 11 pixels.
 *
 * Baseline 04.00: reflectance = DN/10 000 − 0.1, so red 0.1, green 0.1, blue 0.05 and nir
 * 0.1·(column + 2) except where marked. Kept pixels in row-major order, with
 * NDVI = (n − 0.1)/(n + 0.1), EVI = 2.5(n − 0.1)/(n + 0.6 − 0.375 + 1) = (100n − 10)/(40n + 49),
 * NDWI = (0.1 − n)/(0.1 + n):
 *   (0,1) n 0.3   NDVI 1/2   EVI 20/61   NDWI −1/2
 *   (0,4) n 0.6   NDVI 5/7   EVI 50/73   NDWI −5/7
 *   (0,5) n 0.7   NDVI 3/4   EVI 60/77   NDWI −3/4
 *   (1,1) n 0.3   NDVI 1/2   EVI 20/61   NDWI −1/2
 *   (1,4) n 0.6   NDVI 5/7   EVI 50/73   NDWI −5/7
 *   (1,5) n 0.8   NDVI 7/9   EVI 70/81   NDWI −7/9
 *   (2,2) red 0, n 0, blue 0.2: NDVI 0/0 and EVI 0/−0.5 excluded; NDWI 0.1/0.1 = 1
 *   (2,3) n 0.5   NDVI 2/3   EVI 40/69   NDWI −2/3
 *   (3,2) n 0.4   NDVI 3/5   EVI 6/13    NDWI −3/5
 *   (3,3) red DN 0: NDVI and EVI no data; NDWI −2/3
 *   (4,1) n 0.25  NDVI 3/7   EVI 15/59   NDWI −3/7
 */
const NDVI_0400 = [1 / 2, 5 / 7, 3 / 4, 1 / 2, 5 / 7, 7 / 9, 2 / 3, 3 / 5, 3 / 7];
const EVI_0400 = [20 / 61, 50 / 73, 60 / 77, 20 / 61, 50 / 73, 70 / 81, 40 / 69, 6 / 13, 15 / 59];
const NDWI_0400 = [-1 / 2, -5 / 7, -3 / 4, -1 / 2, -5 / 7, -7 / 9, 1, -2 / 3, -3 / 5, -2 / 3, -3 / 7];

/** All the expectations of the done-when scene at baseline 04.00. */
function assertDoneWhenScene(result: FieldStatistics): void {
  assert.equal(result.pixelsInField, 25);
  assert.equal(result.pixelsOutsideRaster, 0);
  assert.equal(result.cloudPixels, 12);
  assert.equal(result.cloudPct, 48);
  assert.equal(result.sclExcludedPixels, 14);
  const { ndvi: n, evi: e, ndwi: w } = result;
  assert.ok(e && w);
  assert.deepEqual([n.validPixels, n.validPixelPct, n.noDataPixels, n.zeroDenominatorPixels], [9, 36, 1, 1]);
  assert.deepEqual([e.validPixels, e.validPixelPct, e.noDataPixels, e.zeroDenominatorPixels], [9, 36, 1, 1]);
  assert.deepEqual([w.validPixels, w.validPixelPct, w.noDataPixels, w.zeroDenominatorPixels], [11, 44, 0, 0]);
  // Sorted NDVI: 3/7 1/2 1/2 3/5 2/3 5/7 5/7 3/4 7/9. p10 at index 0.8: 3/7 + 0.8·(1/2 − 3/7) = 17/35;
  // p90 at index 7.2: 3/4 + 0.2·(7/9 − 3/4) = 34/45.
  assertStats(n.stats, { count: 9, median: 2 / 3, p10: 17 / 35, p90: 34 / 45, min: 3 / 7, max: 7 / 9 }, NDVI_0400, 'NDVI');
  // Sorted EVI: 15/59 20/61 20/61 6/13 40/69 50/73 50/73 60/77 70/81.
  assertStats(
    e.stats,
    {
      count: 9,
      median: 40 / 69,
      p10: 15 / 59 + 0.8 * (20 / 61 - 15 / 59),
      p90: 60 / 77 + 0.2 * (70 / 81 - 60 / 77),
      min: 15 / 59,
      max: 70 / 81,
    },
    EVI_0400,
    'EVI',
  );
  // Sorted NDWI: −7/9 −3/4 −5/7 −5/7 −2/3 −2/3 −3/5 −1/2 −1/2 −3/7 1. Index 1 and 9 exactly.
  assertStats(w.stats, { count: 11, median: -2 / 3, p10: -3 / 4, p90: -3 / 7, min: -7 / 9, max: 1 }, NDWI_0400, 'NDWI');
  // And to the bit what numpy 2.4 gives for np.mean, np.median, np.std, np.percentile(…, [10, 90]),
  // min and max of index[valid] computed with float64 arrays the same way (DN.astype(float64) ×
  // 0.0001 − 0.1, then the formulas as written in indices.ts).
  assert.deepEqual(n.stats, {
    count: 9,
    mean: 0.6279541446208113,
    median: 0.6666666666666667,
    std: 0.11880267439205928,
    p10: 0.4857142857142858,
    p90: 0.7555555555555556,
    min: 0.4285714285714286,
    max: 0.7777777777777778,
  });
  assert.deepEqual(e.stats, {
    count: 9,
    mean: 0.5516116581448034,
    median: 0.5797101449275363,
    std: 0.20616070101176082,
    p10: 0.31314253959433175,
    p90: 0.796216129549463,
    min: 0.2542372881355932,
    max: 0.8641975308641975,
  });
  assert.deepEqual(w.stats, {
    count: 11,
    mean: -0.48347763347763356,
    median: -0.6666666666666667,
    std: 0.4813949380651671,
    p10: -0.7500000000000001,
    p90: -0.4285714285714286,
    min: -0.7777777777777778,
    max: 1,
  });
}

/** The four 10 m bands sliced to a window of the 6 × 6 scene. */
function sliceWindow(data: Uint16Array, window: PixelWindow): Uint16Array {
  const out = new Uint16Array(window.width * window.height);
  for (let r = 0; r < window.height; r++) {
    for (let c = 0; c < window.width; c++) out[r * window.width + c] = data[(window.y0 + r) * 6 + window.x0 + c]!;
  }
  return out;
}

function sceneInput(mask: FieldMask, scaling: Scaling, bands: 'all' | 'red-nir' = 'all') {
  const w = mask.window;
  const all: BandScalings = { red: scaling, nir: scaling, green: scaling, blue: scaling };
  return {
    mask,
    bands: {
      red: sliceWindow(RED, w),
      nir: sliceWindow(NIR, w),
      ...(bands === 'all' ? { green: sliceWindow(GREEN, w), blue: sliceWindow(BLUE, w) } : {}),
    },
    scaling: all,
    scl: { data: SCL, grid: SCL_GRID },
  };
}

const geoTiff = (data: GeoTiffSpec['data'], grid: PixelGrid, extra: Partial<GeoTiffSpec> = {}): GeoTiffSpec => ({
  width: grid.width,
  height: grid.height,
  data,
  epsg: EPSG,
  originX: grid.originX,
  originY: grid.originY,
  pixelWidth: grid.resX,
  pixelHeight: -grid.resY,
  noData: 0,
  ...extra,
});

describe('field statistics of a scene written as GeoTIFFs (the done-when test)', () => {
  let dir = '';
  const path = (band: string) => join(dir, `${band}.tif`);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kheti-raster-'));
    // The layouts vary on purpose: tiled DEFLATE with and without the predictor, and strips.
    await writeGeoTiff(path('B04'), geoTiff(RED, GRID, { compression: 'deflate', predictor: 2 }));
    await writeGeoTiff(path('B08'), geoTiff(NIR, GRID, { compression: 'deflate', predictor: 1 }));
    await writeGeoTiff(path('B03'), geoTiff(GREEN, GRID, { compression: 'deflate', layout: { tileWidth: 32, tileHeight: 16 } }));
    await writeGeoTiff(path('B02'), geoTiff(BLUE, GRID, { layout: { rowsPerStrip: 4 } }));
    await writeGeoTiff(path('SCL'), geoTiff(SCL, SCL_GRID, { layout: { rowsPerStrip: 1 } }));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function readScene(maskOf: (grid: PixelGrid, epsg: number) => FieldMask) {
    const images = Object.fromEntries(
      await Promise.all(
        ['B02', 'B03', 'B04', 'B08', 'SCL'].map(async (band) => [band, await (await fromFile(path(band))).getImage()] as const),
      ),
    );
    const grid = pixelGridOf(images['B04']!);
    const epsg = epsgFromGeoKeys(images['B04']!.getGeoKeys());
    assert.deepEqual(grid, GRID);
    assert.equal(epsg, EPSG);
    const mask = maskOf(grid, epsg);
    const { x0, y0, width, height } = mask.window;
    const read = async (band: string, window: number[]) =>
      ((await images[band]!.readRasters({ window })) as unknown as [Uint16Array | Uint8Array])[0];
    const tenMetre = [x0, y0, x0 + width, y0 + height];
    const sclGrid = pixelGridOf(images['SCL']!);
    const sclWindow = coveringWindow(sclGrid, windowBounds(grid, mask.window));
    const scl = await read('SCL', [sclWindow.x0, sclWindow.y0, sclWindow.x0 + sclWindow.width, sclWindow.y0 + sclWindow.height]);
    const scaling = reflectanceScaling({ processingBaseline: '04.00' });
    return {
      mask,
      bands: {
        red: (await read('B04', tenMetre)) as Uint16Array,
        nir: (await read('B08', tenMetre)) as Uint16Array,
        green: (await read('B03', tenMetre)) as Uint16Array,
        blue: (await read('B02', tenMetre)) as Uint16Array,
      },
      scaling: { red: scaling, nir: scaling, green: scaling, blue: scaling },
      scl: { data: scl as Uint8Array, grid: windowGrid(sclGrid, sclWindow) },
    };
  }

  it('gets the exact numbers for a checkerboard of clouds, edges through pixel centres and the 04.00 offset', async () => {
    const input = await readScene((grid) => rasterizeField(THROUGH_CENTRES, grid));
    assert.deepEqual(input.mask.window, { x0: 1, y0: 0, width: 5, height: 5 });
    assert.equal(input.mask.pixelCount, 25);
    assert.deepEqual(input.scl.grid, SCL_GRID);
    const result = fieldStatistics(input);
    assertDoneWhenScene(result);
    // The same scene from the arrays in memory gives the same result: the files changed nothing.
    assert.deepEqual(fieldStatistics(sceneInput(input.mask, reflectanceScaling({ processingBaseline: '04.00' }))), result);
  });

  it('gets the same numbers for the field drawn in lon/lat and reprojected to UTM 43N', async () => {
    // Corners 2–3 m inside the pixel centres of columns 1 and 5, rows 0 and 4, taken to lon/lat
    // through the inverse projection: the round trip moves them by nanometres.
    const toLonLat = proj4(utmProj4Definition(EPSG), 'EPSG:4326');
    const corners: Position[] = [
      [600_012, 2_099_998],
      [600_058, 2_099_998],
      [600_058, 2_099_952],
      [600_012, 2_099_952],
      [600_012, 2_099_998],
    ].map((p) => toLonLat.forward(p));
    const boundary: Polygon = { type: 'Polygon', coordinates: [corners] };
    const input = await readScene((grid, epsg) => fieldMask(boundary, epsg, grid));
    assert.deepEqual(input.mask.window, { x0: 1, y0: 0, width: 5, height: 5 });
    assertDoneWhenScene(fieldStatistics(input));
  });
});

describe('field statistics rules', () => {
  const mask = rasterizeField(THROUGH_CENTRES, GRID);
  const at0400 = reflectanceScaling({ processingBaseline: '04.00' });

  it('without the 04.00 offset (baseline 02.14), the same DNs give other indices', () => {
    const at0214 = reflectanceScaling({ processingBaseline: '02.14' });
    assert.deepEqual(at0214, { scale: 0.0001, offset: 0, source: 'processing-baseline' });
    const result = fieldStatistics(sceneInput(mask, at0214));
    // red 0.2, nir DN/10 000; (2,2) now has red 0.1 and nir 0.1, so NDVI 0 is valid there.
    const values = [1 / 3, 5 / 9, 3 / 5, 1 / 3, 5 / 9, 7 / 11, 0, 1 / 2, 3 / 7, 3 / 11];
    assert.deepEqual([result.ndvi.validPixels, result.ndvi.zeroDenominatorPixels, result.ndvi.noDataPixels], [10, 0, 1]);
    assert.equal(result.ndvi.validPixelPct, 40);
    // Sorted: 0 3/11 1/3 1/3 3/7 1/2 5/9 5/9 3/5 7/11; p10 at 0.9, p90 at 8.1.
    assertStats(
      result.ndvi.stats,
      { count: 10, median: (3 / 7 + 1 / 2) / 2, p10: 0.9 * (3 / 11), p90: 3 / 5 + 0.1 * (7 / 11 - 3 / 5), min: 0, max: 7 / 11 },
      values,
      'NDVI at 02.14',
    );
    assert.equal(result.cloudPct, 48);
  });

  it('raster:bands scale and offset override the baseline', () => {
    const declared = reflectanceScaling({ rasterBands: [{ scale: 0.0001, offset: -0.1 }], processingBaseline: '02.14' });
    assert.deepEqual(declared, { scale: 0.0001, offset: -0.1, source: 'raster:bands' });
    assertDoneWhenScene(fieldStatistics(sceneInput(mask, declared)));
  });

  it('computes NDVI alone from red and nir', () => {
    const result = fieldStatistics(sceneInput(mask, at0400, 'red-nir'));
    assert.equal(result.evi, null);
    assert.equal(result.ndwi, null);
    assert.equal(result.ndvi.validPixels, 9);
  });

  it('accounts for every pixel of the field exactly once', () => {
    const result = fieldStatistics(sceneInput(mask, at0400));
    for (const index of [result.ndvi, result.evi!, result.ndwi!]) {
      const accounted =
        index.validPixels + index.noDataPixels + index.zeroDenominatorPixels + result.sclExcludedPixels + result.pixelsOutsideRaster;
      assert.equal(accounted, result.pixelsInField);
    }
  });

  it('samples SCL at each 10 m centre through its own grid, not by halving indices', () => {
    // SCL shifted 10 m west: 10 m columns 0…5 fall on SCL columns 0 1 1 2 2 3, where halving
    // would give 0 0 1 1 2 2. Only SCL column 0 is cloud, so only 10 m column 0 is.
    const shifted: PixelGrid = { originX: ORIGIN_X - 10, originY: ORIGIN_Y, resX: 20, resY: -20, width: 4, height: 3 };
    const scl = Uint8Array.from([9, 4, 4, 4, 9, 4, 4, 4, 9, 4, 4, 4]);
    const whole = rasterizeField([[rect(x(0), y(60), x(60), y(0))]], GRID);
    assert.equal(whole.pixelCount, 36);
    const result = fieldStatistics({ ...sceneInput(whole, at0400), scl: { data: scl, grid: shifted } });
    assert.equal(result.cloudPixels, 6);
    assert.equal(result.cloudPct, (6 / 36) * 100);
  });

  it('reads a centre off the SCL window as no data: excluded, not cloud', () => {
    const partial: PixelGrid = { ...SCL_GRID, height: 2 }; // rows 4 and 5 of the 10 m grid have no SCL
    const result = fieldStatistics({ ...sceneInput(mask, at0400), scl: { data: SCL.subarray(0, 6), grid: partial } });
    assert.equal(result.cloudPixels, 10); // the cirrus of row 4 is no longer seen
    assert.equal(result.sclExcludedPixels, 15); // 10 cloud + 5 pixels of row 4
  });

  it('counts pixels of the field beyond the raster as pixels without data', () => {
    // Columns −2 … 2 of rows 0 … 5: 30 centres, 18 on the raster.
    const half = rasterizeField([[rect(x(-20), y(60), x(30), y(0))]], GRID);
    assert.deepEqual([half.pixelCount, half.pixelsOutsideRaster], [18, 12]);
    const scl = new Uint8Array(9).fill(4);
    const result = fieldStatistics({ ...sceneInput(half, at0400), scl: { data: scl, grid: SCL_GRID } });
    assert.equal(result.pixelsInField, 30);
    // Columns 0–2 of all six rows are on the raster; of those only (2,2) drops (denominator 0).
    assert.equal(result.ndvi.validPixels, 17);
    assert.equal(result.ndvi.validPixelPct, (17 / 30) * 100);
  });

  it('answers zeros and no statistics for a field without pixels', () => {
    const tiny = rasterizeField(
      [[Float64Array.from([ORIGIN_X + 1, ORIGIN_Y - 1, ORIGIN_X + 4, ORIGIN_Y - 1, ORIGIN_X + 4, ORIGIN_Y - 4])]],
      GRID,
    );
    assert.equal(tiny.pixelCount, 0);
    const empty = new Uint16Array(0);
    const result = fieldStatistics({
      mask: tiny,
      bands: { red: empty, nir: empty },
      scaling: { red: at0400, nir: at0400 },
      scl: { data: SCL, grid: SCL_GRID },
    });
    assert.deepEqual([result.pixelsInField, result.cloudPct, result.ndvi.validPixelPct, result.ndvi.stats], [0, 0, 0, null]);
  });

  it('gives maps and zones, pixel by pixel, exactly the values the statistics count', () => {
    const input = sceneInput(mask, at0400);
    // A red DN of 0 is no data for NDVI and EVI but not for NDWI (green and nir): take a pixel of the
    // field that the statistics keep and blank its red.
    const blanked = Uint16Array.from(input.bands.red);
    const kept = fieldIndexRaster(input, 'ndvi').findIndex((v) => !Number.isNaN(v));
    blanked[kept] = 0;
    const withBlank = { ...input, bands: { ...input.bands, red: blanked } };
    const statistics = fieldStatistics(withBlank);
    for (const index of ['ndvi', 'evi', 'ndwi'] as const) {
      const raster = fieldIndexRaster(withBlank, index);
      assert.equal(raster.length, mask.window.width * mask.window.height);
      const values = [...raster].filter((v) => !Number.isNaN(v));
      assert.equal(values.length, statistics[index]!.validPixels, index);
      assert.equal(Number.isNaN(raster[kept]!), index !== 'ndwi', `${index} where red is 0`);
      // Row-major, as the statistics' values: the same numbers in float32.
      const stats = statistics[index]!.stats!;
      assert.equal(Math.min(...values), Math.fround(stats.min), index);
      assert.equal(Math.max(...values), Math.fround(stats.max), index);
      assert.ok(Math.abs(meanStd(values).mean - stats.mean) < 1e-6, `${index} mean`);
      for (let i = 0; i < raster.length; i++) if (mask.mask[i] === 0) assert.ok(Number.isNaN(raster[i]!), 'NaN outside the field');
    }
    assert.throws(() => fieldIndexRaster(sceneInput(mask, at0400, 'red-nir'), 'evi'), /bands.blue/);
  });

  it('refuses band windows of the wrong size and bands without a scaling', () => {
    const input = sceneInput(mask, at0400);
    assert.throws(() => fieldStatistics({ ...input, bands: { ...input.bands, red: new Uint16Array(24) } }), RasterInputError);
    assert.throws(() => fieldStatistics({ ...input, scaling: { red: at0400, nir: at0400 } }), /scaling.green/);
    assert.throws(() => fieldStatistics({ ...input, scl: { data: SCL, grid: { ...SCL_GRID, width: 4 } } }), /scl.data/);
    assert.throws(() => fieldStatistics({ ...input, mask: { ...mask, pixelCount: 24 } }), /pixelCount/);
  });
});

describe('reflectance scaling', () => {
  it('applies the −0.1 offset from processing baseline 04.00 on', () => {
    for (const baseline of ['04.00', '05.09', 'N0400', '99.99']) {
      assert.deepEqual(reflectanceScaling({ processingBaseline: baseline }), {
        scale: 0.0001,
        offset: -0.1,
        source: 'processing-baseline',
      });
    }
    for (const baseline of ['02.14', '03.01', 'N0399']) {
      assert.deepEqual(reflectanceScaling({ processingBaseline: baseline }), { scale: 0.0001, offset: 0, source: 'processing-baseline' });
    }
  });

  it('takes raster:bands when it declares scale or offset, with the raster extension defaults', () => {
    assert.deepEqual(reflectanceScaling({ rasterBands: [{ scale: 0.0002 }], processingBaseline: '05.09' }), {
      scale: 0.0002,
      offset: 0,
      source: 'raster:bands',
    });
    assert.deepEqual(reflectanceScaling({ rasterBands: [{ offset: -0.1 }] }), { scale: 1, offset: -0.1, source: 'raster:bands' });
    // nodata alone declares no scaling: the baseline decides.
    assert.deepEqual(reflectanceScaling({ rasterBands: [{ nodata: 0 }], processingBaseline: '05.09' }), {
      scale: 0.0001,
      offset: -0.1,
      source: 'processing-baseline',
    });
  });

  it('drops the offset when Earth Search says it is already applied', () => {
    assert.deepEqual(reflectanceScaling({ rasterBands: [{ scale: 0.0001, offset: -0.1 }], boaOffsetApplied: true }), {
      scale: 0.0001,
      offset: 0,
      source: 'boa-offset-applied',
    });
    assert.equal(reflectanceScaling({ processingBaseline: '05.09', boaOffsetApplied: false }).offset, -0.1);
  });

  it('refuses what it cannot read', () => {
    assert.throws(() => reflectanceScaling({}), RasterInputError);
    for (const bad of ['4.00', '04.0', '04-00', 'N400', '', 'baseline']) {
      assert.throws(() => parseProcessingBaseline(bad), RasterInputError, bad);
    }
    assert.throws(() => reflectanceScaling({ rasterBands: [{ scale: Number.NaN }] }), /rasterBands\[0\]\.scale/);
    assert.throws(() => reflectanceScaling({ rasterBands: [{ scale: 0 }] }), /must not be 0/);
    assert.equal(parseProcessingBaseline('05.09'), 509);
  });

  it('turns DN into reflectance, DN 0 into no data', () => {
    close(dnToReflectance(4000, { scale: 0.0001, offset: -0.1 }), 0.3, 'DN 4000');
    assert.ok(Number.isNaN(dnToReflectance(0, { scale: 0.0001, offset: 0 })));
  });
});

describe('scene classification', () => {
  it('names the twelve Sen2Cor classes and marks the excluded and cloud sets', () => {
    assert.deepEqual(
      SCL_CLASSES.map((c) => c.value),
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
    );
    assert.equal(SCL_CLASSES[9]!.name, 'CLOUD_HIGH_PROBABILITY');
    assert.deepEqual(SCL_EXCLUDED, [0, 1, 3, 8, 9, 10, 11]);
    assert.deepEqual(SCL_CLOUD, [3, 8, 9, 10]);
    assert.deepEqual(
      SCL_CLASSES.filter((c) => c.excluded).map((c) => c.value),
      [...SCL_EXCLUDED],
    );
    assert.deepEqual(
      SCL_CLASSES.filter((c) => c.cloud).map((c) => c.value),
      [...SCL_CLOUD],
    );
    assert.deepEqual([sclFlags(4), sclFlags(11), sclFlags(9), sclFlags(200), sclFlags(300)], [0, 1, 3, 0, 0]);
  });
});

describe('indices', () => {
  it('computes NDVI, EVI and NDWI', () => {
    close(ndvi(0.1, 0.3), 0.5, 'NDVI');
    close(evi(0.05, 0.1, 0.3), 0.5 / 1.525, 'EVI');
    close(ndwi(0.1, 0.3), -0.5, 'NDWI');
  });

  it('gives NaN, never ±Infinity, when the denominator is ≤ 0', () => {
    assert.ok(Number.isNaN(ndvi(0, 0)));
    assert.ok(Number.isNaN(ndvi(-0.05, 0.02)));
    assert.ok(Number.isNaN(evi(0.2, 0, 0)));
    assert.ok(Number.isNaN(ndwi(-0.1, 0.1)));
    assert.ok(Number.isNaN(ndvi(Number.NaN, 0.3)));
  });

  it('treats a denominator that is zero up to float64 rounding as zero', () => {
    // DNs summing to 2 000 with the −0.1 offset: red + nir is 0 exactly, about 1e-17 in float64.
    const reflectance = (dn: number) => dn * 0.0001 - 0.1;
    let exploded = 0;
    for (let red = 1; red < 2000; red++) {
      const denominator = reflectance(2000 - red) + reflectance(red);
      if (denominator > 0) exploded++;
      assert.ok(
        Number.isNaN(ndvi(reflectance(red), reflectance(2000 - red))),
        `red ${red}, nir ${2000 - red}: ${ndvi(reflectance(red), reflectance(2000 - red))}`,
      );
    }
    assert.ok(exploded > 0, 'float64 does leave some of these denominators above zero');
    close(ndvi(reflectance(1000), reflectance(1001)), 1 / 1, 'one DN step above zero is a real, if extreme, value');
  });
});

describe('statistics as numpy computes them', () => {
  const f64 = (values: number[]) => Float64Array.from(values);

  it('interpolates percentiles linearly between order statistics', () => {
    const sorted = f64([1, 2, 3, 4]);
    assert.equal(percentileOfSorted(sorted, 10), 1.3); // numpy.percentile([1,2,3,4], 10)
    assert.equal(percentileOfSorted(sorted, 90), 3.7);
    assert.equal(percentileOfSorted(sorted, 25), 1.75);
    assert.equal(percentileOfSorted(sorted, 0), 1);
    assert.equal(percentileOfSorted(sorted, 100), 4);
    assert.equal(medianOfSorted(sorted), 2.5);
    assert.equal(percentileOfSorted(f64([1, 2, 3]), 10), 1.2);
    assert.equal(percentileOfSorted(f64([0.1, 0.2, 0.7]), 10), 0.12000000000000001);
    assert.equal(percentileOfSorted(f64([0.1, 0.2, 0.7]), 25), 0.15000000000000002);
    assert.equal(percentileOfSorted(f64([5]), 90), 5);
    assert.ok(Number.isNaN(percentileOfSorted(f64([]), 50)));
  });

  it('matches numpy to the bit on a 301-value array, where summation order shows', () => {
    // numpy 2.4: v = np.array([((i * 7919) % 1000) / 997 - 0.3 for i in range(301)]);
    // v.mean(), v.std(), np.median(v), np.percentile(v, 10), np.percentile(v, 90), v.min(), v.max()
    const values = Float64Array.from({ length: 301 }, (_, i) => ((i * 7919) % 1000) / 997 - 0.3);
    assert.notEqual(sum([...values]) / 301, 0.20267080310699542, 'a left-to-right sum would not do');
    assert.deepEqual(summarize(values), {
      count: 301,
      mean: 0.20267080310699542,
      std: 0.2908642470100805,
      median: 0.2055165496489469,
      p10: -0.20070210631895685,
      p90: 0.6027081243731194,
      min: -0.3,
      max: 0.6989969909729188,
    });
    const thousand = Float64Array.from({ length: 1000 }, (_, i) => ((i * 7919) % 1000) / 997 - 0.3);
    const stats = summarize(thousand);
    assert.deepEqual(
      [stats?.mean, stats?.std, stats?.median, stats?.p10, stats?.p90],
      [0.20100300902708124, 0.2895436211205712, 0.20100300902708124, -0.19979939819458375, 0.6018054162487464],
    );
  });

  it("sums a long array in numpy's blocks of 8192 values, as np.add.reduce does", () => {
    // numpy 1.24: v = np.array([((i * 7919) % 100003) / 99991 - 0.3 for i in range(20000)]);
    // v.mean(), v.std(), np.median(v), np.percentile(v, 10), np.percentile(v, 90), v.min(), v.max()
    const values = Float64Array.from({ length: 20_000 }, (_, i) => ((i * 7919) % 100_003) / 99_991 - 0.3);
    // One pairwise sum over all 20 000 values would give a mean of 0.20000989989099022.
    assert.equal(
      pairwiseSum(values),
      pairwiseSum(values.subarray(0, 8192)) + pairwiseSum(values.subarray(8192, 16_384)) + pairwiseSum(values.subarray(16_384)),
    );
    assert.deepEqual(summarize(values), {
      count: 20_000,
      mean: 0.2000098998909902,
      std: 0.2887006701250759,
      median: 0.20002000180016202,
      p10: -0.19996299666970027,
      p90: 0.6000540048604377,
      min: -0.3,
      max: 0.70010000900081,
    });
  });

  it('selects the order statistics of a long array to the same bits as sorting it', () => {
    let seed = 7;
    const next = () => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 4_294_967_296;
    const bySorting = (values: Float64Array) => {
      const sorted = Float64Array.from(values).sort();
      return [medianOfSorted(sorted), percentileOfSorted(sorted, 10), percentileOfSorted(sorted, 90), sorted[0], sorted[sorted.length - 1]];
    };
    for (const n of [65_537, 65_538, 200_001]) {
      // Continuous values, few distinct values (as from integer DNs), and an ascending run.
      const sets = [
        Float64Array.from({ length: n }, () => next() * 2 - 1),
        Float64Array.from({ length: n }, () => Math.floor(next() * 7) / 6 - 0.5),
        Float64Array.from({ length: n }, (_, i) => i / n),
      ];
      for (const values of sets) {
        const copy = Float64Array.from(values);
        const stats = summarize(values)!;
        assert.deepEqual([stats.median, stats.p10, stats.p90, stats.min, stats.max], bySorting(values), `n = ${n}`);
        assert.deepEqual(values, copy, 'input left alone');
      }
    }
    // NaN and −0 go through the sort, as before.
    const withNegativeZero = Float64Array.from({ length: 70_000 }, (_, i) => (i === 1500 ? -0 : i % 3 === 0 ? 0 : 1));
    assert.ok(Object.is(summarize(withNegativeZero)!.min, -0));
    assert.ok(Number.isNaN(summarize(Float64Array.from({ length: 70_000 }, (_, i) => (i === 7 ? Number.NaN : i)))!.max));
  });

  it('uses the population standard deviation and leaves its input alone', () => {
    const values = f64([3, 1, 2]);
    const stats = summarize(values);
    assert.equal(stats?.std, 0.816496580927726); // numpy.std([3, 1, 2])
    assert.equal(stats?.median, 2);
    assert.deepEqual([...values], [3, 1, 2]);
    assert.equal(summarize(f64([])), null);
    assert.equal(summarize(Float32Array.from([0.5, 0.25]))?.mean, 0.375);
    assert.equal(pairwiseSum(f64([-0])), 0);
    assert.ok(Object.is(pairwiseSum(f64([-0])), 0), 'numpy sums from +0');
  });
});

describe('field mask', () => {
  /** The mask as a 6 × 6 picture of 0/1 rows, for readable assertions. */
  const picture = (m: FieldMask): string[] => {
    const rows: string[] = [];
    for (let r = 0; r < GRID.height; r++) {
      let row = '';
      for (let c = 0; c < GRID.width; c++) {
        const inside = r >= m.window.y0 && r < m.window.y0 + m.window.height && c >= m.window.x0 && c < m.window.x0 + m.window.width;
        row += inside && m.mask[(r - m.window.y0) * m.window.width + (c - m.window.x0)] ? '#' : '.';
      }
      rows.push(row);
    }
    return rows;
  };
  it('takes the pixels whose centres are inside when edges pass between centres', () => {
    const m = rasterizeField([[rect(x(10), y(40), x(40), y(10))]], GRID);
    assert.deepEqual(m.window, { x0: 1, y0: 1, width: 3, height: 3 });
    assert.equal(m.pixelCount, 9);
    assert.deepEqual(picture(m), ['......', '.###..', '.###..', '.###..', '......', '......']);
  });

  it('on an edge through a column or row of centres: west and south out, east and north in', () => {
    const m = rasterizeField(THROUGH_CENTRES, GRID);
    assert.deepEqual(picture(m), ['.#####', '.#####', '.#####', '.#####', '.#####', '......']);
  });

  it('gives a centre on a shared edge to exactly one of the two fields', () => {
    // Split at x = 25 m, through column 2's centres, and at y = 25 m south, through row 2's.
    const west = rasterizeField([[rect(x(0), y(60), x(25), y(0))]], GRID);
    const east = rasterizeField([[rect(x(25), y(60), x(60), y(0))]], GRID);
    assert.deepEqual(picture(west)[0], '###...');
    assert.deepEqual(picture(east)[0], '...###');
    const north = rasterizeField([[rect(x(0), y(25), x(60), y(0))]], GRID);
    const south = rasterizeField([[rect(x(0), y(60), x(60), y(25))]], GRID);
    assert.deepEqual(
      picture(north)
        .map((r) => r[0])
        .join(''),
      '##....',
    );
    assert.deepEqual(
      picture(south)
        .map((r) => r[0])
        .join(''),
      '..####',
    );
    assert.equal(west.pixelCount + east.pixelCount, 36);
    assert.equal(north.pixelCount + south.pixelCount, 36);
  });

  it('follows slanted edges by the same rule', () => {
    // A triangle whose hypotenuse runs through the centres (0.5, 0.5), (1.5, 1.5) … in pixel units.
    const m = rasterizeField([[Float64Array.from([x(0), y(0), x(60), y(60), x(0), y(60)])]], GRID);
    // The diagonal is the triangle's east edge, so the centres on it are in.
    assert.deepEqual(picture(m), ['#.....', '##....', '###...', '####..', '#####.', '######']);
  });

  it('cuts holes and unites the parts of a MultiPolygon', () => {
    const holed = rasterizeField([[rect(x(0), y(60), x(60), y(0)), rect(x(20), y(40), x(40), y(20))]], GRID);
    assert.deepEqual(picture(holed), ['######', '######', '##..##', '##..##', '######', '######']);
    assert.equal(holed.pixelCount, 32);
    // Overlapping parts count once; a part filling another's hole fills it.
    const parts = rasterizeField(
      [
        [rect(x(0), y(20), x(40), y(0))],
        [rect(x(20), y(30), x(60), y(10))],
        [rect(x(0), y(60), x(30), y(40)), rect(x(10), y(60), x(20), y(50))],
        [rect(x(10), y(60), x(20), y(50))],
      ],
      GRID,
    );
    assert.deepEqual(picture(parts), ['####..', '######', '..####', '......', '###...', '###...']);
    assert.equal(parts.pixelCount, 4 + 6 + 4 + 3 + 3);
  });

  it('agrees with a point-in-polygon test for every centre of random polygons', () => {
    let seed = 42;
    const random = () => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      return seed / 2 ** 32;
    };
    const grid: PixelGrid = { ...GRID, width: 40, height: 40 };
    for (let trial = 0; trial < 200; trial++) {
      const n = 3 + Math.floor(random() * 12);
      const ring = new Float64Array(2 * n);
      for (let i = 0; i < n; i++) {
        ring[2 * i] = ORIGIN_X - 30 + random() * 460; // reaching past the raster on both sides
        ring[2 * i + 1] = ORIGIN_Y + 30 - random() * 460;
      }
      const m = rasterizeField([[ring]], grid);
      let inside = 0;
      let outside = 0;
      for (let r = -5; r < 45; r++) {
        for (let c = -5; c < 45; c++) {
          const px = ORIGIN_X + (c + 0.5) * 10;
          const py = ORIGIN_Y - (r + 0.5) * 10;
          let odd = false; // crossing-number test (pnpoly)
          for (let i = 0, j = n - 1; i < n; j = i++) {
            const [xi, yi, xj, yj] = [ring[2 * i]!, ring[2 * i + 1]!, ring[2 * j]!, ring[2 * j + 1]!];
            if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) odd = !odd;
          }
          const onRaster = r >= 0 && r < 40 && c >= 0 && c < 40;
          if (odd && !onRaster) outside++;
          if (!onRaster) continue;
          if (odd) inside++;
          const { x0, y0, width, height } = m.window;
          const inWindow = r >= y0 && r < y0 + height && c >= x0 && c < x0 + width;
          const bit = inWindow ? m.mask[(r - y0) * width + (c - x0)] : 0;
          assert.equal(bit, odd ? 1 : 0, `trial ${trial}, pixel (${r}, ${c})`);
        }
      }
      assert.equal(m.pixelCount, inside, `trial ${trial}: count`);
      assert.equal(m.pixelsOutsideRaster, outside, `trial ${trial}: outside`);
    }
  });

  it('clips the window to the raster and counts the centres beyond it', () => {
    const m = rasterizeField([[rect(x(-20), y(60), x(30), y(0))]], GRID);
    assert.deepEqual(m.window, { x0: 0, y0: 0, width: 3, height: 6 });
    assert.deepEqual([m.pixelCount, m.pixelsOutsideRaster], [18, 12]);
    const away = rasterizeField([[rect(x(1000), y(60), x(1030), y(0))]], GRID);
    assert.deepEqual([away.window.width, away.window.height, away.pixelCount, away.pixelsOutsideRaster], [0, 0, 0, 18]);
  });

  it('refuses a field far larger than any farm, which means a wrong CRS or tile', () => {
    assert.throws(() => rasterizeField([[rect(x(0), y(1e6), x(1e6), y(0))]], GRID), RasterInputError);
    assert.throws(() => rasterizeField([[rect(x(0), y(60), x(60), y(0))]], GRID, { maxPixels: 35 }), /more than 35 pixels/);
    assert.throws(() => rasterizeField([[Float64Array.from([x(0), y(0), Number.NaN, y(10), x(10), y(10)])]], GRID), RasterInputError);
    assert.throws(() => rasterizeField([], { ...GRID, resY: 10 }), /north-up/);
  });
});

describe('reprojection to the raster CRS', () => {
  it('builds the UTM definition from the EPSG code', () => {
    assert.equal(utmProj4Definition(32643), '+proj=utm +zone=43 +datum=WGS84 +units=m +no_defs');
    assert.equal(utmProj4Definition(32601), '+proj=utm +zone=1 +datum=WGS84 +units=m +no_defs');
    assert.equal(utmProj4Definition(32760), '+proj=utm +zone=60 +south +datum=WGS84 +units=m +no_defs');
    for (const code of [4326, 3857, 32600, 32661, 32700, 32761, 32643.5]) {
      assert.throws(() => utmProj4Definition(code), RasterInputError, String(code));
    }
  });

  it('puts the central meridian at 500 000 m and the equator at 0 or 10 000 000 m', () => {
    const north = projectorForEpsg(32643);
    const [x, y] = north(75, 0); // zone 43: 72°E–78°E
    assert.ok(Math.abs(x - 500_000) < 1e-6 && Math.abs(y) < 1e-6, `${x}, ${y}`);
    const [, ySouth] = projectorForEpsg(32743)(75, 0);
    assert.ok(Math.abs(ySouth - 10_000_000) < 1e-6);
    const [east] = north(76, 20);
    const [west] = north(74, 20);
    assert.ok(Math.abs(east - 500_000 - (500_000 - west)) < 1e-6, 'symmetric about the central meridian');
    assert.ok(north(75, 20)[1] > 2_000_000 && north(75, 20)[1] < 2_300_000);
  });

  it('bounds projected polygons by every vertex of every ring, widened by a margin', () => {
    const parts: ProjectedPolygon[] = [
      [rect(x(0), y(60), x(60), y(0))],
      [rect(x(100), y(30), x(120), y(10)), rect(x(105), y(25), x(110), y(20))],
    ];
    assert.deepEqual(projectedBounds(parts), { minX: x(0), minY: y(60), maxX: x(120), maxY: y(0) });
    assert.deepEqual(projectedBounds(parts, 20), { minX: x(0) - 20, minY: y(60) - 20, maxX: x(120) + 20, maxY: y(0) + 20 });
  });

  it('projects every ring of a Polygon or MultiPolygon, and only positions', () => {
    const project = projectorForEpsg(EPSG);
    const ring: Position[] = [
      [75.95, 18.99],
      [75.96, 18.99],
      [75.96, 19.0],
      [75.95, 18.99],
    ];
    const polygon = projectBoundary({ type: 'Polygon', coordinates: [ring, ring] }, project);
    assert.equal(polygon.length, 1);
    assert.equal(polygon[0]!.length, 2);
    assert.deepEqual([...polygon[0]![0]!.subarray(0, 2)], project(75.95, 18.99));
    const multi: MultiPolygon = { type: 'MultiPolygon', coordinates: [[ring], [ring]] };
    assert.equal(projectBoundary(multi, project).length, 2);
    const broken = {
      type: 'Polygon',
      coordinates: [
        [
          [75.95, 18.99],
          ['x', 1],
        ],
      ],
    } as unknown as Polygon;
    assert.throws(() => projectBoundary(broken, project), /coordinates\[0\]\[1\]/);
  });

  it('reads the EPSG code from GeoKeys and refuses user-defined CRSs', () => {
    assert.equal(epsgFromGeoKeys({ ProjectedCSTypeGeoKey: 32644 }), 32644);
    assert.throws(() => epsgFromGeoKeys({ ProjectedCSTypeGeoKey: 32767 }), RasterInputError);
    assert.throws(() => epsgFromGeoKeys({ GeographicTypeGeoKey: 4326 }), RasterInputError);
    assert.throws(() => epsgFromGeoKeys(null), RasterInputError);
  });
});

describe('the test GeoTIFF writer', () => {
  it('writes tiled DEFLATE files with the predictor that geotiff.js reads back sample for sample', async () => {
    const data = Uint16Array.from({ length: 37 * 21 }, (_, i) => (i * 977) % 65_536);
    const grid: PixelGrid = { originX: 300_000, originY: 2_000_000, resX: 10, resY: -10, width: 37, height: 21 };
    const spec = geoTiff(data, grid, { compression: 'deflate', predictor: 2, layout: { tileWidth: 16, tileHeight: 16 } });
    const tiff = await fromArrayBuffer(geoTiffArrayBuffer(spec));
    const image = await tiff.getImage();
    assert.equal(image.getTileWidth(), 16);
    assert.equal(await image.fileDirectory.loadValue('Compression'), 8);
    assert.equal(await image.fileDirectory.loadValue('Predictor'), 2);
    assert.deepEqual(pixelGridOf(image), grid);
    assert.equal(image.getGDALNoData(), 0);
    const [read] = (await image.readRasters()) as unknown as [Uint16Array];
    assert.deepEqual([...read], [...data]);
  });
});
