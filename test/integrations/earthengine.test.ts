import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { decodeJwt, decodeProtectedHeader, exportPKCS8, generateKeyPair, type CryptoKey } from 'jose';
import { ImageryError, type Scene, type SceneQuery } from '../../src/integrations/imagery/source.js';
import {
  checkComputePixelsLimits,
  createEarthEngineSource,
  type EarthEngineSourceOptions,
} from '../../src/integrations/earthengine/index.js';
import { projectBoundary, projectorForEpsg, reflectanceScaling, type Bounds, type PixelGrid } from '../../src/lib/raster/index.js';
import { plot } from '../support/geometry.js';
import { COLLECTION, EE_SCOPE, FAKE_IMAGES, pixelValue, startEarthEngineStub, type EarthEngineStub } from '../stubs/earthengine.js';

const PROJECT = 'kheti-ee-test';
const EMAIL = 'kheti-imagery@kheti-ee-test.iam.gserviceaccount.com';
const KEY_ID = '5f2b0c9d8e7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c';
const FIELD = plot(19.9975, 73.7898); // about 1 ha near Nashik, UTM 43N
const JANUARY: SceneQuery = { boundary: FIELD, from: '2024-01-01', to: '2024-01-31', maxCloudPct: 20 };

let clock = Date.parse('2024-02-01T06:00:00Z');
const now = () => clock;

/** Every error the tests saw, checked at the end for secrets. */
const seen: Error[] = [];
async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof Error);
    seen.push(error);
    return error;
  }
  assert.fail('expected a rejection');
}

/** The field's bounding box in the tile's CRS. */
function fieldBounds(): Bounds {
  const ring = projectBoundary(FIELD, projectorForEpsg(32643))[0]![0]!;
  const xs = ring.filter((_, i) => i % 2 === 0);
  const ys = ring.filter((_, i) => i % 2 === 1);
  return { minX: Math.min(...xs), minY: Math.min(...ys), maxX: Math.max(...xs), maxY: Math.max(...ys) };
}

/** The window of a band grid (origin 300000, 2300040) whose pixels cover bounds, computed independently. */
function expectedWindow(bounds: Bounds, res: number): PixelGrid & { col0: number; row0: number } {
  const col0 = Math.floor((bounds.minX - 300000) / res);
  const col1 = Math.ceil((bounds.maxX - 300000) / res);
  const row0 = Math.floor((2300040 - bounds.maxY) / res);
  const row1 = Math.ceil((2300040 - bounds.minY) / res);
  return {
    col0,
    row0,
    originX: 300000 + col0 * res,
    originY: 2300040 - row0 * res,
    resX: res,
    resY: -res,
    width: col1 - col0,
    height: row1 - row0,
  };
}

describe('Google Earth Engine', () => {
  let stub: EarthEngineStub;
  let dir: string;
  let keyFile: string;
  let privatePem: string;
  let otherPem: string;

  const keyJson = (pem: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      type: 'service_account',
      project_id: PROJECT,
      private_key_id: KEY_ID,
      private_key: pem,
      client_email: EMAIL,
      client_id: '104729384756102938475',
      auth_uri: 'https://accounts.google.com/o/oauth2/auth',
      token_uri: 'https://oauth2.googleapis.com/token',
      ...extra,
    });
  const source = (overrides: Partial<EarthEngineSourceOptions> = {}) =>
    createEarthEngineSource({
      project: PROJECT,
      credentialsFile: keyFile,
      baseUrl: stub.baseUrl,
      tokenUrl: stub.tokenUrl,
      now,
      ...overrides,
    });
  /** PEM body lines long enough to be unmistakable. */
  const pemLines = (pem: string) => pem.split('\n').filter((line) => line.length > 40);

  before(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    const other = await generateKeyPair('RS256', { extractable: true });
    privatePem = await exportPKCS8(pair.privateKey);
    otherPem = await exportPKCS8(other.privateKey);
    stub = await startEarthEngineStub({ publicKey: pair.publicKey as CryptoKey, clientEmail: EMAIL, keyId: KEY_ID, project: PROJECT, now });
    dir = await mkdtemp(join(tmpdir(), 'kheti-ee-'));
    keyFile = join(dir, 'service-account.json');
    await writeFile(keyFile, keyJson(privatePem));
  });
  after(async () => {
    await stub.close();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    stub.reset();
    clock = Date.parse('2024-02-01T06:00:00Z');
  });

  describe('service-account sign-in', () => {
    it('signs an RS256 JWT bearer grant and caches the token: two reads, one token request', async () => {
      const first = stub.issuedTokens.length;
      const ee = source();
      await ee.search(JANUARY);
      await ee.search(JANUARY);
      assert.equal(stub.count('token'), 1);
      assert.equal(stub.count('listAssets'), 2);

      const grant = stub.requests.find((r) => r.kind === 'token')!;
      assert.equal(grant.headers['content-type'], 'application/x-www-form-urlencoded');
      const form = grant.body as Record<string, string>;
      assert.equal(form.grant_type, 'urn:ietf:params:oauth:grant-type:jwt-bearer');
      assert.deepEqual(decodeProtectedHeader(form.assertion!), { alg: 'RS256', typ: 'JWT', kid: KEY_ID });
      const claims = decodeJwt(form.assertion!);
      assert.equal(claims.iss, EMAIL);
      assert.equal(claims.aud, stub.tokenUrl, 'aud is the configured token URL, not the key file token_uri');
      assert.equal(claims.scope, EE_SCOPE);
      assert.equal(claims.iat, Math.floor(clock / 1000));
      assert.equal(claims.exp! - claims.iat!, 3600);

      const list = stub.requests.find((r) => r.kind === 'listAssets')!;
      assert.equal(list.headers.authorization, `Bearer ${stub.issuedTokens[first]}`);
      assert.equal(list.headers['x-goog-user-project'], PROJECT);
    });

    it('signs in again shortly before the token expires', async () => {
      stub.setTokenLifetime(3600);
      const first = stub.issuedTokens.length;
      const ee = source();
      await ee.search(JANUARY);
      clock += 3600_000 - 61_000;
      await ee.search(JANUARY);
      assert.equal(stub.count('token'), 1, 'a token with more than a minute left is reused');
      clock += 2_000;
      await ee.search(JANUARY);
      assert.equal(stub.count('token'), 2, 'within the last minute it is renewed');
      clock += 3600_000;
      await ee.search(JANUARY);
      assert.equal(stub.count('token'), 3, 'an expired one too');
      const used = stub.requests.filter((r) => r.kind === 'listAssets').map((r) => r.headers.authorization);
      assert.deepEqual(
        used,
        [0, 0, 1, 2].map((i) => `Bearer ${stub.issuedTokens[first + i]}`),
      );
    });

    it('shares one sign-in among concurrent callers', async () => {
      const ee = source();
      await Promise.all([ee.search(JANUARY), ee.search(JANUARY), ee.search(JANUARY), ee.search(JANUARY)]);
      assert.equal(stub.count('token'), 1);
      assert.equal(stub.count('listAssets'), 4);
    });

    it('replaces a token Earth Engine refuses, once', async () => {
      const ee = source();
      await ee.search(JANUARY);
      stub.revokeTokens();
      const scenes = await ee.search(JANUARY);
      assert.equal(scenes.length, 3);
      assert.equal(stub.count('token'), 2);
      assert.deepEqual(
        stub.requests.map((r) => r.kind),
        ['token', 'listAssets', 'listAssets', 'token', 'listAssets'],
      );
    });

    it('answers unauthorized when Google refuses the key, and says nothing secret', async () => {
      const wrongKey = join(dir, 'wrong-key.json');
      await writeFile(wrongKey, keyJson(otherPem));
      const error = await failure(source({ credentialsFile: wrongKey }).search(JANUARY));
      assert.ok(error instanceof ImageryError);
      assert.equal(error.reason, 'unauthorized');
      assert.equal(error.status, 400);
      assert.equal(error.retryable, false);
      assert.match(error.message, /invalid_grant/);
      assert.equal(stub.count('token'), 1);
      assert.equal(stub.count('listAssets'), 0);
      for (const secret of [...pemLines(otherPem), ...stub.assertions]) assert.ok(!error.message.includes(secret));
    });

    it('answers unauthorized for a missing or malformed key file, before any request', async () => {
      const cases: [string, string | undefined][] = [
        ['missing.json', undefined],
        ['not-json.json', 'this is not json'],
        ['no-key.json', JSON.stringify({ type: 'service_account', client_email: EMAIL, private_key_id: KEY_ID })],
        [
          'user-credentials.json',
          JSON.stringify({ type: 'authorized_user', client_id: 'x', client_secret: 'd-FL95Q19q7MQmFpd7hHD0Ty', refresh_token: '1//0gLcZ' }),
        ],
        [
          'bad-pem.json',
          keyJson('-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n'),
        ],
      ];
      for (const [name, content] of cases) {
        const path = join(dir, name);
        if (content !== undefined) await writeFile(path, content);
        const error = await failure(source({ credentialsFile: path }).search(JANUARY));
        assert.ok(error instanceof ImageryError, name);
        assert.equal(error.reason, 'unauthorized', name);
        assert.match(error.message, /GOOGLE_APPLICATION_CREDENTIALS|private_key/, name);
        assert.ok(!error.message.includes(dir), `${name}: the path is not repeated`);
        for (const secret of ['d-FL95Q19q7MQmFpd7hHD0Ty', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7'])
          assert.ok(!error.message.includes(secret), name);
      }
      assert.equal(stub.count(), 0);
    });
  });

  describe('search', () => {
    it('lists COPERNICUS/S2_SR_HARMONIZED over the field with time, cloud and region filters, newest first', async () => {
      const scenes = await source().search(JANUARY);
      assert.deepEqual(
        scenes.map((s) => s.id),
        [FAKE_IMAGES[3]!.index, FAKE_IMAGES[2]!.index, FAKE_IMAGES[0]!.index],
      );
      const request = stub.requests.find((r) => r.kind === 'listAssets')!;
      assert.equal(request.url.pathname, `/v1/projects/earthengine-public/assets/${COLLECTION}:listAssets`);
      assert.equal(request.url.searchParams.get('view'), 'FULL');
      const filter = request.url.searchParams.get('filter')!;
      assert.match(
        filter,
        /^startTime >= "2024-01-01T00:00:00Z" AND startTime < "2024-02-01T00:00:00Z" AND properties\.CLOUDY_PIXEL_PERCENTAGE <= 20 AND intersects\("\{'type':'Polygon','coordinates':\[\[\[73\.78935,19\.99705\],/,
      );

      const lastDay = await source().search({ ...JANUARY, from: '2024-01-20', to: '2024-01-20' });
      assert.deepEqual(
        lastDay.map((s) => s.id),
        [FAKE_IMAGES[3]!.index],
        'to is inclusive',
      );
      assert.equal((await source().search({ ...JANUARY, limit: 2 })).length, 2);
      assert.equal((await source().search({ ...JANUARY, maxCloudPct: 100 })).length, 4);
      assert.deepEqual(await source().search({ ...JANUARY, boundary: plot(30.9, 75.85) }), [], 'Ludhiana is not on this tile');
      await assert.rejects(source().search({ ...JANUARY, from: '2024-02-01' }), RangeError);
    });

    it('follows nextPageToken through every page', async () => {
      const ee = source();
      const images = await ee.client.listImages({
        region: FIELD,
        startTime: '2024-01-01T00:00:00Z',
        endTime: '2024-02-01T00:00:00Z',
        pageSize: 1,
      });
      assert.equal(images.length, 4);
      const pages = stub.requests.filter((r) => r.kind === 'listAssets');
      assert.deepEqual(
        pages.map((r) => r.url.searchParams.get('pageToken')),
        [null, 'page-1', 'page-2', 'page-3'],
      );
      assert.ok(pages.every((r) => r.url.searchParams.get('pageSize') === '1'));
      const refused = await failure(
        ee.client.listImages({
          region: FIELD,
          startTime: '2024-01-01T00:00:00Z',
          endTime: '2024-02-01T00:00:00Z',
          pageSize: 1,
          maxPages: 2,
        }),
      );
      assert.match(refused.message, /more than 2 pages/);
    });

    it('says so when no listed image has the documented band grids', async () => {
      const withoutBands = (async (url: string | URL | Request, init?: RequestInit) => {
        const response = await fetch(url, init);
        if (!String(url).includes(':listAssets')) return response;
        const body = (await response.json()) as { assets: { bands?: unknown }[] };
        for (const asset of body.assets) delete asset.bands;
        return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
      }) as typeof fetch;
      const error = await failure(source({ fetch: withoutBands }).search(JANUARY));
      assert.ok(error instanceof ImageryError);
      assert.equal(error.reason, 'invalid_response');
      assert.match(error.message, /none of the 3 images/);
    });

    it('maps each image to a Scene with the harmonized scaling', async () => {
      const [scene] = await source().search({ ...JANUARY, from: '2024-01-15', to: '2024-01-15' });
      const id = FAKE_IMAGES[2]!.index;
      const href = (band: string) => `earthengine:${COLLECTION}/${id}#${band}`;
      const optical = { rasterBands: [{ scale: 0.0001, offset: 0, nodata: 0 }] };
      assert.deepEqual(scene, {
        id,
        provider: 'earthengine',
        collection: COLLECTION,
        acquiredAt: '2024-01-15T05:42:05.930Z',
        tileCloudPct: 0.4,
        epsg: 32643,
        processingBaseline: '05.10',
        boaOffsetApplied: true,
        assets: {
          red: { href: href('B4'), ...optical },
          nir: { href: href('B8'), ...optical },
          green: { href: href('B3'), ...optical },
          blue: { href: href('B2'), ...optical },
          scl: { href: href('SCL') },
        },
      } satisfies Scene);
      const scaling = reflectanceScaling({
        rasterBands: scene!.assets.red.rasterBands,
        processingBaseline: scene!.processingBaseline,
        boaOffsetApplied: scene!.boaOffsetApplied,
      });
      assert.deepEqual(
        { scale: scaling.scale, offset: scaling.offset },
        { scale: 0.0001, offset: 0 },
        'baseline 05.10, yet no −0.1: the collection already shifted it',
      );
    });
  });

  describe('readWindows', () => {
    const checkWindows = async (windows: Awaited<ReturnType<ReturnType<typeof source>['readWindows']>>[number], bounds: Bounds) => {
      const at10 = expectedWindow(bounds, 10);
      const { col0, row0, ...grid10 } = at10;
      assert.equal(windows.epsg, 32643);
      for (const [band, name] of [
        ['red', 'B4'],
        ['nir', 'B8'],
        ['green', 'B3'],
        ['blue', 'B2'],
      ] as const) {
        const { data, grid } = windows.bands[band];
        assert.deepEqual(grid, grid10, band);
        assert.ok(data instanceof Uint16Array, band);
        for (let r = 0; r < grid.height; r++) {
          for (let c = 0; c < grid.width; c++)
            assert.equal(data[r * grid.width + c], pixelValue(name, col0 + c, row0 + r), `${band} (${c}, ${r})`);
        }
        assert.deepEqual(windows.scaling[band], { scale: 0.0001, offset: 0 });
      }
      // SCL on its own 20 m grid, covering the 10 m window.
      const tenMetreBox = {
        minX: grid10.originX,
        maxX: grid10.originX + 10 * grid10.width,
        maxY: grid10.originY,
        minY: grid10.originY - 10 * grid10.height,
      };
      const { col0: sc0, row0: sr0, ...grid20 } = expectedWindow(tenMetreBox, 20);
      const scl = windows.bands.scl;
      assert.deepEqual(scl.grid, grid20);
      assert.ok(scl.data instanceof Uint8Array);
      for (let r = 0; r < grid20.height; r++) {
        for (let c = 0; c < grid20.width; c++) assert.equal(scl.data[r * grid20.width + c], pixelValue('SCL', sc0 + c, sr0 + r));
      }
      return { grid10, grid20 };
    };

    it('computes B4, B8, B3, B2 and SCL on windows of the image grids and returns the pixels on the requested grids', async () => {
      const ee = source();
      const [scene] = await ee.search(JANUARY);
      stub.reset();
      const bounds = fieldBounds();
      const { grid10, grid20 } = await checkWindows((await ee.readWindows(scene!, [bounds]))[0]!, bounds);
      assert.ok(grid10.width >= 10 && grid10.width <= 12, 'a 1 ha field is about 10 pixels across');

      assert.equal(stub.count('getAsset'), 0, 'the grids came with the search');
      const bodies = stub.requests.filter((r) => r.kind === 'computePixels');
      assert.equal(bodies.length, 2);
      assert.ok(
        bodies.every(
          (r) => r.url.pathname === `/v1/projects/${PROJECT}/image:computePixels` && r.headers['x-goog-user-project'] === PROJECT,
        ),
      );
      const grids = bodies.map((r) => (r.body as { grid: unknown }).grid);
      const eeGrid = (g: PixelGrid) => ({
        dimensions: { width: g.width, height: g.height },
        affineTransform: { scaleX: g.resX, shearX: 0, translateX: g.originX, shearY: 0, scaleY: g.resY, translateY: g.originY },
        crsCode: 'EPSG:32643',
      });
      assert.deepEqual(
        new Set(grids.map((g) => JSON.stringify(g))),
        new Set([JSON.stringify(eeGrid(grid10)), JSON.stringify(eeGrid(grid20))]),
      );
      const expressions = bodies.map((r) => r.body as { fileFormat: string; expression: unknown });
      assert.ok(expressions.every((b) => b.fileFormat === 'GEO_TIFF'));
      const select = (bands: string[]) => ({
        result: '0',
        values: {
          '0': {
            functionInvocationValue: {
              functionName: 'Image.select',
              arguments: {
                input: {
                  functionInvocationValue: {
                    functionName: 'Image.load',
                    arguments: { id: { constantValue: `${COLLECTION}/${scene!.id}` } },
                  },
                },
                bandSelectors: { constantValue: bands },
              },
            },
          },
        },
      });
      assert.deepEqual(
        new Set(expressions.map((b) => JSON.stringify(b.expression))),
        new Set([JSON.stringify(select(['B4', 'B8', 'B3', 'B2'])), JSON.stringify(select(['SCL']))]),
      );
    });

    it('reads several areas with one computation per grid over their union, each cut to what it would be alone', async () => {
      const ee = source();
      const [scene] = await ee.search(JANUARY);
      stub.reset();
      const first = fieldBounds();
      // A second field 300 m east and 125 m south, off the first one's pixel edges.
      const second = { minX: first.minX + 300, maxX: first.maxX + 300, minY: first.minY - 125, maxY: first.maxY - 125 };
      const windows = await ee.readWindows(scene!, [first, second]);
      assert.equal(windows.length, 2);
      await checkWindows(windows[0]!, first);
      await checkWindows(windows[1]!, second);
      assert.equal(stub.count('computePixels'), 2, 'one for the 10 m bands, one for SCL');
      assert.deepEqual(await ee.readWindows(scene!, []), []);
    });

    it("reads the image's band grids when the scene did not come from this source's search", async () => {
      const [scene] = await source().search(JANUARY);
      stub.reset();
      const fresh = source();
      const bounds = fieldBounds();
      await checkWindows((await fresh.readWindows(scene!, [bounds]))[0]!, bounds);
      await fresh.readWindows(scene!, [bounds]);
      assert.equal(stub.count('getAsset'), 1);
      assert.equal(stub.count('computePixels'), 4);
      assert.equal(stub.count('token'), 1);
    });

    it("refuses a window over computePixels' limits before any request", async () => {
      const ee = source();
      const [scene] = await ee.search(JANUARY);
      stub.reset();
      const { minX, minY } = fieldBounds();
      const large = await failure(ee.readWindows(scene!, [{ minX, minY, maxX: minX + 25_000, maxY: minY + 25_000 }]));
      assert.ok(large instanceof RangeError);
      assert.match(
        large.message,
        /^bounds: a window of 2501 × 2501 pixels at 10 m × 4 band\(s\) is 50040008 bytes, over Earth Engine computePixels' limit of 48000000 bytes/,
      );
      const long = await failure(source().readWindows(scene!, [{ minX, minY, maxX: minX + 400_000, maxY: minY + 10 }]));
      assert.match(long.message, /limit of 32000 pixels per side/);
      assert.equal(stub.count(), 0, 'not even a sign-in');
      assert.doesNotThrow(() => checkComputePixelsLimits(2449, 2449, 4, 10), '47 980 808 bytes fit');
      assert.throws(() => checkComputePixelsLimits(2450, 2450, 4, 10), /48020000 bytes/);
    });

    it('answers empty windows, without computing, for bounds off the image', async () => {
      const ee = source();
      const [scene] = await ee.search(JANUARY);
      const windows = (await ee.readWindows(scene!, [{ minX: 500_000, minY: 2_000_000, maxX: 500_100, maxY: 2_000_100 }]))[0]!;
      for (const band of ['red', 'nir', 'green', 'blue', 'scl'] as const) {
        assert.equal(windows.bands[band].data.length, 0, band);
        assert.equal(windows.bands[band].grid.width * windows.bands[band].grid.height, 0, band);
      }
      assert.equal(stub.count('computePixels'), 0);
    });

    it('refuses scenes of other sources', async () => {
      const ee = source();
      const [scene] = await ee.search(JANUARY);
      await assert.rejects(ee.readWindows({ ...scene!, provider: 'stac' }, [fieldBounds()]), RangeError);
      await assert.rejects(ee.readWindows({ ...scene!, id: '../other' }, [fieldBounds()]), RangeError);
    });

    it('refuses a GeoTIFF on another grid than the one requested', async () => {
      const ee = source();
      const [scene] = await ee.search(JANUARY);
      stub.setAnswerShift(10);
      const error = await failure(ee.readWindows(scene!, [fieldBounds()]));
      assert.ok(error instanceof ImageryError);
      assert.equal(error.reason, 'invalid_response');
      assert.match(error.message, /another grid/);
    });
  });

  describe('upstream failures', () => {
    it('a 5xx or a failed sign-in is retryable; a 400 is not', async () => {
      const ee = source();
      const [scene] = await ee.search(JANUARY);
      stub.setFailure('computePixels', 503);
      const unavailable = await failure(ee.readWindows(scene!, [fieldBounds()]));
      assert.ok(unavailable instanceof ImageryError);
      assert.deepEqual([unavailable.reason, unavailable.status, unavailable.retryable], ['upstream_status', 503, true]);
      assert.match(unavailable.message, /computePixels \(503 UNAVAILABLE/);

      stub.setFailure('computePixels', 400);
      const bad = await failure(ee.readWindows(scene!, [fieldBounds()]));
      assert.ok(bad instanceof ImageryError);
      assert.deepEqual([bad.reason, bad.status, bad.retryable], ['upstream_status', 400, false]);

      stub.setFailure('listAssets', 500);
      const listing = await failure(ee.search(JANUARY));
      assert.ok(listing instanceof ImageryError && listing.retryable);

      stub.reset();
      stub.setFailure('token', 503);
      const signIn = await failure(source().search(JANUARY));
      assert.ok(signIn instanceof ImageryError);
      assert.deepEqual([signIn.reason, signIn.status, signIn.retryable], ['upstream_status', 503, true]);
    });

    it('a project Earth Engine refuses answers unauthorized (403)', async () => {
      const error = await failure(source({ project: 'someone-elses-project' }).search(JANUARY));
      assert.ok(error instanceof ImageryError);
      assert.deepEqual([error.reason, error.status, error.retryable], ['unauthorized', 403, false]);
      assert.match(error.message, /someone-elses-project.*PERMISSION_DENIED/);
    });

    it('an unreachable host is unavailable and retryable; a slow one times out', async () => {
      const closed = `http://127.0.0.1:9`;
      const down = await failure(source({ baseUrl: closed, tokenUrl: `${closed}/token` }).search(JANUARY));
      assert.ok(down instanceof ImageryError);
      assert.deepEqual([down.reason, down.retryable], ['unavailable', true]);
      const hanging = ((_url: unknown, init?: RequestInit) =>
        new Promise<Response>((_resolve, reject) =>
          init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)),
        )) as typeof fetch;
      const slow = await failure(source({ fetch: hanging, timeoutMs: 50 }).search(JANUARY));
      assert.ok(slow instanceof ImageryError);
      assert.deepEqual([slow.reason, slow.retryable], ['timeout', true]);
    });
  });

  it('no error message carries the key, an assertion or an access token', () => {
    assert.ok(seen.length >= 10, `only ${seen.length} errors were collected`);
    const secrets = [...pemLines(privatePem), ...pemLines(otherPem), ...stub.issuedTokens, ...stub.assertions].filter((s) => s.length > 0);
    assert.ok(stub.issuedTokens.length > 0 && stub.assertions.length > 0);
    for (const error of seen) {
      const text = `${error.message}\n${error.stack ?? ''}\n${JSON.stringify(error)}`;
      for (const secret of secrets) assert.ok(!text.includes(secret), `${error.message} contains a secret`);
      assert.ok(!/ya29\.|eyJ|BEGIN PRIVATE KEY/.test(text), error.message);
    }
  });
});
