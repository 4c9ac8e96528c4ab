import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Polygon } from 'geojson';
import { fromFile, type GeoTIFFImage } from 'geotiff';
import proj4 from 'proj4';
import {
  coveringWindow,
  epsgFromGeoKeys,
  fieldMask,
  fieldStatistics,
  pixelGridOf,
  projectorForEpsg,
  reflectanceScaling,
  windowBounds,
  windowGrid,
  type FieldStatistics,
  type PixelGrid,
} from '../../src/lib/raster/index.js';
import {
  mgrsSquare,
  planSyntheticScenes,
  planSyntheticTiles,
  tileDigest,
  TILE_CELL_M,
  writeSyntheticCatalog,
  type SyntheticCatalogField,
} from '../../src/integrations/imagery/synthetic-catalog.js';
import { BARE_SOIL_NDVI, cropNdvi, cropProfile, dayNumber } from '../../src/integrations/imagery/synthetic-phenology.js';
import { FIELD_NDVI_NOISE, fieldNdviAt, fieldSurface, prepareTile, renderScene } from '../../src/integrations/imagery/synthetic-scene.js';

// Demo fields of src/seed-registry.ts, rebuilt the way it draws them (an outline in metres east and
// north of a corner that lies kilometres from the district headquarters), so that the twin is tested
// on the real places: Ludhiana in UTM 43N and Guntur in UTM 44N.
const METRES_PER_DEGREE_LAT = 110_574;
const METRES_PER_DEGREE_LON_AT_EQUATOR = 111_320;
const shift = (point: { lat: number; lon: number }, [east, north]: [number, number]) => ({
  lat: point.lat + north / METRES_PER_DEGREE_LAT,
  lon: point.lon + east / (METRES_PER_DEGREE_LON_AT_EQUATOR * Math.cos((point.lat * Math.PI) / 180)),
});
function demoPolygon(
  headquarters: { lat: number; lon: number },
  offsetKm: [number, number],
  at: [number, number],
  outline: [number, number][],
): Polygon {
  const origin = shift(shift(headquarters, [offsetKm[0] * 1000, offsetKm[1] * 1000]), at);
  const metresPerDegreeLon = METRES_PER_DEGREE_LON_AT_EQUATOR * Math.cos((origin.lat * Math.PI) / 180);
  const round = (degrees: number) => Math.round(degrees * 1e7) / 1e7;
  const ring = outline.map(([east, north]) => [
    round(origin.lon + east / metresPerDegreeLon),
    round(origin.lat + north / METRES_PER_DEGREE_LAT),
  ]);
  return { type: 'Polygon', coordinates: [[...ring, ring[0]!]] };
}
const LUDHIANA = { lat: 30.91, lon: 75.85 };
const GUNTUR = { lat: 16.3008, lon: 80.4428 };

const TUBEWELL: SyntheticCatalogField = {
  id: 'ludhiana-tubewell',
  boundary: demoPolygon(
    LUDHIANA,
    [-1.2, -9.0],
    [0, 0],
    [
      [0, 0],
      [204, 4],
      [201, 101],
      [-3, 96],
    ],
  ),
  crop: { crop: 'paddy', sowingDate: '2025-06-20', expectedHarvestDate: '2025-10-08' },
};
const ROAD_SIDE: SyntheticCatalogField = {
  id: 'ludhiana-road-side',
  boundary: demoPolygon(
    LUDHIANA,
    [-1.2, -9.0],
    [0, 130],
    [
      [0, 0],
      [150, 3],
      [147, 82],
      [-2, 79],
    ],
  ),
  crop: { crop: 'potato', sowingDate: '2025-10-15', expectedHarvestDate: '2026-01-18' },
  crops: [{ crop: 'maize', sowingDate: '2025-06-10', expectedHarvestDate: '2025-09-18' }],
};
const HOME_FIELD: SyntheticCatalogField = {
  id: 'ludhiana-home-field',
  boundary: demoPolygon(
    LUDHIANA,
    [-8.7, -6.1],
    [0, 0],
    [
      [0, 0],
      [236, 7],
      [229, 126],
      [-6, 118],
    ],
  ),
  crop: { crop: 'paddy', sowingDate: '2025-07-10', expectedHarvestDate: '2025-11-07' },
};
const CHANNEL: SyntheticCatalogField = {
  id: 'guntur-channel',
  boundary: demoPolygon(
    GUNTUR,
    [6.2, 5.4],
    [0, 0],
    [
      [0, 0],
      [138, 6],
      [133, 92],
      [-5, 87],
    ],
  ),
  crop: { crop: 'paddy', sowingDate: '2025-07-25', expectedHarvestDate: '2025-12-17' },
};
const UPLAND: SyntheticCatalogField = {
  id: 'guntur-upland',
  boundary: demoPolygon(
    GUNTUR,
    [6.2, 5.4],
    [0, 120],
    [
      [0, 0],
      [96, 8],
      [90, 66],
      [2, 61],
    ],
  ),
};

const FIELDS = [TUBEWELL, ROAD_SIDE, CHANNEL, UPLAND];
const FROM = '2025-05-15';
const TO = '2025-11-10';
const NOW = '2025-12-01T00:00:00Z';

interface Asset {
  href: string;
  type: string;
  'proj:shape': [number, number];
  'proj:transform': number[];
  'raster:bands': { nodata?: number; data_type: string; spatial_resolution: number; scale?: number; offset?: number }[];
  roles: string[];
}
interface Item {
  type: string;
  stac_version: string;
  id: string;
  collection: string;
  geometry: Polygon;
  bbox: [number, number, number, number];
  properties: Record<string, unknown> & { datetime: string; 'eo:cloud_cover': number; 'proj:epsg': number };
  assets: Record<'red' | 'nir' | 'green' | 'blue' | 'scl', Asset>;
  links: { rel: string; href: string }[];
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(relative(dir, join(entry.parentPath, entry.name)));
  }
  return out.sort();
}

async function readItems(dir: string): Promise<Item[]> {
  const names = (await readdir(join(dir, 'items'))).filter((name) => name.endsWith('.json')).sort();
  return Promise.all(names.map(async (name) => JSON.parse(await readFile(join(dir, 'items', name), 'utf8')) as Item));
}

const itemPath = (dir: string, item: Item) => join(dir, 'items', `${item.id}.json`);
const assetPath = (dir: string, item: Item, band: keyof Item['assets']) => resolve(dirname(itemPath(dir, item)), item.assets[band].href);

/** A field's scene read as the app reads it: the covering windows of the GeoTIFFs, then lib/raster. */
async function sceneOverField(dir: string, item: Item, field: SyntheticCatalogField) {
  const open = async (band: keyof Item['assets']) => (await fromFile(assetPath(dir, item, band))).getImage();
  const images = {
    red: await open('red'),
    nir: await open('nir'),
    green: await open('green'),
    blue: await open('blue'),
    scl: await open('scl'),
  };
  const grid = pixelGridOf(images.red);
  const epsg = epsgFromGeoKeys(images.red.getGeoKeys());
  const mask = fieldMask(field.boundary, epsg, grid);
  const { x0, y0, width, height } = mask.window;
  const read = async (image: GeoTIFFImage, window: number[]) =>
    ((await image.readRasters({ window })) as unknown as [Uint16Array | Uint8Array])[0];
  const tenMetre = [x0, y0, x0 + width, y0 + height];
  const sclGrid = pixelGridOf(images.scl);
  const sclWindow = coveringWindow(sclGrid, windowBounds(grid, mask.window));
  const scl = (await read(images.scl, [
    sclWindow.x0,
    sclWindow.y0,
    sclWindow.x0 + sclWindow.width,
    sclWindow.y0 + sclWindow.height,
  ])) as Uint8Array;
  const scalingOf = (band: 'red' | 'nir' | 'green' | 'blue') =>
    reflectanceScaling({
      rasterBands: item.assets[band]['raster:bands'],
      processingBaseline: item.properties['s2:processing_baseline'] as string,
      boaOffsetApplied: item.properties['earthsearch:boa_offset_applied'] as boolean,
    });
  const bands = {
    red: (await read(images.red, tenMetre)) as Uint16Array,
    nir: (await read(images.nir, tenMetre)) as Uint16Array,
    green: (await read(images.green, tenMetre)) as Uint16Array,
    blue: (await read(images.blue, tenMetre)) as Uint16Array,
  };
  const scaling = { red: scalingOf('red'), nir: scalingOf('nir'), green: scalingOf('green'), blue: scalingOf('blue') };
  const sclWindowGrid = windowGrid(sclGrid, sclWindow);
  const stats: FieldStatistics = fieldStatistics({ mask, bands, scaling, scl: { data: scl, grid: sclWindowGrid } });
  /** SCL class under the centre of window pixel (c, r). */
  const sclAt = (c: number, r: number) => {
    const x = grid.originX + (x0 + c + 0.5) * grid.resX;
    const y = grid.originY + (y0 + r + 0.5) * grid.resY;
    const sc = Math.floor((x - sclWindowGrid.originX) / sclWindowGrid.resX);
    const sr = Math.floor((y - sclWindowGrid.originY) / sclWindowGrid.resY);
    return scl[sr * sclWindowGrid.width + sc]!;
  };
  return { grid, epsg, mask, bands, scaling, scl, sclAt, stats };
}

const dateOf = (item: Item) => item.properties.datetime.slice(0, 10);
const tileOf = (item: Item) => item.id.split('_').slice(1, 2).concat(item.id.split('_')[3]!).join('-');

describe('the offline imagery twin (synthetic STAC catalog)', () => {
  let dir: string;
  let result: Awaited<ReturnType<typeof writeSyntheticCatalog>>;
  let items: Item[];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kheti-synthetic-'));
    result = await writeSyntheticCatalog(dir, FIELDS, { from: FROM, to: TO, now: NOW });
    items = await readItems(dir);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes one item and five GeoTIFFs per scene, every 5 days over the range, and a catalog linking them', async () => {
    // Ludhiana's farm and Guntur's farm: two windows, 36 or 37 scenes each over 180 days.
    assert.equal(result.tiles, 2);
    assert.equal(result.items, items.length);
    assert.equal(result.files, items.length * 6 + 1);
    const files = await listFiles(dir);
    assert.equal(files.length, result.files);
    const byTile = new Map<string, Item[]>();
    for (const item of items) byTile.set(tileOf(item), [...(byTile.get(tileOf(item)) ?? []), item]);
    assert.equal(byTile.size, 2);
    for (const [tile, scenes] of byTile) {
      const days = scenes.map((item) => dayNumber(dateOf(item))).sort((a, b) => a - b);
      assert.ok(days.length >= 36 && days.length <= 37, `${tile}: ${days.length} scenes`);
      assert.ok(days[0]! >= dayNumber(FROM) && days[0]! < dayNumber(FROM) + 5, `${tile} starts within the first 5 days`);
      assert.ok(days.at(-1)! <= dayNumber(TO) && days.at(-1)! > dayNumber(TO) - 5, `${tile} ends within the last 5 days`);
      for (let i = 1; i < days.length; i++) assert.equal(days[i]! - days[i - 1]!, 5);
    }

    const catalog = JSON.parse(await readFile(join(dir, 'catalog.json'), 'utf8'));
    assert.equal(catalog.type, 'Catalog');
    assert.equal(catalog.stac_version, '1.0.0');
    assert.equal(catalog['kheti:synthetic'], true);
    assert.match(catalog.description, /synthetic/i);
    const itemLinks = catalog.links.filter((link: { rel: string }) => link.rel === 'item');
    assert.deepEqual(
      itemLinks.map((link: { href: string }) => resolve(dir, link.href)).sort(),
      items.map((item) => itemPath(dir, item)).sort(),
    );
    assert.match(catalog['kheti:generator'].inputs_sha256, /^[0-9a-f]{64}$/);
  });

  it('writes items in the shape of Earth Search v1 sentinel-2-l2a, labelled synthetic', () => {
    for (const item of items) {
      assert.equal(item.type, 'Feature');
      assert.equal(item.stac_version, '1.0.0');
      assert.equal(item.collection, 'sentinel-2-l2a');
      const p = item.properties;
      const ludhiana = item.id.includes('_43R');
      assert.match(item.id, ludhiana ? /^S2[ABC]_43R[A-HJ-NP-Z]{2}_\d{8}_\d+_L2A$/ : /^S2[ABC]_44Q[A-HJ-NP-Z]{2}_\d{8}_\d+_L2A$/);
      assert.equal(item.id.split('_')[2], dateOf(item).replaceAll('-', ''));
      assert.equal(p['proj:epsg'], ludhiana ? 32643 : 32644);
      assert.equal(p['s2:processing_baseline'], '05.10');
      assert.equal(p['earthsearch:boa_offset_applied'], false);
      assert.equal(p['kheti:synthetic'], true);
      assert.match(String(p['description']), /synthetic/i);
      assert.equal(p['constellation'], 'sentinel-2');
      assert.equal(p['platform'], `sentinel-2${item.id[2]!.toLowerCase()}`);
      assert.equal(p['grid:code'], `MGRS-${item.id.split('_')[1]}`);
      assert.ok(typeof p['eo:cloud_cover'] === 'number' && p['eo:cloud_cover'] >= 0 && p['eo:cloud_cover'] <= 100);
      // About 10:30 local solar time: 05:15–05:40 UTC at 75.8° E, 04:55–05:20 at 80.5° E.
      const at = new Date(p.datetime);
      assert.equal(p.datetime, at.toISOString());
      const minutes = at.getUTCHours() * 60 + at.getUTCMinutes();
      assert.ok(minutes >= 4 * 60 + 50 && minutes <= 5 * 60 + 45, `${item.id} at ${p.datetime}`);
      assert.ok(at.getTime() <= Date.parse(NOW));

      assert.deepEqual(Object.keys(item.assets).sort(), ['blue', 'green', 'nir', 'red', 'scl']);
      for (const band of ['red', 'nir', 'green', 'blue'] as const) {
        const asset = item.assets[band];
        assert.deepEqual(asset['raster:bands'], [
          { nodata: 0, data_type: 'uint16', bits_per_sample: 15, spatial_resolution: 10, scale: 0.0001, offset: -0.1 },
        ]);
        assert.equal(asset['proj:transform'][0], 10);
        assert.deepEqual(reflectanceScaling({ rasterBands: asset['raster:bands'], processingBaseline: '05.10', boaOffsetApplied: false }), {
          scale: 0.0001,
          offset: -0.1,
          source: 'raster:bands',
        });
      }
      assert.deepEqual(item.assets.scl['raster:bands'], [{ nodata: 0, data_type: 'uint8', spatial_resolution: 20 }]);
      for (const asset of Object.values(item.assets)) {
        assert.match(asset.href, /^\.\/S2[ABC]_[0-9A-Z]+_\d{8}_\d+_L2A\/(B0[2348]|SCL)\.tif$/, 'relative to the item');
        assert.match(asset.type, /^image\/tiff; application=geotiff/);
      }
      for (const band of ['red', 'nir', 'green', 'blue', 'scl'] as const) assert.ok(existsSync(assetPath(dir, item, band)));
      assert.deepEqual(
        item.links.map((link) => [link.rel, link.href]),
        [
          ['root', '../catalog.json'],
          ['parent', '../catalog.json'],
        ],
      );

      // The footprint is the window's, and holds the fields of the window.
      const ring = item.geometry.coordinates[0]!;
      assert.equal(ring.length, 5);
      assert.deepEqual(ring[0], ring[4]);
      const fields = ludhiana ? [TUBEWELL, ROAD_SIDE] : [CHANNEL, UPLAND];
      for (const field of fields) {
        for (const [lon, lat] of (field.boundary as Polygon).coordinates[0]!) {
          assert.ok(
            lon! > item.bbox[0] && lon! < item.bbox[2] && lat! > item.bbox[1] && lat! < item.bbox[3],
            `${field.id} inside ${item.id}`,
          );
        }
      }
    }
  });

  it('names each window by the real MGRS 100 km square of its centre', () => {
    for (const item of items) {
      const ring = item.geometry.coordinates[0]!;
      const lon = (ring[0]![0]! + ring[2]![0]!) / 2;
      const lat = (ring[0]![1]! + ring[2]![1]!) / 2;
      // proj4's mgrs module: grid zone and 100 km square come first, then the 1 m easting and northing.
      assert.equal(proj4.mgrs.forward([lon, lat]).slice(0, 5), item.id.split('_')[1]);
    }
    // Sentinel-2's own example tile name: 39QTA (eodm's real Earth Search item S2A_39QTA_20230628_0_L2A).
    assert.equal(mgrsSquare(39, 250_000, 2_050_000, 18.5).code, '39QTA');
    assert.equal(mgrsSquare(43, 581_200, 3_411_000, 30.83).code, '43REQ');
  });

  it('writes valid tiled DEFLATE GeoTIFFs on the documented grids: UTM GeoKeys, uint16 at 10 m, uint8 SCL at 20 m, nodata 0', async () => {
    for (const item of [items[0]!, items.at(-1)!]) {
      const red = await (await fromFile(assetPath(dir, item, 'red'))).getImage();
      const grid = pixelGridOf(red);
      const [height, width] = item.assets.red['proj:shape'];
      const [, , originX, , , originY] = item.assets.red['proj:transform'];
      assert.deepEqual(grid, { originX, originY, resX: 10, resY: -10, width, height });
      assert.equal(grid.originX % 20, 0);
      assert.equal(grid.originY % 20, 0);
      assert.ok(grid.width <= 256 && grid.height <= 256);
      for (const band of ['red', 'nir', 'green', 'blue', 'scl'] as const) {
        const image = await (await fromFile(assetPath(dir, item, band))).getImage();
        const optical = band !== 'scl';
        assert.equal(epsgFromGeoKeys(image.getGeoKeys()), item.properties['proj:epsg']);
        assert.equal(image.getGeoKeys()?.['GTRasterTypeGeoKey'], 1, 'PixelIsArea');
        assert.deepEqual(
          pixelGridOf(image),
          optical ? grid : { originX, originY, resX: 20, resY: -20, width: width / 2, height: height / 2 },
        );
        assert.deepEqual(
          pixelGridOf(image),
          (() => {
            const [h, w] = item.assets[band]['proj:shape'];
            const t = item.assets[band]['proj:transform'];
            return { originX: t[2], originY: t[5], resX: t[0], resY: t[4], width: w, height: h };
          })(),
        );
        assert.equal(image.getTileWidth(), optical ? 64 : 32);
        assert.equal(image.getTileHeight(), optical ? 64 : 32);
        assert.equal(image.getSamplesPerPixel(), 1);
        assert.equal(image.getBitsPerSample(), optical ? 16 : 8);
        assert.equal(await image.fileDirectory.loadValue('Compression'), 8);
        assert.equal(await image.fileDirectory.loadValue('Predictor'), optical ? 2 : 1);
        assert.equal(image.getSampleFormat(), 1, 'unsigned integer');
        assert.equal(image.getGDALNoData(), 0);
        const [data] = (await image.readRasters()) as unknown as [Uint16Array | Uint8Array];
        assert.ok(optical ? data instanceof Uint16Array : data instanceof Uint8Array);
        // DN 0 is no data: never written inside the window.
        assert.ok(data.every((v) => v > 0));
      }
    }
  });

  it('is deterministic: the same inputs give byte-identical files', async () => {
    const again = await mkdtemp(join(tmpdir(), 'kheti-synthetic-again-'));
    try {
      // Fields in another order; the output does not depend on it.
      const second = await writeSyntheticCatalog(again, [...FIELDS].reverse(), { from: FROM, to: TO, now: NOW });
      assert.deepEqual(second, result);
      const files = await listFiles(dir);
      assert.deepEqual(await listFiles(again), files);
      for (const file of files) {
        assert.ok((await readFile(join(dir, file))).equals(await readFile(join(again, file))), `${file} differs`);
      }
    } finally {
      await rm(again, { recursive: true, force: true });
    }
  });

  it('lets the NDVI of a demo field, computed by lib/raster from the files, rise after sowing and fall towards harvest', async () => {
    const planting = TUBEWELL.crop!;
    const sowing = dayNumber(planting.sowingDate);
    const harvest = dayNumber(planting.expectedHarvestDate!);
    const series: { day: number; median: number; expected: number }[] = [];
    for (const item of items.filter((i) => i.id.includes('_43R'))) {
      const scene = await sceneOverField(dir, item, TUBEWELL);
      assert.ok(scene.stats.pixelsInField > 150, 'a 2 ha field has about 200 pixels');
      if (scene.stats.ndvi.validPixelPct < 90) continue;
      const day = dayNumber(dateOf(item));
      // The mean of the noiseless surface over the field's pixel centres.
      const surface = fieldSurface(TUBEWELL, projectorForEpsg(scene.epsg));
      let sum = 0;
      let count = 0;
      for (let r = 0; r < scene.mask.window.height; r++) {
        for (let c = 0; c < scene.mask.window.width; c++) {
          if (!scene.mask.mask[r * scene.mask.window.width + c]) continue;
          const x = scene.grid.originX + (scene.mask.window.x0 + c + 0.5) * 10;
          const y = scene.grid.originY - (scene.mask.window.y0 + r + 0.5) * 10;
          sum += fieldNdviAt(surface, day, x, y);
          count++;
        }
      }
      series.push({ day, median: scene.stats.ndvi.stats!.median, expected: sum / count });
    }
    series.sort((a, b) => a.day - b.day);
    assert.ok(series.length >= 20, `${series.length} clear scenes over the field`);
    for (const point of series) {
      assert.ok(
        Math.abs(point.median - point.expected) < 0.03,
        `${point.day - sowing} days after sowing: ${point.median} vs ${point.expected}`,
      );
    }
    const before = series.filter((p) => p.day < sowing);
    const after = series.filter((p) => p.day > harvest);
    const season = series.filter((p) => p.day >= sowing && p.day <= harvest);
    assert.ok(before.length > 0 && after.length > 0);
    for (const p of [...before, ...after]) assert.ok(Math.abs(p.median - BARE_SOIL_NDVI) < 0.04, `bare soil: ${p.median}`);
    const peak = season.reduce((a, b) => (b.median > a.median ? b : a));
    assert.ok(peak.median > 0.75, `peak ${peak.median}`);
    assert.ok(peak.day > sowing + 30 && peak.day < harvest - 15, `peak ${peak.day - sowing} days after sowing`);
    // Rises to the peak and falls after it (each step allowed the within-noise wobble of a median).
    const rising = season.filter((p) => p.day <= peak.day);
    const falling = season.filter((p) => p.day >= peak.day);
    for (let i = 1; i < rising.length; i++) assert.ok(rising[i]!.median > rising[i - 1]!.median - 0.02, 'rising');
    for (let i = 1; i < falling.length; i++) assert.ok(falling[i]!.median < falling[i - 1]!.median + 0.02, 'falling');
    assert.ok(rising[0]!.median < 0.3 && falling.at(-1)!.median < peak.median - 0.15, 'a real rise and fall');

    // The field-wide curve of the crop itself.
    assert.equal(cropNdvi(planting, sowing - 1), BARE_SOIL_NDVI);
    assert.equal(cropNdvi(planting, harvest + 1), BARE_SOIL_NDVI);
    assert.ok(Math.abs(cropNdvi(planting, Math.round((sowing + harvest) / 2) + 10) - cropProfile('paddy').peak) < 0.05);
  });

  it('shows an earlier crop cycle given in crops, and a field without a crop follows a generic rotation', async () => {
    const august = items.filter((i) => i.id.includes('_43R') && dateOf(i) >= '2025-08-01' && dateOf(i) <= '2025-08-25');
    const june = items.filter((i) => i.id.includes('_44Q') && dateOf(i) >= '2025-05-15' && dateOf(i) <= '2025-06-05');
    const medians = async (list: Item[], field: SyntheticCatalogField) => {
      const out: number[] = [];
      for (const item of list) {
        const scene = await sceneOverField(dir, item, field);
        if (scene.stats.ndvi.validPixelPct >= 90) out.push(scene.stats.ndvi.stats!.median);
      }
      return out;
    };
    // Road side: potato sown in October, maize (given in crops) green in August.
    const maize = await medians(august, ROAD_SIDE);
    assert.ok(maize.length > 0 && maize.every((v) => v > 0.6), `maize in August: ${maize}`);
    // Upland has no crop cycle: before the kharif sowing it is bare.
    const upland = await medians(june, UPLAND);
    assert.ok(upland.length > 0 && upland.every((v) => v < 0.3), `generic field before the monsoon: ${upland}`);
  });

  it('gives a clear-sky pixel the NDVI of the curve within the noise, and the noise is there', async () => {
    const surface = fieldSurface(CHANNEL, projectorForEpsg(32644));
    let checked = 0;
    let squares = 0;
    for (const item of items.filter((i) => i.id.includes('_44Q'))) {
      const scene = await sceneOverField(dir, item, CHANNEL);
      const day = dayNumber(dateOf(item));
      const { window, mask } = scene.mask;
      for (let r = 0; r < window.height; r++) {
        for (let c = 0; c < window.width; c++) {
          const i = r * window.width + c;
          if (!mask[i] || ![4, 5].includes(scene.sclAt(c, r))) continue;
          const red = scene.bands.red[i]! * scene.scaling.red.scale + scene.scaling.red.offset;
          const nir = scene.bands.nir[i]! * scene.scaling.nir.scale + scene.scaling.nir.offset;
          const observed = (nir - red) / (nir + red);
          const x = scene.grid.originX + (window.x0 + c + 0.5) * 10;
          const y = scene.grid.originY - (window.y0 + r + 0.5) * 10;
          const expected = fieldNdviAt(surface, day, x, y);
          const residual = observed - expected;
          assert.ok(Math.abs(residual) <= FIELD_NDVI_NOISE + 0.002, `${item.id} (${c}, ${r}): ${observed} vs ${expected}`);
          squares += residual * residual;
          checked++;
        }
      }
    }
    assert.ok(checked > 3000, `${checked} clear pixels`);
    const rms = Math.sqrt(squares / checked);
    assert.ok(rms > 0.005 && rms < 0.02, `noise rms ${rms}`);
  });

  it('marks clouds, shadows and cirrus in SCL (3, 8, 9, 10) where the pixels are bright or dark, and cloudPct sees them', async () => {
    const cloudClasses = new Set([3, 8, 9, 10]);
    let cloudyScenes = 0;
    let clearScenes = 0;
    const seen = new Set<number>();
    let brightCloud = 0;
    let darkShadow = 0;
    for (const item of items) {
      const sclImage = await (await fromFile(assetPath(dir, item, 'scl'))).getImage();
      const [scl] = (await sclImage.readRasters()) as unknown as [Uint8Array];
      for (const v of scl) seen.add(v);
      const cloudy = scl.filter((v) => v === 8 || v === 9 || v === 10).length;
      assert.ok(Math.abs(item.properties['eo:cloud_cover'] - (cloudy / scl.length) * 100) < 1e-4, `${item.id} eo:cloud_cover`);

      const field = item.id.includes('_43R') ? TUBEWELL : CHANNEL;
      const scene = await sceneOverField(dir, item, field);
      const classes = new Set<number>();
      for (let r = 0; r < scene.mask.window.height; r++) {
        for (let c = 0; c < scene.mask.window.width; c++) {
          if (scene.mask.mask[r * scene.mask.window.width + c]) classes.add(scene.sclAt(c, r));
        }
      }
      const cloudOverField = [...classes].some((v) => cloudClasses.has(v));
      assert.equal(scene.stats.cloudPct > 0, cloudOverField, `${item.id}: cloudPct ${scene.stats.cloudPct}, classes ${[...classes]}`);
      if (cloudOverField) cloudyScenes++;
      else clearScenes++;

      // Reflectance under the classes: clouds bright, shadows dark.
      const red = await (await fromFile(assetPath(dir, item, 'red'))).getImage();
      const nir = await (await fromFile(assetPath(dir, item, 'nir'))).getImage();
      const [redDn] = (await red.readRasters()) as unknown as [Uint16Array];
      const [nirDn] = (await nir.readRasters()) as unknown as [Uint16Array];
      const width = red.getWidth();
      const sum: Record<number, { red: number; nir: number; n: number }> = {};
      for (let i = 0; i < redDn.length; i++) {
        const cls = scl[Math.floor(Math.floor(i / width) / 2) * (width / 2) + Math.floor((i % width) / 2)]!;
        const s = (sum[cls] ??= { red: 0, nir: 0, n: 0 });
        s.red += redDn[i]! * 0.0001 - 0.1;
        s.nir += nirDn[i]! * 0.0001 - 0.1;
        s.n++;
      }
      if (sum[9]) {
        assert.ok(sum[9].red / sum[9].n > 0.4, `${item.id}: thick cloud is bright`);
        brightCloud++;
      }
      const ground = [4, 5].map((c) => sum[c]).filter((s) => s !== undefined);
      if (sum[3] && sum[3].n > 50 && ground.length > 0) {
        const groundNir = ground.reduce((a, s) => a + s.nir, 0) / ground.reduce((a, s) => a + s.n, 0);
        assert.ok(sum[3].nir / sum[3].n < 0.8 * groundNir, `${item.id}: shadow is dark`);
        darkShadow++;
      }
    }
    assert.ok(cloudyScenes >= 5 && clearScenes >= 20, `${cloudyScenes} cloudy, ${clearScenes} clear over the fields`);
    assert.ok(brightCloud > 0 && darkShadow > 0);
    for (const v of [3, 4, 5, 7, 8, 9, 10]) assert.ok(seen.has(v), `SCL ${v} occurs`);
    assert.ok(
      [...seen].every((v) => v >= 3 && v <= 10),
      `only Sen2Cor classes 3–10: ${[...seen]}`,
    );
  });

  it('clouds about a third of the monsoon scenes and few winter ones', () => {
    // Rendering only (no files): three demo windows over two years.
    const cloudy = { monsoon: 0, monsoonAll: 0, winter: 0, winterAll: 0 };
    const fields = [TUBEWELL, HOME_FIELD, CHANNEL];
    for (const plan of planSyntheticTiles(fields)) {
      const tile = prepareTile({ ...plan, fields: plan.drawnFieldIds.map((id) => fields.find((f) => f.id === id)!) });
      for (const scene of planSyntheticScenes(plan, dayNumber('2024-01-01'), dayNumber('2025-12-31'), Infinity)) {
        const month = Number(scene.date.slice(5, 7));
        const rendered = renderScene(tile, scene.acquiredAt);
        // As eo:cloud_cover counts: medium and high probability cloud and thin cirrus.
        const cover = ((rendered.sclCounts[8]! + rendered.sclCounts[9]! + rendered.sclCounts[10]!) / rendered.scl.length) * 100;
        if (month >= 6 && month <= 9) {
          cloudy.monsoonAll++;
          if (cover >= 10) cloudy.monsoon++;
        } else if (month === 12 || month <= 2) {
          cloudy.winterAll++;
          if (cover >= 10) cloudy.winter++;
        }
      }
    }
    const monsoon = cloudy.monsoon / cloudy.monsoonAll;
    const winter = cloudy.winter / cloudy.winterAll;
    assert.ok(monsoon > 0.2 && monsoon < 0.45, `monsoon: ${monsoon}`);
    assert.ok(winter < 0.15, `winter: ${winter}`);
  });

  it('gives each field the window of its home cell on a fixed 2 km lattice, drawing every field that reaches into it', () => {
    const all = [TUBEWELL, ROAD_SIDE, HOME_FIELD, CHANNEL, UPLAND];
    const plans = planSyntheticTiles(all);
    assert.deepEqual([...new Set(plans.map((p) => p.epsg))], [32643, 32644], 'Ludhiana in UTM 43N, Guntur in 44N');
    for (const plan of plans) {
      assert.ok(plan.grid.width % 16 === 0 && plan.grid.height % 16 === 0);
      assert.equal(plan.sequence, (plan.cell.y % 50) * 50 + (plan.cell.x % 50), 'the cell is named by its place in the 100 km square');
      assert.equal(plan.key, `${plan.mgrs.code}-${plan.sequence}`);
      const project = projectorForEpsg(plan.epsg);
      for (const field of all.filter((f) => plan.fieldIds.includes(f.id))) {
        const xs: number[] = [];
        const ys: number[] = [];
        for (const [lon, lat] of (field.boundary as Polygon).coordinates[0]!) {
          const [x, y] = project(lon!, lat!);
          xs.push(x);
          ys.push(y);
          const g: PixelGrid = plan.grid;
          // At least the 400 m margin on every side.
          assert.ok(
            x - g.originX >= 400 && g.originX + g.width * 10 - x >= 400 && g.originY - y >= 400 && y - (g.originY - g.height * 10) >= 400,
          );
        }
        // The centre of the field's box is in the home cell.
        assert.equal(Math.floor((Math.min(...xs) + Math.max(...xs)) / 2 / TILE_CELL_M), plan.cell.x);
        assert.equal(Math.floor((Math.min(...ys) + Math.max(...ys)) / 2 / TILE_CELL_M), plan.cell.y);
      }
    }
    // A window depends on the fields near it alone: planning Ludhiana's fields without Guntur's gives the same windows.
    const ludhiana = planSyntheticTiles([TUBEWELL, ROAD_SIDE, HOME_FIELD]);
    assert.deepEqual(
      ludhiana,
      plans.filter((p) => p.epsg === 32643),
    );

    // Two plots either side of a cell boundary, 100 m apart: each is home in its own cell and drawn in both windows.
    const utm = proj4('EPSG:4326', '+proj=utm +zone=43 +datum=WGS84 +units=m +no_defs');
    const square = (x: number, y: number): Polygon => {
      const ring = [
        [x, y],
        [x + 100, y],
        [x + 100, y + 100],
        [x, y + 100],
        [x, y],
      ].map((p) => utm.inverse(p) as [number, number]);
      return { type: 'Polygon', coordinates: [ring] };
    };
    const west: SyntheticCatalogField = { id: 'west', boundary: square(601_850, 3_420_500) };
    const east: SyntheticCatalogField = { id: 'east', boundary: square(602_050, 3_420_500) };
    const pair = planSyntheticTiles([west, east]);
    assert.deepEqual(
      pair.map((p) => p.fieldIds),
      [['west'], ['east']],
    );
    assert.deepEqual(
      pair.map((p) => p.drawnFieldIds),
      [
        ['east', 'west'],
        ['east', 'west'],
      ],
    );
    assert.notEqual(pair[0]!.key, pair[1]!.key);
  });

  it('changes the digest of a window only when a field drawn in it changes', () => {
    const all = [TUBEWELL, ROAD_SIDE, HOME_FIELD, CHANNEL, UPLAND];
    const digests = (fields: SyntheticCatalogField[]) => {
      const byId = new Map(fields.map((f) => [f.id, f]));
      return new Map(planSyntheticTiles(fields).map((p) => [p.key, tileDigest(p, byId)]));
    };
    const before = digests(all);
    const sown = all.map((f) => (f.id === 'guntur-channel' ? { ...f, crops: [{ crop: 'cotton', sowingDate: '2025-06-20' }] } : f));
    const after = digests(sown);
    const changed = [...before.keys()].filter((key) => before.get(key) !== after.get(key));
    const channelWindows = planSyntheticTiles(all)
      .filter((p) => p.drawnFieldIds.includes('guntur-channel'))
      .map((p) => p.key);
    assert.deepEqual(changed.sort(), channelWindows.sort());
    assert.ok(changed.length >= 1 && changed.length < before.size);
  });

  it('writes no scene after now, and a rerun over another range replaces the items of the last one', async () => {
    const other = await mkdtemp(join(tmpdir(), 'kheti-synthetic-rerun-'));
    try {
      const first = await writeSyntheticCatalog(other, [TUBEWELL], { from: '2025-06-01', to: '2025-06-30', now: '2025-06-16T00:00:00Z' });
      assert.equal(first.items, 3);
      const second = await writeSyntheticCatalog(other, [TUBEWELL], { from: '2025-07-01', to: '2025-07-20', now: NOW });
      assert.equal(second.items, 4);
      const left = await readItems(other);
      assert.equal(left.length, 4);
      assert.ok(left.every((item) => dateOf(item) >= '2025-07-01'));
      const dirs = (await readdir(join(other, 'items'), { withFileTypes: true }))
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort();
      assert.deepEqual(dirs, left.map((item) => item.id).sort());
      assert.equal((await listFiles(other)).length, second.files);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it('refuses bad ranges and dates', async () => {
    await assert.rejects(writeSyntheticCatalog(dir, FIELDS, { from: '2025-13-01', to: TO }), RangeError);
    await assert.rejects(writeSyntheticCatalog(dir, FIELDS, { from: TO, to: FROM }), RangeError);
    await assert.rejects(
      writeSyntheticCatalog(dir, [{ ...TUBEWELL, crop: { crop: 'paddy', sowingDate: '2025-06-20', expectedHarvestDate: '2025-06-01' } }], {
        from: FROM,
        to: TO,
      }),
      RangeError,
    );
    await assert.rejects(writeSyntheticCatalog(dir, [TUBEWELL, TUBEWELL], { from: FROM, to: TO }), RangeError);
  });
});
