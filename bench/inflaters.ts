/**
 * Inflating the satellite benchmark's tiles: node:zlib (what src/integrations/imagery/deflate-decoder.ts
 * uses) against other inflaters, on the real compressed tiles of bench/raster-ndvi.ts's red, nir
 * and SCL files (DEFLATE, Predictor 2, 512 × 512), every tile of each. Every candidate's output
 * must be byte-identical to node:zlib's for every tile (then every statistic is identical too),
 * or the run fails. Results are recorded in bench/README.md ("A faster inflater?").
 *
 *   node --import tsx bench/raster-ndvi.ts 1 --kheti-only=each   # writes the tiles, once
 *   INFLATERS_DIR=/tmp/inflaters/node_modules node --import tsx bench/inflaters.ts [rounds=7]
 *
 * The candidates are not dependencies of the project; they are loaded from INFLATERS_DIR:
 * - fflate (pure JavaScript): `npm install --prefix "$(dirname "$INFLATERS_DIR")" fflate`;
 * - libdeflate (the npm package, JS + WASM): installed the same way, but its 0.1.0 only compresses,
 *   so it is reported and skipped;
 * - libdeflate-native: a minimal N-API binding of the system's libdeflate (Debian libdeflate0, the
 *   one GDAL links), built from the C below with node-gyp into INFLATERS_DIR/libdeflate-native by
 *   `INFLATERS_DIR=… node --import tsx bench/inflaters.ts --build-native`.
 *
 * One core: the process pins itself and all its threads to CPU 0, as bench/raster-ndvi.ts does.
 * Each round inflates every tile with each candidate in turn (the order rotating from tile to tile),
 * so load from other processes falls on all candidates alike. A candidate's time per tile is the
 * median of its rounds' totals, its ratio to node:zlib the median of the rounds' ratios; "best" sums
 * each tile's fastest time over the rounds, the cost with the least interference.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, open, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import { fromFile } from 'geotiff';

const here = dirname(fileURLToPath(import.meta.url));
const CACHE = join(here, '.cache', 'raster-ndvi');
const FILES = ['B04.tif', 'B08.tif', 'SCL.tif'];
const args = process.argv.slice(2);
const rounds = Number(args.find((a) => !a.startsWith('--')) ?? 7);

const inflatersDir = process.env.INFLATERS_DIR;
if (!inflatersDir) throw new Error('Set INFLATERS_DIR to the node_modules folder holding the candidates (see the header)');
const NATIVE_DIR = join(inflatersDir, 'libdeflate-native');

/** zlibInflate(input, outputBytes): the whole zlib stream into a new Buffer of exactly outputBytes, or a throw. */
const NATIVE_SOURCE = `#include <stddef.h>
#include <stdint.h>
#include <node_api.h>
/* libdeflate.h's declarations (stable since libdeflate 1.0): libdeflate-dev is not needed. */
struct libdeflate_decompressor;
struct libdeflate_decompressor *libdeflate_alloc_decompressor(void);
int libdeflate_zlib_decompress(struct libdeflate_decompressor *d, const void *in, size_t in_nbytes,
                               void *out, size_t out_nbytes_avail, size_t *actual_out_nbytes_ret);
static struct libdeflate_decompressor *decompressor;

static napi_value zlib_inflate(napi_env env, napi_callback_info info) {
  size_t argc = 2, in_len, offset, actual = 0;
  napi_value argv[2], arraybuffer, result;
  napi_typedarray_type type;
  void *in, *out;
  int64_t out_len = -1;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 2 || napi_get_typedarray_info(env, argv[0], &type, &in_len, &in, &arraybuffer, &offset) != napi_ok ||
      type != napi_uint8_array || napi_get_value_int64(env, argv[1], &out_len) != napi_ok || out_len < 0) {
    napi_throw_type_error(env, NULL, "zlibInflate(input: Uint8Array, outputBytes: number)");
    return NULL;
  }
  if (napi_create_buffer(env, (size_t)out_len, &out, &result) != napi_ok) return NULL;
  if (libdeflate_zlib_decompress(decompressor, in, in_len, out, (size_t)out_len, &actual) != 0 || actual != (size_t)out_len) {
    napi_throw_error(env, NULL, "libdeflate: not a zlib stream of exactly outputBytes");
    return NULL;
  }
  return result;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  decompressor = libdeflate_alloc_decompressor();
  if (!decompressor) return NULL;
  napi_create_function(env, "zlibInflate", NAPI_AUTO_LENGTH, zlib_inflate, NULL, &fn);
  napi_set_named_property(env, exports, "zlibInflate", fn);
  return exports;
}
`;

const BINDING_GYP = {
  targets: [{ target_name: 'inflater', sources: ['inflate.c'], libraries: ['-l:libdeflate.so.0'], cflags: ['-O2'] }],
};

async function buildNative(): Promise<void> {
  await mkdir(NATIVE_DIR, { recursive: true });
  await writeFile(join(NATIVE_DIR, 'inflate.c'), NATIVE_SOURCE);
  await writeFile(join(NATIVE_DIR, 'binding.gyp'), JSON.stringify(BINDING_GYP, null, 2));
  const nodeGyp = createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js');
  // The headers of the running Node, so node-gyp downloads nothing.
  const nodeDir = dirname(dirname(process.execPath));
  execFileSync(process.execPath, [nodeGyp, 'rebuild', `--nodedir=${nodeDir}`], { cwd: NATIVE_DIR, stdio: 'inherit' });
  console.log(`Built ${join(NATIVE_DIR, 'build', 'Release', 'inflater.node')}`);
}

/** One compressed tile and the size it inflates to. */
interface Tile {
  file: string;
  compressed: Uint8Array;
  outputBytes: number;
}

async function readTiles(file: string): Promise<Tile[]> {
  const path = join(CACHE, file);
  const image = await (await fromFile(path)).getImage(0);
  const directory = image.fileDirectory;
  const offsets = await directory.loadValue('TileOffsets');
  const counts = await directory.loadValue('TileByteCounts');
  if (!offsets || !counts || image.getTileWidth() !== 512) throw new Error(`${file} is not the tiled GeoTIFF raster-ndvi.ts writes`);
  const outputBytes = (image.getTileWidth() * image.getTileHeight() * image.getBitsPerSample(0)) / 8;
  const handle = await open(path);
  try {
    const tiles: Tile[] = [];
    for (let i = 0; i < offsets.length; i++) {
      const compressed = new Uint8Array(counts[i]!);
      await handle.read(compressed, 0, compressed.length, offsets[i]!);
      tiles.push({ file, compressed, outputBytes });
    }
    return tiles;
  } finally {
    await handle.close();
  }
}

type Inflate = (tile: Tile) => Uint8Array;

/** node:zlib exactly as deflate-decoder.ts calls it: one output chunk a byte larger than the tile. */
const nodeZlib: Inflate = ({ compressed, outputBytes }) =>
  zlib.inflateSync(compressed, { chunkSize: Math.max(zlib.constants.Z_MIN_CHUNK, outputBytes + 1) });

async function candidates(): Promise<Map<string, Inflate>> {
  const found = new Map<string, Inflate>([['node:zlib', nodeZlib]]);
  const require = createRequire(join(inflatersDir!, 'noop.js'));

  const fflate: { unzlibSync(data: Uint8Array, opts: { out: Uint8Array }): Uint8Array } = require('fflate');
  found.set('fflate', ({ compressed, outputBytes }) => fflate.unzlibSync(compressed, { out: new Uint8Array(outputBytes) }));

  const wasm = (await import(pathToFileURL(join(inflatersDir!, 'libdeflate', 'index.js')).href)) as Record<string, unknown>;
  const inflating = Object.keys(wasm).filter((name) => /inflate|decompress|unzlib/i.test(name));
  if (inflating.length === 0) {
    console.log(`libdeflate (npm, WASM): skipped, it exports only ${Object.keys(wasm).join(', ')} (compression)`);
  } else {
    throw new Error(`libdeflate (npm) now exports ${inflating.join(', ')}: add it as a candidate`);
  }

  const addon = join(NATIVE_DIR, 'build', 'Release', 'inflater.node');
  if (!existsSync(addon)) throw new Error(`${addon} is missing: run with --build-native first`);
  const native: { zlibInflate(input: Uint8Array, outputBytes: number): Uint8Array } = require(addon);
  found.set('libdeflate-native', ({ compressed, outputBytes }) => native.zlibInflate(compressed, outputBytes));
  return found;
}

/** Every candidate's output equal to node:zlib's, byte for byte, for every tile. */
function checkIdentical(tiles: Tile[], inflaters: Map<string, Inflate>): void {
  for (const tile of tiles) {
    const expected = nodeZlib(tile);
    if (expected.length !== tile.outputBytes) throw new Error(`node:zlib gave ${expected.length} bytes for a tile of ${tile.file}`);
    for (const [name, inflate] of inflaters) {
      const got = inflate(tile);
      if (!Buffer.from(got.buffer, got.byteOffset, got.byteLength).equals(expected)) {
        throw new Error(`${name} differs from node:zlib on a tile of ${tile.file}`);
      }
    }
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function main(): Promise<void> {
  if (args.includes('--build-native')) return buildNative();
  execFileSync('taskset', ['-a', '-cp', '0', String(process.pid)], { stdio: 'ignore' });
  const tiles = (await Promise.all(FILES.map(readTiles))).flat();
  const inflaters = await candidates();
  const names = [...inflaters.keys()];
  checkIdentical(tiles, inflaters);
  const inBytes = tiles.reduce((sum, t) => sum + t.compressed.length, 0);
  const outBytes = tiles.reduce((sum, t) => sum + t.outputBytes, 0);
  console.log(
    `${tiles.length} tiles of ${FILES.join(', ')}: ${(inBytes / 1e6).toFixed(1)} MB compressed, ${(outBytes / 1e6).toFixed(1)} MB inflated; ` +
      `every candidate byte-identical to node:zlib; ${rounds} rounds, one core, load ${loadavg()[0]!.toFixed(2)}`,
  );

  // times[candidate][round][tile]: the candidates take turns on each tile, so a burst of load
  // from other processes falls on all of them.
  const times = names.map(() => Array.from({ length: rounds }, () => new Float64Array(tiles.length)));
  for (let round = 0; round < rounds; round++) {
    for (let t = 0; t < tiles.length; t++) {
      const tile = tiles[t]!;
      for (let k = 0; k < names.length; k++) {
        const c = (round + t + k) % names.length;
        const inflate = inflaters.get(names[c]!)!;
        const started = performance.now();
        inflate(tile);
        times[c]![round]![t] = performance.now() - started;
      }
    }
  }
  const sum = (values: Float64Array) => values.reduce((a, b) => a + b, 0);
  const roundTotals = times.map((perRound) => perRound.map(sum));
  // Each tile's fastest time over the rounds, summed: the cost with the least interference.
  const bestTotals = times.map((perRound) => sum(Float64Array.from(tiles, (_, t) => Math.min(...perRound.map((r) => r[t]!)))));
  names.forEach((name, c) => {
    const ratio = median(roundTotals[0]!.map((zlibMs, round) => zlibMs / roundTotals[c]![round]!));
    const perTile = median(roundTotals[c]!) / tiles.length;
    console.log(
      `${name.padEnd(18)} ${perTile.toFixed(3)} ms per tile, ${(outBytes / 1e3 / (perTile * tiles.length)).toFixed(0)} MB/s out ` +
        `(best of each tile: ${(bestTotals[c]! / tiles.length).toFixed(3)} ms, ${(outBytes / 1e3 / bestTotals[c]!).toFixed(0)} MB/s), ` +
        `${ratio.toFixed(2)}× node:zlib's speed (best: ${(bestTotals[0]! / bestTotals[c]!).toFixed(2)}×)`,
    );
  });
  console.log(`load ${loadavg()[0]!.toFixed(2)} at the end`);
}

await main();
