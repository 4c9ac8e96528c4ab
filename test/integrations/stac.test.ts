import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it, mock } from 'node:test';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import type { Polygon } from 'geojson';
import { getDecoder } from 'geotiff';
import proj4 from 'proj4';
import { createCogReader } from '../../src/integrations/imagery/cog-reader.js';
import { NodeDeflateDecoder, useNativeDeflate } from '../../src/integrations/imagery/deflate-decoder.js';
import { ImageryError, type Scene, type SceneQuery } from '../../src/integrations/imagery/source.js';
import { createStacSource, type AssetRead } from '../../src/integrations/stac/index.js';
import { mulberry32 } from '../../src/lib/random.js';
import { utmProj4Definition, type Bounds } from '../../src/lib/raster/index.js';
import { writeGeoTiff } from '../support/geotiff.js';
import { startStacStub, type StacStub } from '../stubs/stac.js';

/**
 * A Sentinel-2 tile shrunk to ~10 km: 1024 × 1024 pixels at 10 m in UTM 43N (Nashik), 256 × 256
 * DEFLATE tiles with the horizontal predictor, and SCL at 20 m, 512 × 512 in 64 × 64 tiles. A tile
 * of SCL is then 1/64 of the file, nearer what a 512-pixel block is of a real 5490 × 5490 SCL
 * (1/121) than a 256 tile would be (1/4), which would make any reader look wasteful. Pixels are
 * pseudo-random, so tiles compress about equally and a test cannot pass by reading wrong bytes.
 */
const EPSG = 32643;
const ORIGIN = { x: 300_000, y: 2_220_000 };
const SIZE = 1024;
const SCL_SIZE = 512;
const COLLECTION = 'sentinel-2-l2a';
/** 320 m × 312.5 m = 10 ha, inside one 256-pixel tile (columns and rows 260–291). */
const FIELD: Bounds = { minX: 302_600, maxX: 302_920, maxY: 2_217_400, minY: 2_217_087.5 };
const FILES = { red: 'B04.tif', nir: 'B08.tif', green: 'B03.tif', blue: 'B02.tif', scl: 'SCL.tif' } as const;
type Band = keyof typeof FILES;
const BANDS = Object.keys(FILES) as Band[];

const toLonLat = proj4(utmProj4Definition(EPSG), 'WGS84');
const lonLat = (x: number, y: number) => toLonLat.forward([x, y]) as [number, number];
const polygonOf = (b: Bounds): Polygon => ({
  type: 'Polygon',
  coordinates: [[lonLat(b.minX, b.minY), lonLat(b.maxX, b.minY), lonLat(b.maxX, b.maxY), lonLat(b.minX, b.maxY), lonLat(b.minX, b.minY)]],
});
const TILE_BOUNDS: Bounds = { minX: ORIGIN.x, maxX: ORIGIN.x + SIZE * 10, minY: ORIGIN.y - SIZE * 10, maxY: ORIGIN.y };
const TILE_POLYGON = polygonOf(TILE_BOUNDS);
const FIELD_POLYGON = polygonOf(FIELD);
const bboxOf = (p: Polygon) => {
  const xs = p.coordinates[0]!.map((c) => c[0]!);
  const ys = p.coordinates[0]!.map((c) => c[1]!);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
};

const pixels: Record<Band, Uint8Array | Uint16Array> = {
  red: new Uint16Array(0),
  nir: new Uint16Array(0),
  green: new Uint16Array(0),
  blue: new Uint16Array(0),
  scl: new Uint8Array(0),
};

/** What was written over a window of a band. */
function expectedWindow(band: Band, x0: number, y0: number, width: number, height: number): number[] {
  const size = band === 'scl' ? SCL_SIZE : SIZE;
  const out: number[] = [];
  for (let y = y0; y < y0 + height; y++) for (let x = x0; x < x0 + width; x++) out.push(pixels[band][y * size + x]!);
  return out;
}

interface ItemOptions {
  id: string;
  datetime: string;
  cloud?: number;
  hrefs?: (band: Band) => string;
  properties?: Record<string, unknown>;
  collection?: string;
  polygon?: Polygon;
}

const rasterBands = [{ nodata: 0, data_type: 'uint16', spatial_resolution: 10, scale: 0.0001, offset: -0.1 }];

describe('STAC + Cloud-Optimized GeoTIFF', () => {
  let dir: string;
  let stub: StacStub;
  const httpHref = (band: Band) => stub.fileUrl(FILES[band]);
  const fileHref = (band: Band) => pathToFileURL(join(dir, FILES[band])).href;

  /** An Earth Search v1 sentinel-2-l2a item, trimmed to what matters plus a little noise. */
  const item = (o: ItemOptions): Record<string, unknown> => {
    const polygon = o.polygon ?? TILE_POLYGON;
    const hrefs = o.hrefs ?? httpHref;
    return {
      type: 'Feature',
      stac_version: '1.0.0',
      stac_extensions: ['https://stac-extensions.github.io/eo/v1.1.0/schema.json'],
      id: o.id,
      collection: o.collection ?? COLLECTION,
      bbox: bboxOf(polygon),
      geometry: polygon,
      properties: {
        datetime: o.datetime,
        platform: 'sentinel-2a',
        'eo:cloud_cover': o.cloud ?? 5,
        'proj:epsg': EPSG,
        'mgrs:utm_zone': 43,
        'grid:code': 'MGRS-43QCB',
        's2:processing_baseline': '05.09',
        'earthsearch:boa_offset_applied': true,
        ...o.properties,
      },
      assets: {
        ...Object.fromEntries(
          BANDS.map((band) => [
            band,
            {
              href: hrefs(band),
              type: 'image/tiff; application=geotiff; profile=cloud-optimized',
              roles: ['data'],
              ...(band === 'scl'
                ? { 'raster:bands': [{ nodata: 0, data_type: 'uint8', spatial_resolution: 20 }] }
                : { 'raster:bands': rasterBands }),
            },
          ]),
        ),
        'red-jp2': { href: 's3://sentinel-s2-l2a/tiles/43/Q/CB/2024/6/1/0/R10m/B04.jp2', type: 'image/jp2' },
        thumbnail: { href: 'https://sentinel-cogs.s3.us-west-2.amazonaws.com/thumbnail.jpg', type: 'image/jpeg' },
      },
      links: [{ rel: 'collection', href: 'https://earth-search.aws.element84.com/v1/collections/sentinel-2-l2a' }],
    };
  };

  const query = (over: Partial<SceneQuery> = {}): SceneQuery => ({
    boundary: FIELD_POLYGON,
    from: '2024-06-01',
    to: '2024-06-30',
    maxCloudPct: 20,
    ...over,
  });
  const source = (over: Partial<Parameters<typeof createStacSource>[0]> = {}) =>
    createStacSource({ apiUrl: stub.apiUrl, collection: COLLECTION, ...over });
  const rejection = async (promise: Promise<unknown>): Promise<ImageryError> => {
    const error = await promise.then(
      () => assert.fail('expected an ImageryError'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ImageryError, `expected an ImageryError, got ${String(error)}`);
    return error;
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kheti-stac-'));
    const common = { epsg: EPSG, originX: ORIGIN.x, originY: ORIGIN.y, noData: 0, compression: 'deflate' as const };
    let seed = 1;
    for (const band of BANDS) {
      const random = mulberry32(seed++);
      if (band === 'scl') {
        pixels.scl = Uint8Array.from({ length: SCL_SIZE * SCL_SIZE }, () => 1 + Math.floor(random() * 11));
        await writeGeoTiff(join(dir, FILES.scl), {
          ...common,
          width: SCL_SIZE,
          height: SCL_SIZE,
          data: pixels.scl,
          pixelWidth: 20,
          pixelHeight: 20,
          layout: { tileWidth: 64, tileHeight: 64 },
        });
      } else {
        pixels[band] = Uint16Array.from({ length: SIZE * SIZE }, () => 1 + Math.floor(random() * 9999));
        await writeGeoTiff(join(dir, FILES[band]), {
          ...common,
          width: SIZE,
          height: SIZE,
          data: pixels[band],
          pixelWidth: 10,
          pixelHeight: 10,
          layout: { tileWidth: 256, tileHeight: 256 },
          predictor: 2,
        });
      }
    }
    await writeFile(join(dir, 'not-a-tiff.tif'), 'this is not a TIFF file, only text padded out '.repeat(200));
    stub = await startStacStub(dir);
  });
  after(async () => {
    await stub.close();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => stub.reset());
  afterEach(() => mock.restoreAll());

  describe('search', () => {
    it('posts the field, dates, cloud limit and sort, follows next links and maps items to scenes', async () => {
      stub.setItems([
        item({ id: 'S2A_43QCB_20240603_0_L2A', datetime: '2024-06-03T05:36:41.024000Z', cloud: 3.5 }),
        item({
          id: 'S2B_43QCB_20240608_0_L2A',
          datetime: '2024-06-08T05:36:39.112000Z',
          cloud: 12,
          properties: { 'proj:epsg': undefined, 'proj:code': 'EPSG:32643' },
        }),
        item({
          id: 'S2A_43QCB_20240613_0_L2A',
          datetime: '2024-06-13T05:36:42.500000Z',
          cloud: 0.01,
          properties: { 's2:processing_baseline': '03.01', 'earthsearch:boa_offset_applied': false },
        }),
        item({ id: 'S2B_43QCB_20240618_0_L2A', datetime: '2024-06-18T05:36:40.000000Z', cloud: 19.99 }),
        item({ id: 'S2A_43QCB_20240623_0_L2A', datetime: '2024-06-23T05:36:40.000000Z', cloud: 7 }),
      ]);
      stub.setMaxLimit(2);
      const scenes = await source().search(query());
      assert.deepEqual(
        scenes.map((s) => s.id),
        [
          'S2A_43QCB_20240623_0_L2A',
          'S2B_43QCB_20240618_0_L2A',
          'S2A_43QCB_20240613_0_L2A',
          'S2B_43QCB_20240608_0_L2A',
          'S2A_43QCB_20240603_0_L2A',
        ],
      );

      assert.equal(stub.searchRequests.length, 3, 'three pages of two');
      const [first, second, third] = stub.searchRequests;
      assert.equal(first!.method, 'POST');
      assert.equal(first!.url.pathname, '/v1/search');
      assert.deepEqual(first!.body, {
        collections: [COLLECTION],
        intersects: FIELD_POLYGON,
        datetime: '2024-06-01T00:00:00Z/2024-06-30T23:59:59Z',
        query: { 'eo:cloud_cover': { lte: 20 } },
        limit: 100,
        sortby: [{ field: 'properties.datetime', direction: 'desc' }],
      });
      assert.deepEqual(second!.body, { ...first!.body, next: 't1' }, 're-posts links[rel=next].body');
      assert.equal(third!.body?.next, 't2');

      const byId = new Map(scenes.map((s) => [s.id, s]));
      const expected: Scene = {
        id: 'S2A_43QCB_20240603_0_L2A',
        provider: 'stac',
        collection: COLLECTION,
        acquiredAt: '2024-06-03T05:36:41.024Z',
        tileCloudPct: 3.5,
        epsg: EPSG,
        processingBaseline: '05.09',
        boaOffsetApplied: true,
        assets: {
          red: { href: stub.fileUrl('B04.tif'), rasterBands: [{ scale: 0.0001, offset: -0.1, nodata: 0 }] },
          nir: { href: stub.fileUrl('B08.tif'), rasterBands: [{ scale: 0.0001, offset: -0.1, nodata: 0 }] },
          green: { href: stub.fileUrl('B03.tif'), rasterBands: [{ scale: 0.0001, offset: -0.1, nodata: 0 }] },
          blue: { href: stub.fileUrl('B02.tif'), rasterBands: [{ scale: 0.0001, offset: -0.1, nodata: 0 }] },
          scl: { href: stub.fileUrl('SCL.tif'), rasterBands: [{ nodata: 0 }] },
        },
      };
      assert.deepEqual(byId.get('S2A_43QCB_20240603_0_L2A'), expected);
      assert.equal(byId.get('S2B_43QCB_20240608_0_L2A')!.epsg, EPSG, 'proj:code "EPSG:n" when proj:epsg is absent');
      assert.equal(byId.get('S2A_43QCB_20240613_0_L2A')!.processingBaseline, '03.01');
      assert.equal(byId.get('S2A_43QCB_20240613_0_L2A')!.boaOffsetApplied, false);
    });

    it('follows GET next links too, and stops at the page cap and the limit', async () => {
      stub.setItems(
        Array.from({ length: 5 }, (_, i) => item({ id: `S2A_43QCB_2024060${i + 1}_0_L2A`, datetime: `2024-06-0${i + 1}T05:36:00Z` })),
      );
      stub.setMaxLimit(1);
      stub.setNextMethod('GET');
      const scenes = await source({ maxPages: 3 }).search(query());
      assert.deepEqual(
        scenes.map((s) => s.id),
        ['S2A_43QCB_20240605_0_L2A', 'S2A_43QCB_20240604_0_L2A', 'S2A_43QCB_20240603_0_L2A'],
      );
      assert.deepEqual(
        stub.searchRequests.map((r) => `${r.method} ${r.url.search}`),
        ['POST ', 'GET ?next=t1', 'GET ?next=t2'],
      );

      stub.reset();
      const newest = await source().search(query({ limit: 2 }));
      assert.deepEqual(
        newest.map((s) => s.id),
        ['S2A_43QCB_20240605_0_L2A', 'S2A_43QCB_20240604_0_L2A'],
      );
      assert.equal(stub.searchRequests.length, 1);
      assert.equal(stub.searchRequests[0]!.body?.limit, 2);
    });

    it('keeps scenes up to the cloud limit and inside the whole days of the range, over the field only', async () => {
      stub.setItems([
        item({ id: 'at-limit', datetime: '2024-06-10T05:36:00Z', cloud: 20 }),
        item({ id: 'over-limit', datetime: '2024-06-11T05:36:00Z', cloud: 20.5 }),
        item({ id: 'first-second', datetime: '2024-06-01T00:00:00Z' }),
        item({ id: 'last-second', datetime: '2024-06-30T23:59:59Z' }),
        item({ id: 'before', datetime: '2024-05-31T23:59:59Z' }),
        item({ id: 'after', datetime: '2024-07-01T00:00:00Z' }),
        item({ id: 'other-collection', datetime: '2024-06-12T05:36:00Z', collection: 'sentinel-2-c1-l2a' }),
        item({
          id: 'elsewhere',
          datetime: '2024-06-12T05:36:00Z',
          polygon: polygonOf({ minX: 500_000, maxX: 510_000, minY: 2_100_000, maxY: 2_110_000 }),
        }),
      ]);
      const scenes = await source().search(query());
      assert.deepEqual(
        scenes.map((s) => s.id),
        ['last-second', 'at-limit', 'first-second'],
      );
    });

    it('asks again without sortby when the API has no sort extension, and sorts itself', async () => {
      stub.setItems(['2024-06-02', '2024-06-20', '2024-06-09'].map((d) => item({ id: d, datetime: `${d}T05:36:00Z` })));
      stub.setRejectSortby(true);
      const stac = source();
      assert.deepEqual(
        (await stac.search(query())).map((s) => s.id),
        ['2024-06-20', '2024-06-09', '2024-06-02'],
      );
      assert.deepEqual(
        stub.searchRequests.map((r) => r.body?.sortby !== undefined),
        [true, false],
      );
      await stac.search(query());
      assert.equal(stub.searchRequests.length, 3, 'remembered: one request for the next search');
    });

    it('turns a 500 into a retryable ImageryError that names no credentials', async () => {
      stub.setFailure(500);
      const error = await rejection(source().search(query()));
      assert.equal(error.provider, 'stac');
      assert.equal(error.reason, 'upstream_status');
      assert.equal(error.status, 500);
      assert.equal(error.retryable, true);

      // Credentials in STAC_API_URL go out as Basic authentication and never into a message.
      const withCredentials = stub.apiUrl.replace('http://', 'http://kheti:s3cret%21@');
      const failed = await rejection(source({ apiUrl: withCredentials }).search(query()));
      assert.doesNotMatch(failed.message, /s3cret|kheti:/);
      assert.equal(stub.searchRequests.at(-1)!.authorization, `Basic ${Buffer.from('kheti:s3cret!').toString('base64')}`);

      stub.setFailure(400);
      const bad = await rejection(source().search(query()));
      assert.equal(bad.retryable, false);
      assert.equal(stub.searchRequests.at(-1)!.body?.sortby, undefined, 'a 400 is also retried once without sortby');
      stub.setFailure(null);
      stub.setItems([]);
      await source().search(query());
      assert.ok(stub.searchRequests.at(-1)!.body?.sortby, 'but sortby stays when that did not help');
    });

    it('times out, and reports an unreachable API', async () => {
      stub.setDelay(300);
      const slow = await rejection(source({ timeoutMs: 50 }).search(query()));
      assert.equal(slow.reason, 'timeout');
      assert.equal(slow.retryable, true);

      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const { port } = closed.address() as AddressInfo;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const down = await rejection(createStacSource({ apiUrl: `http://127.0.0.1:${port}/v1`, collection: COLLECTION }).search(query()));
      assert.equal(down.reason, 'unavailable');
    });

    it('refuses a malformed item as an invalid response', async () => {
      const broken = item({ id: 'broken', datetime: '2024-06-10T05:36:00Z' });
      (broken.assets as Record<string, { href: unknown }>).red!.href = 42;
      stub.setItems([item({ id: 'fine', datetime: '2024-06-11T05:36:00Z' }), broken]);
      const error = await rejection(source().search(query()));
      assert.equal(error.reason, 'invalid_response');
      assert.match(error.message, /\/features\/1\/assets\/red\/href/);

      const noScl = item({ id: 'no-scl', datetime: '2024-06-10T05:36:00Z' });
      delete (noScl.assets as Record<string, unknown>).scl;
      stub.setItems([noScl]);
      assert.match((await rejection(source().search(query()))).message, /no "scl" asset/);

      const noEpsg = item({ id: 'no-epsg', datetime: '2024-06-10T05:36:00Z', properties: { 'proj:epsg': null } });
      stub.setItems([noEpsg]);
      assert.equal((await rejection(source().search(query()))).reason, 'invalid_response');
    });
  });

  describe('windows', () => {
    const scene = async (hrefs: (band: Band) => string, properties: Record<string, unknown> = {}) => {
      stub.setItems([item({ id: 'S2A_43QCB_20240613_0_L2A', datetime: '2024-06-13T05:36:42Z', hrefs, properties })]);
      const [found] = await source().search(query());
      stub.reset();
      return found!;
    };

    const assertFieldWindows = (windows: Awaited<ReturnType<ReturnType<typeof createStacSource>['readWindows']>>[number]) => {
      assert.equal(windows.epsg, EPSG);
      for (const band of ['red', 'nir', 'green', 'blue'] as const) {
        const { data, grid } = windows.bands[band];
        assert.deepEqual(grid, { originX: 302_600, originY: 2_217_400, resX: 10, resY: -10, width: 32, height: 32 });
        assert.ok(data instanceof Uint16Array);
        assert.deepEqual([...data], expectedWindow(band, 260, 260, 32, 32), `${band} values`);
      }
      const scl = windows.bands.scl;
      assert.deepEqual(scl.grid, { originX: 302_600, originY: 2_217_400, resX: 20, resY: -20, width: 16, height: 16 });
      assert.ok(scl.data instanceof Uint8Array);
      assert.deepEqual([...scl.data], expectedWindow('scl', 130, 130, 16, 16), 'scl values');
    };

    it('reads under 10 % of each file for a 10 ha field, with range requests, and the pixels written', async (t) => {
      const reads: AssetRead[] = [];
      const stac = source({ onAssetRead: (r) => reads.push(r) });
      const windows = (await stac.readWindows(await scene(httpHref), [FIELD]))[0]!;
      assertFieldWindows(windows);
      // Earth Search sets boa_offset_applied, so its declared −0.1 is not applied again.
      for (const band of ['red', 'nir', 'green', 'blue'] as const) assert.deepEqual(windows.scaling[band], { scale: 0.0001, offset: 0 });

      for (const band of BANDS) {
        const name = FILES[band];
        const share = stub.bytesServed(name) / stub.fileSize(name);
        t.diagnostic(`${name}: ${stub.bytesServed(name)} of ${stub.fileSize(name)} bytes (${(share * 100).toFixed(2)} %)`);
        assert.ok(share < 0.1, `${name}: read ${(share * 100).toFixed(1)} % of the file`);
        const read = reads.find((r) => r.band === band)!;
        assert.equal(read.bytesRead, stub.bytesServed(name), 'the reader counts what the server sent');
        assert.equal(read.fileSize, stub.fileSize(name));
        assert.equal(read.sceneId, 'S2A_43QCB_20240613_0_L2A');
      }
      assert.ok(
        stub.fileRequests.every((r) => r.status === 206 && /^bytes=\d+-\d+$/.test(r.range ?? '')),
        'only single ranges, all answered 206',
      );
      assert.ok(stub.fileRequests.length <= 10, `two requests per asset (header, tile), got ${stub.fileRequests.length}`);
    });

    it('reads several areas of a scene together: each header and each shared tile once', async () => {
      const inflate = mock.method(zlib, 'inflateSync');
      try {
        const east = { ...FIELD, minX: FIELD.minX + 100, maxX: FIELD.maxX + 100 }; // 10 pixels east, same tiles
        const windows = await source().readWindows(await scene(httpHref), [FIELD, east]);
        assert.equal(windows.length, 2);
        assertFieldWindows(windows[0]!);
        for (const band of ['red', 'nir', 'green', 'blue'] as const) {
          assert.equal(windows[1]!.bands[band].grid.originX, 302_700);
          assert.deepEqual([...windows[1]!.bands[band].data], expectedWindow(band, 270, 260, 32, 32), `${band} values east`);
        }
        assert.equal(stub.fileRequests.length, 10, 'a header and a tile per asset, for both areas');
        assert.equal(inflate.mock.callCount(), 5, 'each shared tile inflated once');
      } finally {
        inflate.mock.restore();
      }
    });

    it('reads file:// hrefs, from a remote item or a local static catalog, to the same values', async () => {
      const windows = (await source().readWindows(await scene(fileHref), [FIELD]))[0]!;
      assertFieldWindows(windows);
      assert.equal(stub.fileRequests.length, 0);

      // The offline twin: items on disk with hrefs relative to the item file.
      const catalog = join(dir, 'catalog');
      await mkdir(join(catalog, 'items'), { recursive: true });
      const local = (id: string, datetime: string, cloud: number, polygon?: Polygon) =>
        writeFile(
          join(catalog, 'items', `${id}.json`),
          JSON.stringify(item({ id, datetime, cloud, hrefs: (band) => `../../${FILES[band]}`, ...(polygon ? { polygon } : {}) })),
        );
      await writeFile(
        join(catalog, 'catalog.json'),
        JSON.stringify({ type: 'Catalog', id: 'kheti-synthetic', stac_version: '1.0.0', description: 'twin', links: [] }),
      );
      await local('twin-0610', '2024-06-10T05:36:00Z', 4);
      await local('twin-0620', '2024-06-20T05:36:00Z', 2);
      await local('twin-cloudy', '2024-06-15T05:36:00Z', 80);
      await local('twin-july', '2024-07-02T05:36:00Z', 1);
      await local(
        'twin-elsewhere',
        '2024-06-12T05:36:00Z',
        1,
        polygonOf({ minX: 500_000, maxX: 510_000, minY: 2_100_000, maxY: 2_110_000 }),
      );
      const twin = source({ catalogDir: catalog, apiUrl: 'http://127.0.0.1:9/unused' });
      assert.equal(twin.name, 'synthetic');
      const scenes = await twin.search(query());
      assert.deepEqual(
        scenes.map((s) => s.id),
        ['twin-0620', 'twin-0610'],
      );
      assert.equal(scenes[0]!.provider, 'synthetic');
      assert.equal(scenes[0]!.assets.red.href, fileHref('red'));
      assertFieldWindows((await twin.readWindows(scenes[0]!, [FIELD]))[0]!);
      assert.deepEqual(await source({ catalogDir: join(dir, 'no-such-catalog') }).search(query()), []);
    });

    it('inflates DEFLATE tiles with node:zlib, not pako', async () => {
      useNativeDeflate();
      const params = { tileWidth: 256, tileHeight: 256, predictor: 1, bitsPerSample: 16, planarConfiguration: 1 };
      assert.ok((await getDecoder(8, params)) instanceof NodeDeflateDecoder);
      assert.ok((await getDecoder(32946, params)) instanceof NodeDeflateDecoder);
      const inflate = mock.method(zlib, 'inflateSync');
      assertFieldWindows((await source().readWindows(await scene(fileHref), [FIELD]))[0]!);
      assert.equal(inflate.mock.callCount(), 5, 'one tile per band');
    });

    it('gives empty windows for bounds off the tile, and the scaling the item declares', async () => {
      const windows = (
        await source().readWindows(await scene(httpHref, { 'earthsearch:boa_offset_applied': false }), [
          { minX: 400_000, maxX: 400_320, minY: 2_000_000, maxY: 2_000_320 },
        ])
      )[0]!;
      for (const band of BANDS) assert.equal(windows.bands[band].data.length, 0);
      assert.equal(windows.bands.red.grid.width, 0);
      assert.deepEqual(windows.scaling.red, { scale: 0.0001, offset: -0.1 });
      assert.equal(stub.fileRequests.length, 5, 'only the headers');
    });

    it('reports unusable assets as ImageryErrors without credentials', async () => {
      const signed = (band: Band) => `${stub.fileUrl(FILES[band])}?X-Amz-Credential=AKIAEXAMPLE&X-Amz-Signature=secret`;
      stub.setItems([item({ id: 'signed', datetime: '2024-06-13T05:36:42Z', hrefs: signed })]);
      const [signedScene] = await source().search(query());
      stub.setFileFailure(403);
      const denied = await rejection(source().readWindows(signedScene!, [FIELD]));
      assert.equal(denied.reason, 'unauthorized');
      assert.doesNotMatch(denied.message, /secret|AKIA/);
      stub.setFileFailure(null);

      const plain = await scene(httpHref);
      stub.setIgnoreRanges(true);
      assert.match((await rejection(source().readWindows(plain, [FIELD]))).message, /whole file/);
      stub.setIgnoreRanges(false);

      const notTiff = await rejection(
        source().readWindows(await scene((band) => (band === 'nir' ? stub.fileUrl('not-a-tiff.tif') : httpHref(band))), [FIELD]),
      );
      assert.equal(notTiff.reason, 'invalid_response');
      const missing = await rejection(
        source().readWindows(await scene((band) => (band === 'scl' ? pathToFileURL(join(dir, 'missing.tif')).href : fileHref(band))), [
          FIELD,
        ]),
      );
      assert.equal(missing.reason, 'upstream_status');
      assert.equal(missing.status, 404);
      const slow = await scene(httpHref);
      stub.setDelay(200);
      const late = await rejection(source({ timeoutMs: 50 }).readWindows(slow, [FIELD]));
      assert.equal(late.reason, 'timeout');
      stub.setDelay(0);

      const wrongCrs = await rejection(source().readWindows(await scene(fileHref, { 'proj:epsg': 32644 }), [FIELD]));
      assert.match(wrongCrs.message, /EPSG:32643, the item says EPSG:32644/);
    });

    it('decodes predictor-2 tiles and strips of 8 and 16 bits, partial edge blocks included', async () => {
      const random = mulberry32(99);
      const width = 100;
      const height = 70;
      const cases = [
        {
          name: 'u8-tiles-p2.tif',
          data: Uint8Array.from({ length: width * height }, () => Math.floor(random() * 256)),
          layout: { tileWidth: 32, tileHeight: 32 },
          predictor: 2 as const,
        },
        {
          name: 'u16-strips-p2.tif',
          data: Uint16Array.from({ length: width * height }, () => Math.floor(random() * 65_536)),
          layout: { rowsPerStrip: 7 },
          predictor: 2 as const,
        },
        // Rows of an even number of samples are undone two samples at a time; odd ones one by one.
        {
          name: 'u16-tiles-p2.tif',
          data: Uint16Array.from({ length: width * height }, () => Math.floor(random() * 65_536)),
          layout: { tileWidth: 32, tileHeight: 16 },
          predictor: 2 as const,
        },
        {
          name: 'u16-odd-strips-p2.tif',
          width: 99,
          data: Uint16Array.from({ length: 99 * height }, () => Math.floor(random() * 65_536)),
          layout: { rowsPerStrip: 5 },
          predictor: 2 as const,
        },
        {
          name: 'u16-tiles-p1.tif',
          data: Uint16Array.from({ length: width * height }, () => Math.floor(random() * 65_536)),
          layout: { tileWidth: 48, tileHeight: 16 },
          predictor: 1 as const,
        },
      ];
      const reader = createCogReader({ provider: 'stac' });
      try {
        for (const c of cases) {
          const cols: number = 'width' in c && c.width !== undefined ? c.width : width;
          await writeGeoTiff(join(dir, c.name), {
            epsg: EPSG,
            originX: ORIGIN.x,
            originY: ORIGIN.y,
            pixelWidth: 10,
            pixelHeight: 10,
            width: cols,
            height,
            data: c.data,
            layout: c.layout,
            compression: 'deflate',
            predictor: c.predictor,
          });
          const href = pathToFileURL(join(dir, c.name)).href;
          // The second window reuses tiles the first kept, some of whose rows it already made ready.
          for (const [x0, y0, w, h] of [
            [0, 0, cols, height],
            [31, 15, 40, 33],
            [35, 10, 20, 10],
            [89, 60, 10, 10],
            [5, 66, 3, 4],
          ] as [number, number, number, number][]) {
            const bounds = {
              minX: ORIGIN.x + x0 * 10,
              maxX: ORIGIN.x + (x0 + w) * 10,
              maxY: ORIGIN.y - y0 * 10,
              minY: ORIGIN.y - (y0 + h) * 10,
            };
            const window = await reader.window(href, bounds);
            const expected: number[] = [];
            for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) expected.push(c.data[y * cols + x]!);
            assert.deepEqual([...window.data], expected, `${c.name} window ${x0},${y0} ${w}×${h}`);
            assert.equal(window.data.constructor, c.data.constructor);
          }
        }
      } finally {
        await reader.close();
      }
    });

    it('inflates a tile once for the windows of a reader that take part of it, and keeps no tile a window takes whole', async () => {
      const inflate = mock.method(zlib, 'inflateSync');
      const href = fileHref('red');
      const reader = createCogReader({ provider: 'stac' });
      try {
        await reader.window(href, FIELD);
        assert.equal(inflate.mock.callCount(), 1);
        await reader.window(href, { ...FIELD, minX: FIELD.minX + 200, maxX: FIELD.maxX + 200 }); // same tile
        assert.equal(inflate.mock.callCount(), 1, 'served from the decoded tile');
        // Tiles 0–1 × 0–1 (2560 m each) whole: the field's tile (1, 1) comes from the cache, the
        // other three are inflated and not kept.
        const whole = { minX: ORIGIN.x, maxX: ORIGIN.x + 5120, maxY: ORIGIN.y, minY: ORIGIN.y - 5120 };
        const before = inflate.mock.callCount();
        await reader.window(href, whole);
        assert.equal(inflate.mock.callCount(), before + 3);
        await reader.window(href, { minX: ORIGIN.x + 100, maxX: ORIGIN.x + 200, maxY: ORIGIN.y - 100, minY: ORIGIN.y - 200 });
        assert.equal(inflate.mock.callCount(), before + 4, 'a tile read whole was not kept');
      } finally {
        await reader.close();
      }
      const uncached = createCogReader({ provider: 'stac', tileCacheBytes: 0 });
      try {
        const before = inflate.mock.callCount();
        await uncached.window(href, FIELD);
        await uncached.window(href, FIELD);
        assert.equal(inflate.mock.callCount(), before + 2, 'tileCacheBytes: 0 keeps nothing');
      } finally {
        await uncached.close();
        inflate.mock.restore();
      }
    });

    it('keeps one opened file per href within a reader', async () => {
      const reader = createCogReader({ provider: 'stac' });
      try {
        const href = httpHref('red');
        await reader.window(href, FIELD);
        const once = reader.stats(href);
        await reader.window(href, FIELD);
        assert.deepEqual(reader.stats(href), once, 'the second window of the same bounds is served from what was read');
        await reader.window(href, { ...FIELD, minX: FIELD.minX + 3000, maxX: FIELD.maxX + 3000 });
        assert.equal(reader.stats(href).requests, once.requests + 1, 'another tile: one request, no second header');
      } finally {
        await reader.close();
      }
    });
  });
});
