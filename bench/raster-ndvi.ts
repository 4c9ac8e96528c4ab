/**
 * NDVI statistics on a full Sentinel-2 tile, Kheti (src/lib/raster over the COG reader) against GDAL
 * (rasterio + numpy, bench/raster_ndvi.py) on the same files in the same run:
 * - the whole tile: red and nir at 10 m (10 980 × 10 980) and SCL at 20 m read in full, NDVI and
 *   its statistics over every kept pixel, in megapixels per second;
 * - 1 000 fields of 1–5 ha: for each, the boundary projected, rasterised, its red, nir and SCL
 *   windows read from the files and its NDVI statistics, in fields per second. Kheti is measured
 *   twice: the library's pieces doing exactly rasterio's work (three bands, one window per field),
 *   and the app's own analyseScene (src/modules/imagery/analyse.ts), which does more: five bands,
 *   three indices.
 * Both sides must agree (every field's pixel counts equal, statistics within 1e-6) or the run fails.
 *
 *   node --import tsx bench/raster-ndvi.ts [runs=3] [--fields=1000] [--all-cores] [--kheti-only=whole|each|app]
 *
 * The tile is generated once and cached under bench/.cache/raster-ndvi (ignored by git): see
 * generate() for what it holds. Every measurement is the median of `runs`, after one warm-up run
 * of everything (file cache, JIT, PROJ's database). Each run measures both sides back to back;
 * the ratio is the median of the runs' ratios. Results are recorded in bench/README.md.
 *
 * Single core: unless --all-cores, the process pins itself and all its threads to CPU 0
 * (taskset -a -p) before anything else, and the Python child inherits that. GDAL decodes on the
 * calling thread (GDAL_NUM_THREADS unset) and numpy does not thread these operations, so Python is
 * single-threaded anyway; Node inflates on the calling thread too, but reads files on libuv's thread
 * pool and collects garbage on V8's helper threads, which would otherwise use the second core.
 * With --all-cores, Kheti's numbers are what the app gets on this machine.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Feature, FeatureCollection, Polygon, Position } from 'geojson';
import proj4 from 'proj4';
import { createCogReader } from '../src/integrations/imagery/cog-reader.js';
import type { Scene } from '../src/integrations/imagery/source.js';
import { createStacSource } from '../src/integrations/stac/source.js';
import { mulberry32 } from '../src/lib/random.js';
import { encodeGeoTiff } from '../src/lib/raster/geotiff-writer.js';
import {
  cropToWindow,
  fieldStatistics,
  projectBoundary,
  projectedBounds,
  projectorForEpsg,
  rasterizeField,
  utmProj4Definition,
  type Bounds,
  type FieldMask,
  type FieldStatistics,
} from '../src/lib/raster/index.js';
import { analyseScene } from '../src/modules/imagery/analyse.js';

const args = process.argv.slice(2);
const runs = Number(args.find((a) => !a.startsWith('--')) ?? 3);
const fieldCount = Number(args.find((a) => a.startsWith('--fields='))?.slice('--fields='.length) ?? 1000);
const allCores = args.includes('--all-cores');
/** Kheti alone, one kind of work, no GDAL and no check: for profiling (node --cpu-prof …). */
const khetiOnly = args.find((a) => a.startsWith('--kheti-only='))?.slice('--kheti-only='.length) as 'whole' | 'each' | 'app' | undefined;

if (!allCores) {
  // All threads of this process (V8's workers, tsx's loader thread); later ones (libuv's pool) and
  // the Python child inherit the main thread's mask.
  execFileSync('taskset', ['-a', '-cp', '0', String(process.pid)], { stdio: 'ignore' });
}

const here = dirname(fileURLToPath(import.meta.url));
const CACHE = join(here, '.cache', 'raster-ndvi');
/** Bump when generate() changes: the cached files are rewritten. */
const DATA_VERSION = 2;

// A Sentinel-2 tile's grid in UTM 43N (73.1–74.1° E, 18.9–19.9° N, between Pune and Nashik).
const EPSG = 32643;
const SIZE = 10_980;
const SCL_SIZE = 5_490;
const ORIGIN = { x: 300_000, y: 2_200_020 };
const TILE = 512;
const PIXELS = SIZE * SIZE;
/** Baseline ≥ 04.00: reflectance = DN × 0.0001 − 0.1 (BOA_ADD_OFFSET −1000). */
const SCALING = { scale: 0.0001, offset: -0.1 };
const FILES = { red: 'B04.tif', nir: 'B08.tif', scl: 'SCL.tif', fields: 'fields.geojson' } as const;
const href = (file: string) => pathToFileURL(join(CACHE, file)).href;

// ---------------------------------------------------------------------------------------------
// The data
// ---------------------------------------------------------------------------------------------

/** 32 well-mixed bits of (x, y, salt), for per-pixel noise. */
function hash(x: number, y: number, salt: number): number {
  let h = Math.imul(x, 0x27d4eb2d) ^ Math.imul(y + salt, 0x165667b1);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  h = Math.imul(h ^ (h >>> 12), 0x297a2d39);
  return (h ^ (h >>> 15)) >>> 0;
}

const CROP = 0,
  SPARSE = 1,
  BARE = 2,
  WATER = 3,
  BUILT = 4;
/** Reflectance ranges [red min, red max, nir min, nir max] by land cover. */
const COVER: Record<number, [number, number, number, number]> = {
  [CROP]: [0.025, 0.06, 0.28, 0.45],
  [SPARSE]: [0.07, 0.11, 0.18, 0.27],
  [BARE]: [0.14, 0.24, 0.19, 0.3],
  [WATER]: [0.0, 0.025, -0.025, 0.01],
  [BUILT]: [0.12, 0.18, 0.15, 0.22],
};
/** SCL class of each land cover. */
const COVER_SCL = [4, 4, 5, 6, 5];

/** Pixels west of this line are outside the swath: DN 0 and SCL 0, as at the edge of an orbit. */
const outsideSwath = (col: number, row: number) => col < 300 + 0.1 * row;

/**
 * Fields of crops on an irregular grid of parcels 80–400 m wide: each parcel one land cover with
 * its own level and a gentle gradient, a landscape-wide modulation, and per-pixel noise (about
 * ±80 DN in red, ±150 in nir); DN = reflectance × 10 000 + 1 000. Water is dark enough that some
 * denominators nir + red fall below 0.
 */
function bands(): { red: Uint16Array; nir: Uint16Array; parcelCover: (col: number, row: number) => number } {
  const rnd = mulberry32(7);
  const cuts = () => {
    const index = new Int32Array(SIZE);
    const starts: number[] = [];
    for (let at = 0, k = 0; at < SIZE; k++) {
      const width = 8 + Math.floor(rnd() * 33);
      starts.push(at);
      index.fill(k, at, Math.min(SIZE, at + width));
      at += width;
    }
    return { index, starts };
  };
  const cols = cuts();
  const rows = cuts();
  const parcels = cols.starts.length * rows.starts.length;
  const cover = new Uint8Array(parcels);
  const params = new Float64Array(parcels * 6); // red, nir, red/px east, red/px south, nir/px east, nir/px south
  for (let p = 0; p < parcels; p++) {
    const u = rnd();
    const c = u < 0.55 ? CROP : u < 0.75 ? SPARSE : u < 0.92 ? BARE : u < 0.95 ? WATER : BUILT;
    cover[p] = c;
    const [r0, r1, n0, n1] = COVER[c]!;
    params[p * 6] = r0 + (r1 - r0) * rnd();
    params[p * 6 + 1] = n0 + (n1 - n0) * rnd();
    for (let k = 2; k < 6; k++) params[p * 6 + k] = (rnd() - 0.5) * 0.0008;
  }
  const waveX = Float64Array.from({ length: SIZE }, (_, i) => Math.sin(i / 1700));
  const waveY = Float64Array.from({ length: SIZE }, (_, i) => Math.cos(i / 2300));
  const red = new Uint16Array(PIXELS);
  const nir = new Uint16Array(PIXELS);
  const dn = (reflectance: number) => Math.min(65_535, Math.max(1, Math.round(reflectance * 10_000 + 1_000)));
  const parcelCols = cols.starts.length;
  for (let row = 0; row < SIZE; row++) {
    const pr = rows.index[row]!;
    const dy = row - rows.starts[pr]!;
    for (let col = 0; col < SIZE; col++) {
      const i = row * SIZE + col;
      if (outsideSwath(col, row)) continue; // DN 0
      const pc = cols.index[col]!;
      const p = pr * parcelCols + pc;
      const dx = col - cols.starts[pc]!;
      const o = p * 6;
      const wave = 0.012 * waveX[col]! * waveY[row]!;
      const h = hash(col, row, 1);
      const redNoise = ((h & 0xff) + ((h >>> 8) & 0xff) - 255) / 255; // triangular in [−1, 1]
      const nirNoise = (((h >>> 16) & 0xff) + (h >>> 24) - 255) / 255;
      const r = dn(params[o]! + params[o + 2]! * dx + params[o + 3]! * dy - 0.3 * wave + 0.008 * redNoise);
      const n = dn(params[o + 1]! + params[o + 4]! * dx + params[o + 5]! * dy + wave + 0.015 * nirNoise);
      red[i] = r;
      // DNs summing to exactly 2000 make nir + red zero in exact arithmetic, but ±1e-17 in floating
      // point, so NDVI becomes ±1e13 or more (see bench/README.md); kept out of the data.
      nir[i] = r + n === 2_000 ? n + 1 : n;
    }
  }
  const parcelCover = (col: number, row: number) => cover[rows.index[row]! * parcelCols + cols.index[col]!]!;
  return { red, nir, parcelCover };
}

/**
 * SCL at 20 m: the land cover's class under each pixel's centre, a sprinkle of 7 (unclassified),
 * 2 (dark area) and 1 (saturated), 0 outside the swath, and weather painted over it: patchy cirrus
 * (10), clouds of medium (8) and high (9) probability with their shadows (3) to the south-east,
 * and one patch of snow (11).
 */
function scl(parcelCover: (col: number, row: number) => number): Uint8Array {
  const out = new Uint8Array(SCL_SIZE * SCL_SIZE);
  for (let row = 0; row < SCL_SIZE; row++) {
    for (let col = 0; col < SCL_SIZE; col++) {
      const i = row * SCL_SIZE + col;
      if (outsideSwath(2 * col + 0.5, 2 * row + 0.5)) continue; // 0, judged at the 20 m centre in 10 m pixels
      const h = hash(col, row, 2) / 4_294_967_296;
      out[i] = h < 0.0002 ? 1 : h < 0.006 ? 2 : h < 0.016 ? 7 : COVER_SCL[parcelCover(2 * col, 2 * row)]!;
    }
  }
  const rnd = mulberry32(11);
  const blob = (cx: number, cy: number, radius: number, paint: (i: number, d: number, col: number, row: number) => void) => {
    const phase = rnd() * 6.283;
    const reach = Math.ceil(radius * 1.4);
    for (let row = Math.max(0, Math.floor(cy - reach)); row < Math.min(SCL_SIZE, cy + reach); row++) {
      for (let col = Math.max(0, Math.floor(cx - reach)); col < Math.min(SCL_SIZE, cx + reach); col++) {
        const angle = Math.atan2(row - cy, col - cx);
        const edge = radius * (1 + 0.25 * Math.sin(3 * angle + phase) + 0.1 * Math.sin(7 * angle + 2 * phase));
        const d = Math.hypot(col - cx, row - cy) / edge;
        if (d < 1) paint(row * SCL_SIZE + col, d, col, row);
      }
    }
  };
  const keep = (i: number) => out[i] !== 0;
  for (let k = 0; k < 4; k++) {
    blob(rnd() * SCL_SIZE, rnd() * SCL_SIZE, 300 + rnd() * 300, (i, _d, col, row) => {
      if (keep(i) && hash(col >> 3, row >> 3, 3) / 4_294_967_296 < 0.7) out[i] = 10;
    });
  }
  const clouds = Array.from({ length: 30 }, () => ({ x: rnd() * SCL_SIZE, y: rnd() * SCL_SIZE, r: 30 + rnd() * 170 }));
  for (const c of clouds) blob(c.x + 0.8 * c.r, c.y + 0.5 * c.r, c.r, (i) => keep(i) && (out[i] = 3));
  for (const c of clouds) blob(c.x, c.y, c.r, (i, d) => keep(i) && (out[i] = d < 0.55 ? 9 : 8));
  blob(rnd() * SCL_SIZE, rnd() * SCL_SIZE, 25, (i) => keep(i) && (out[i] = 11));
  return out;
}

/**
 * Fields of 1–5 ha (area exact in UTM metres), 4 to 9 vertices at jittered angles and radii
 * (convex or slightly concave), stretched up to 1.6 : 1 and turned; centres anywhere at least 1 km
 * inside the tile, so some fall under clouds or outside the swath. Written in lon/lat (WGS 84),
 * which each side projects with its own library (proj4js, PROJ).
 */
function fields(count: number): FeatureCollection<Polygon> {
  const rnd = mulberry32(42);
  const toLonLat = proj4(utmProj4Definition(EPSG), 'WGS84');
  const features: Feature<Polygon>[] = [];
  for (let f = 0; f < count; f++) {
    const hectares = 1 + 4 * rnd();
    const cx = ORIGIN.x + 1_000 + rnd() * (SIZE * 10 - 2_000);
    const cy = ORIGIN.y - 1_000 - rnd() * (SIZE * 10 - 2_000);
    const n = 4 + Math.floor(rnd() * 6);
    const stretch = 1 + 0.6 * rnd();
    const turn = rnd() * Math.PI;
    const start = rnd() * 2 * Math.PI;
    const local: [number, number][] = [];
    for (let v = 0; v < n; v++) {
      const angle = start + ((v + (rnd() - 0.5) * 0.6) * 2 * Math.PI) / n;
      const radius = 1 + (rnd() - 0.5) * 0.3;
      const x = radius * Math.cos(angle) * stretch;
      const y = (radius * Math.sin(angle)) / stretch;
      local.push([x * Math.cos(turn) - y * Math.sin(turn), x * Math.sin(turn) + y * Math.cos(turn)]);
    }
    let twiceArea = 0;
    for (let v = 0; v < n; v++) {
      const [x1, y1] = local[v]!;
      const [x2, y2] = local[(v + 1) % n]!;
      twiceArea += x1 * y2 - x2 * y1;
    }
    const k = Math.sqrt((hectares * 10_000) / (twiceArea / 2));
    const ring: Position[] = local.map(([x, y]) => toLonLat.forward([cx + k * x, cy + k * y]) as Position);
    ring.push(ring[0]!);
    features.push({ type: 'Feature', properties: { id: f, hectares }, geometry: { type: 'Polygon', coordinates: [ring] } });
  }
  return { type: 'FeatureCollection', features };
}

async function generate(): Promise<void> {
  const manifest = join(CACHE, 'manifest.json');
  const wanted = { version: DATA_VERSION, fields: fieldCount };
  if (existsSync(manifest) && JSON.stringify(JSON.parse(await readFile(manifest, 'utf8'))) === JSON.stringify(wanted)) return;
  await rm(CACHE, { recursive: true, force: true });
  await mkdir(CACHE, { recursive: true });
  const started = performance.now();
  console.log(`Generating the tile under ${CACHE} (once) …`);
  const { red, nir, parcelCover } = bands();
  const common = { epsg: EPSG, originX: ORIGIN.x, originY: ORIGIN.y, noData: 0, compression: 'deflate', predictor: 2 } as const;
  const layout = { tileWidth: TILE, tileHeight: TILE };
  await writeFile(
    join(CACHE, FILES.red),
    encodeGeoTiff({ ...common, width: SIZE, height: SIZE, pixelWidth: 10, pixelHeight: 10, data: red, layout }),
  );
  await writeFile(
    join(CACHE, FILES.nir),
    encodeGeoTiff({ ...common, width: SIZE, height: SIZE, pixelWidth: 10, pixelHeight: 10, data: nir, layout }),
  );
  const sclData = scl(parcelCover);
  await writeFile(
    join(CACHE, FILES.scl),
    encodeGeoTiff({ ...common, width: SCL_SIZE, height: SCL_SIZE, pixelWidth: 20, pixelHeight: 20, data: sclData, layout }),
  );
  await writeFile(join(CACHE, FILES.fields), JSON.stringify(fields(fieldCount)));
  await writeFile(manifest, JSON.stringify(wanted));
  console.log(`… done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

// ---------------------------------------------------------------------------------------------
// Kheti
// ---------------------------------------------------------------------------------------------

/** What both sides report for one area, to be compared. */
interface Outcome {
  pixelsInField: number;
  sclExcludedPixels: number;
  noDataPixels: number;
  zeroDenominatorPixels: number;
  stats: FieldStatistics['ndvi']['stats'];
}

const outcome = (s: FieldStatistics): Outcome => ({
  pixelsInField: s.pixelsInField,
  sclExcludedPixels: s.sclExcludedPixels,
  noDataPixels: s.ndvi.noDataPixels,
  zeroDenominatorPixels: s.ndvi.zeroDenominatorPixels,
  stats: s.ndvi.stats,
});

/** The whole tile: the three bands read in full through the COG reader, one fieldStatistics over a mask of every pixel. */
async function khetiWhole(): Promise<{ ms: number; readMs: number; outcome: Outcome }> {
  const started = performance.now();
  const reader = createCogReader({ provider: 'synthetic' });
  try {
    const tile: Bounds = { minX: ORIGIN.x, maxX: ORIGIN.x + SIZE * 10, minY: ORIGIN.y - SIZE * 10, maxY: ORIGIN.y };
    const [red, nir, scl] = await Promise.all([
      reader.window(href(FILES.red), tile),
      reader.window(href(FILES.nir), tile),
      reader.window(href(FILES.scl), tile),
    ]);
    const read = performance.now();
    const { width, height } = red.grid;
    const mask: FieldMask = {
      grid: red.grid,
      window: { x0: 0, y0: 0, width, height },
      mask: new Uint8Array(width * height).fill(1),
      pixelCount: width * height,
      pixelsOutsideRaster: 0,
    };
    const statistics = fieldStatistics({
      mask,
      bands: { red: red.data, nir: nir.data },
      scaling: { red: SCALING, nir: SCALING },
      scl: scl,
    });
    return { ms: performance.now() - started, readMs: read - started, outcome: outcome(statistics) };
  } finally {
    await reader.close();
  }
}

/** One window per field: project, read red, nir and SCL over the field's bbox, rasterise on the window's grid, statistics. */
async function khetiFieldsEach(boundaries: readonly Polygon[]): Promise<{ ms: number; outcomes: Outcome[] }> {
  const started = performance.now();
  const reader = createCogReader({ provider: 'synthetic' });
  try {
    const projector = projectorForEpsg(EPSG);
    const outcomes: Outcome[] = [];
    for (const boundary of boundaries) {
      const polygons = projectBoundary(boundary, projector);
      const bounds = projectedBounds(polygons);
      const [red, nir, scl] = await Promise.all([
        reader.window(href(FILES.red), bounds),
        reader.window(href(FILES.nir), bounds),
        reader.window(href(FILES.scl), bounds),
      ]);
      // The window's grid is the tile's, shifted to the window's corner: same pixel centres.
      const mask = rasterizeField(polygons, red.grid);
      const statistics = fieldStatistics({
        mask,
        bands: { red: cropToWindow(red.data, red.grid.width, mask.window), nir: cropToWindow(nir.data, nir.grid.width, mask.window) },
        scaling: { red: SCALING, nir: SCALING },
        scl,
      });
      outcomes.push(outcome(statistics));
    }
    return { ms: performance.now() - started, outcomes };
  } finally {
    await reader.close();
  }
}

/**
 * The app's own path: src/modules/imagery/analyse.ts's analyseScene over a STAC source (the scene
 * given as an item would describe it), as an analysis job runs it: every field's windows of all
 * five bands read through one reader, with 20 m of margin, then its mask and the statistics of
 * NDVI, EVI and NDWI. Green and blue point at the red and nir files, so they cost no inflate (the
 * reader's tile cache has those tiles) but their copies and the two extra indices are paid for.
 */
async function khetiAnalyseScene(boundaries: readonly Polygon[]): Promise<{ ms: number; outcomes: Outcome[] }> {
  const started = performance.now();
  const source = createStacSource({ apiUrl: 'file://', collection: 'sentinel-2-l2a', catalogDir: CACHE });
  const asset = (file: string) => ({ href: href(file), rasterBands: [{ scale: SCALING.scale, offset: SCALING.offset }] });
  const scene: Scene = {
    id: 'S2B_43QCA_20241110_0_L2A',
    provider: 'synthetic',
    collection: 'sentinel-2-l2a',
    acquiredAt: '2024-11-10T05:36:42Z',
    epsg: EPSG,
    processingBaseline: '05.10',
    assets: {
      red: asset(FILES.red),
      nir: asset(FILES.nir),
      green: asset(FILES.red),
      blue: asset(FILES.nir),
      scl: { href: href(FILES.scl) },
    },
  };
  const { results } = await analyseScene(
    source,
    scene,
    boundaries.map((boundary, i) => ({ id: String(i), boundary })),
  );
  return { ms: performance.now() - started, outcomes: results.map((r) => outcome(r.statistics)) };
}

// ---------------------------------------------------------------------------------------------
// GDAL, through a Python child answering one command per line
// ---------------------------------------------------------------------------------------------

function startPython() {
  const child = spawn('/usr/bin/python3', [join(here, 'raster_ndvi.py'), CACHE], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const exited = new Promise<never>((_, reject) => child.on('exit', (code) => reject(new Error(`raster_ndvi.py exited with ${code}`))));
  exited.catch(() => {});
  return {
    async ask<T>(command: string): Promise<T> {
      child.stdin.write(`${command}\n`);
      const line = await Promise.race([lines.next(), exited]);
      if (line.done) throw new Error('raster_ndvi.py closed its output');
      return JSON.parse(line.value) as T;
    },
    quit() {
      child.stdin.end('quit\n');
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Agreement
// ---------------------------------------------------------------------------------------------

const STATS = ['count', 'mean', 'median', 'std', 'p10', 'p90', 'min', 'max'] as const;
const COUNTS = ['pixelsInField', 'sclExcludedPixels', 'noDataPixels', 'zeroDenominatorPixels'] as const;

/** Mismatches between two outcomes (counts equal, statistics within 1e-6); bit-equal statistics counted in `same`. */
function compare(label: string, a: Outcome, b: Outcome, tally: { same: number; total: number }): string[] {
  const problems: string[] = [];
  for (const key of COUNTS) if (a[key] !== b[key]) problems.push(`${label}: ${key} ${a[key]} ≠ ${b[key]}`);
  if ((a.stats === null) !== (b.stats === null)) problems.push(`${label}: statistics ${a.stats ? 'present' : 'null'} on one side only`);
  else if (a.stats && b.stats) {
    for (const key of STATS) {
      const x = a.stats[key];
      const y = b.stats[key];
      tally.total++;
      if (Object.is(x, y)) tally.same++;
      else if (!(Math.abs(x - y) <= 1e-6)) problems.push(`${label}: ${key} ${x} ≠ ${y}`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------

const median = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;

async function main() {
  await generate();
  const startLoad = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const collection = JSON.parse(await readFile(join(CACHE, FILES.fields), 'utf8')) as FeatureCollection<Polygon>;
  const boundaries = collection.features.map((f) => f.geometry);
  if (khetiOnly) {
    const work = { whole: khetiWhole, each: () => khetiFieldsEach(boundaries), app: () => khetiAnalyseScene(boundaries) }[khetiOnly];
    for (let run = 0; run <= runs; run++) {
      const result = await work();
      const read = 'readMs' in result ? ` (read ${(result.readMs / 1000).toFixed(2)} s)` : '';
      console.log(`${run === 0 ? 'warm-up' : `run ${run}`}: ${khetiOnly} ${(result.ms / 1000).toFixed(2)} s${read}`);
    }
    return;
  }
  const python = startPython();
  try {
    const info = await python.ask<Record<string, unknown>>('info');
    console.log(
      `Node ${process.version}, CPUs available to Node: ${availableParallelism()}${allCores ? '' : ' (pinned to CPU 0)'}; ` +
        `Python ${info['python']}, rasterio ${info['rasterio']}, GDAL ${info['gdal']}, numpy ${info['numpy']}, ` +
        `CPUs ${JSON.stringify(info['cpus'])}, GDAL_CACHEMAX ${info['gdalCacheMax']}, GDAL_NUM_THREADS ${info['gdalNumThreads']}`,
    );
    type Whole = { ms: number; readMs: number; result: Outcome; maxRssMiB: number };
    type Fields = { ms: number; results: Outcome[]; maxRssMiB: number };
    const times = {
      khetiWhole: [] as number[],
      khetiWholeRead: [] as number[],
      gdalWhole: [] as number[],
      gdalWholeRead: [] as number[],
      khetiEach: [] as number[],
      khetiApp: [] as number[],
      gdalFields: [] as number[],
    };
    let check:
      | { kheti: Awaited<ReturnType<typeof khetiWhole>>; gdal: Whole; each: Outcome[]; app: Outcome[]; gdalFields: Outcome[] }
      | undefined;
    let khetiRss = 0;
    let gdalRss = 0;
    for (let run = 0; run <= runs; run++) {
      const warmUp = run === 0;
      const kw = await khetiWhole();
      khetiRss = Math.max(khetiRss, process.resourceUsage().maxRSS / 1024);
      const gw = await python.ask<Whole>('whole');
      const ke = await khetiFieldsEach(boundaries);
      const kg = await khetiAnalyseScene(boundaries);
      const gf = await python.ask<Fields>('fields');
      gdalRss = Math.max(gdalRss, gw.maxRssMiB, gf.maxRssMiB);
      console.log(
        `${warmUp ? 'warm-up' : `run ${run}`}: whole tile Kheti ${(kw.ms / 1000).toFixed(2)} s (read ${(kw.readMs / 1000).toFixed(2)} s), GDAL ${(gw.ms / 1000).toFixed(2)} s (read ${(gw.readMs / 1000).toFixed(2)} s)` +
          ` | ${boundaries.length} fields Kheti one window each ${(ke.ms / 1000).toFixed(2)} s, the app's analyseScene ${(kg.ms / 1000).toFixed(2)} s, GDAL ${(gf.ms / 1000).toFixed(2)} s`,
      );
      if (warmUp) {
        check = { kheti: kw, gdal: gw, each: ke.outcomes, app: kg.outcomes, gdalFields: gf.results };
        continue;
      }
      times.khetiWhole.push(kw.ms);
      times.khetiWholeRead.push(kw.readMs);
      times.gdalWhole.push(gw.ms);
      times.gdalWholeRead.push(gw.readMs);
      times.khetiEach.push(ke.ms);
      times.khetiApp.push(kg.ms);
      times.gdalFields.push(gf.ms);
    }

    // Agreement, on the warm-up's results (every run computes the same).
    const tally = { same: 0, total: 0 };
    const problems = compare('whole tile', check!.kheti.outcome, check!.gdal.result, tally);
    let withStats = 0;
    for (let i = 0; i < boundaries.length; i++) {
      problems.push(...compare(`field ${i} (one window each vs GDAL)`, check!.each[i]!, check!.gdalFields[i]!, tally));
      problems.push(...compare(`field ${i} (analyseScene vs each)`, check!.app[i]!, check!.each[i]!, { same: 0, total: 0 }));
      if (check!.each[i]!.stats) withStats++;
    }
    const w = check!.kheti.outcome;
    console.log(
      `\nWhole tile: ${w.pixelsInField} pixels, ${w.sclExcludedPixels} excluded by SCL, ${w.noDataPixels} DN 0, ${w.zeroDenominatorPixels} denominator ≤ 0, ` +
        `${w.stats?.count} NDVI values, mean ${w.stats?.mean.toFixed(6)}, p90 ${w.stats?.p90.toFixed(6)}`,
    );
    console.log(
      `Fields: ${withStats} of ${boundaries.length} with NDVI values, ${check!.each.reduce((s, o) => s + o.pixelsInField, 0)} pixels in all. ` +
        `Agreement with GDAL: ${problems.length === 0 ? 'every count equal' : `${problems.length} mismatches`}; ${tally.same} of ${tally.total} statistics bit-identical${tally.same === tally.total ? '' : ', the rest within 1e-6 unless listed'}.`,
    );
    for (const p of problems.slice(0, 30)) console.log(`  MISMATCH ${p}`);
    if (problems.length > 30) console.log(`  … and ${problems.length - 30} more`);

    const mpx = (ms: number) => PIXELS / 1e6 / (ms / 1000);
    const perSecond = (ms: number) => boundaries.length / (ms / 1000);
    const row = (work: string, kheti: string, gdal: string, ratio: number) => `| ${work} | ${kheti} | ${gdal} | ${ratio.toFixed(2)} |`;
    const kW = median(times.khetiWhole),
      gW = median(times.gdalWhole);
    const kE = median(times.khetiEach),
      kG = median(times.khetiApp),
      gF = median(times.gdalFields);
    // Each run measures both sides back to back, so the ratio is taken per run (other load on the
    // machine then moves both sides of it) and its median reported.
    const ratio = (gdal: number[], kheti: number[]) => median(gdal.map((g, i) => g / kheti[i]!));
    console.log(
      `\nMedians of ${runs} runs${allCores ? ' (all cores)' : ' (one core)'}; ratio = Kheti throughput ÷ GDAL throughput, the median of the runs' ratios. ` +
        `Load average before ${startLoad}, after ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}.\n`,
    );
    console.log('| work | Kheti | GDAL (rasterio + numpy) | ratio |');
    console.log('| --- | --- | --- | --- |');
    console.log(
      row(
        `whole tile NDVI statistics (${(PIXELS / 1e6).toFixed(1)} Mpx)`,
        `${mpx(kW).toFixed(1)} Mpx/s (${(kW / 1000).toFixed(2)} s, read ${(median(times.khetiWholeRead) / 1000).toFixed(2)} s)`,
        `${mpx(gW).toFixed(1)} Mpx/s (${(gW / 1000).toFixed(2)} s, read ${(median(times.gdalWholeRead) / 1000).toFixed(2)} s)`,
        ratio(times.gdalWhole, times.khetiWhole),
      ),
    );
    console.log(
      row(
        `${boundaries.length} fields, one window per field`,
        `${perSecond(kE).toFixed(0)} fields/s (${(kE / 1000).toFixed(2)} s)`,
        `${perSecond(gF).toFixed(0)} fields/s (${(gF / 1000).toFixed(2)} s)`,
        ratio(times.gdalFields, times.khetiEach),
      ),
    );
    console.log(
      row(
        `${boundaries.length} fields, the app's analyseScene (5 bands, 3 indices)`,
        `${perSecond(kG).toFixed(0)} fields/s (${(kG / 1000).toFixed(2)} s)`,
        `(per-field windows, as above)`,
        ratio(times.gdalFields, times.khetiApp),
      ),
    );
    console.log(`\nPeak RSS: Kheti process ${khetiRss.toFixed(0)} MiB, Python ${gdalRss.toFixed(0)} MiB.`);
    if (problems.length > 0) process.exitCode = 1;
  } finally {
    python.quit();
  }
}

await main();
