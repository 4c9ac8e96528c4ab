import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Feature, Geometry, Polygon, Position } from 'geojson';
import { buildTestApp, type TestApp } from '../support/app.js';
import { addMember, bearer, createTenant, type TestTenant, type TokenSet } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';

/** Bulk import (GeoJSON, KML) and export of fields: per-feature results, idempotent re-import, scope, size limits. */

/** A square of `sideM` metres centred on (lat, lon), from the WGS84 lengths of a degree there. */
function square(lat: number, lon: number, sideM: number): Polygon {
  const phi = (lat * Math.PI) / 180;
  const mPerLat = 111132.92 - 559.82 * Math.cos(2 * phi) + 1.175 * Math.cos(4 * phi);
  const mPerLon = 111412.84 * Math.cos(phi) - 93.5 * Math.cos(3 * phi) + 0.118 * Math.cos(5 * phi);
  const dLat = sideM / mPerLat / 2;
  const dLon = sideM / mPerLon / 2;
  const ring: Position[] = [
    [lon - dLon, lat - dLat],
    [lon + dLon, lat - dLat],
    [lon + dLon, lat + dLat],
    [lon - dLon, lat + dLat],
    [lon - dLon, lat - dLat],
  ];
  return { type: 'Polygon', coordinates: [ring] };
}

const feature = (geometry: Geometry | null, properties: Record<string, unknown> = {}): Feature<Geometry | null> => ({
  type: 'Feature',
  geometry,
  properties,
});
const collection = (features: unknown[]) => ({ type: 'FeatureCollection', features });

interface Result {
  index: number;
  id?: string;
  status: 'created' | 'exists' | 'failed';
  errors?: { path: string; message: string; rule?: string }[];
  warnings?: { code: string; fieldId: string; message: string }[];
}
interface Summary {
  created: number;
  existing: number;
  failed: number;
  results: Result[];
}

const PUNE = { lat: 18.52, lon: 73.85 };

/** A few districts, for spreading generated fields. */
const DISTRICTS = [
  { district: 'Pune', state: 'Maharashtra', lat: 18.52, lon: 73.85 },
  { district: 'Nashik', state: 'Maharashtra', lat: 20.0, lon: 73.79 },
  { district: 'Guntur', state: 'Andhra Pradesh', lat: 16.3, lon: 80.44 },
  { district: 'Ludhiana', state: 'Punjab', lat: 30.9, lon: 75.85 },
  { district: 'Vidisha', state: 'Madhya Pradesh', lat: 23.52, lon: 77.81 },
];

/** `count` squares of 60 m on a grid 90 m apart around each farm's district centre, round-robin. */
function generated(count: number, farms: { farmId: string; lat: number; lon: number }[]) {
  return Array.from({ length: count }, (_, i) => {
    const farm = farms[i % farms.length]!;
    const k = Math.floor(i / farms.length);
    const row = Math.floor(k / 40);
    const col = k % 40;
    return feature(square(farm.lat + row * 0.0009, farm.lon + col * 0.00095, 60), { farmId: farm.farmId, name: `Plot ${i + 1}` });
  });
}

for (const mode of storageModes) {
  describe(`field import and export (${mode.name})`, () => {
    let t: TestApp;
    let tenant: TestTenant;
    let other: TestTenant;

    before(async () => {
      t = await buildTestApp(mode);
      tenant = await createTenant(t.app);
      other = await createTenant(t.app);
    });
    after(async () => t?.close());

    const post = (url: string, payload: Record<string, unknown>, tokens: TokenSet = tenant.tokens) =>
      t.app.inject({ method: 'POST', url, headers: bearer(tokens), payload });
    const get = (url: string, tokens: TokenSet = tenant.tokens) => t.app.inject({ url, headers: bearer(tokens) });

    const upload = (body: unknown, options: { query?: string; tokens?: TokenSet; type?: string } = {}) =>
      t.app.inject({
        method: 'POST',
        url: `/v1/fields/import${options.query ?? ''}`,
        headers: { ...bearer(options.tokens ?? tenant.tokens), 'content-type': options.type ?? 'application/geo+json' },
        payload: typeof body === 'string' ? body : JSON.stringify(body),
      });

    async function imported(body: unknown, options: { query?: string; tokens?: TokenSet; type?: string } = {}): Promise<Summary> {
      const response = await upload(body, options);
      assert.equal(response.statusCode, 200, response.body);
      return response.json() as Summary;
    }

    async function exported(query = '', tokens: TokenSet = tenant.tokens) {
      const response = await get(`/v1/fields/export${query}`, tokens);
      assert.equal(response.statusCode, 200, response.body);
      assert.match(String(response.headers['content-type']), /^application\/geo\+json/);
      const body = response.json() as { type: string; features: (Feature & { id: string; properties: Record<string, unknown> })[] };
      assert.equal(body.type, 'FeatureCollection');
      return body.features;
    }

    async function farm(tokens: TokenSet = tenant.tokens, extra: { userId?: string; district?: string; state?: string } = {}) {
      const farmer = await post(
        '/v1/farmers',
        { name: 'Field Owner', state: extra.state ?? 'Maharashtra', ...(extra.userId ? { userId: extra.userId } : {}) },
        tokens,
      );
      assert.equal(farmer.statusCode, 201, farmer.body);
      const created = await post(
        '/v1/farms',
        { farmerId: farmer.json().id, name: 'Home farm', district: extra.district ?? 'Pune' },
        tokens,
      );
      assert.equal(created.statusCode, 201, created.body);
      return { farmerId: farmer.json().id as string, farmId: created.json().id as string };
    }

    const rulesOf = (result: Result | undefined) => (result?.errors ?? []).map((error) => error.rule);

    it('creates the good features and reports each bad one by index, path and rule; a re-import creates nothing', async () => {
      const { farmId, farmerId } = await farm();
      const explicitId = '0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
      const good = square(PUNE.lat, PUNE.lon, 100);
      const bowTie: Polygon = {
        type: 'Polygon',
        coordinates: [
          [
            [73.86, 18.53],
            [73.861, 18.531],
            [73.861, 18.53],
            [73.86, 18.531],
            [73.86, 18.53],
          ],
        ],
      };
      const open = square(PUNE.lat + 0.01, PUNE.lon, 100);
      open.coordinates[0]!.pop();
      const swapped: Polygon = {
        type: 'Polygon',
        coordinates: [square(PUNE.lat + 0.02, PUNE.lon, 100).coordinates[0]!.map(([lon, lat]) => [lat!, lon!])],
      };
      const body = collection([
        feature(good, { farmId, name: 'Well field', id: explicitId }),
        feature(square(PUNE.lat + 0.03, PUNE.lon, 100), { farmId, name: 'No id' }),
        feature(bowTie, { farmId, name: 'Bow tie' }),
        feature(open, { farmId, name: 'Open ring' }),
        feature(swapped, { farmId, name: 'Swapped' }),
        feature(square(PUNE.lat + 0.04, PUNE.lon, 100), { name: 'No farm' }),
        feature(square(PUNE.lat + 0.05, PUNE.lon, 100), { farmId: '0195a1b2-0000-7000-8000-000000000000', name: 'Unknown farm' }),
        // Half of it lies on the first: created, with a warning on both.
        feature(square(PUNE.lat, PUNE.lon + 0.0005, 100), { farmId, name: 'Neighbour' }),
      ]);

      const first = await imported(body);
      assert.deepEqual([first.created, first.existing, first.failed], [3, 0, 5]);
      assert.deepEqual(
        first.results.map((r) => r.index),
        [0, 1, 2, 3, 4, 5, 6, 7],
      );
      assert.deepEqual(
        first.results.map((r) => r.status),
        ['created', 'created', 'failed', 'failed', 'failed', 'failed', 'failed', 'created'],
      );
      assert.equal(first.results[0]!.id, explicitId);

      assert.deepEqual(rulesOf(first.results[2]), ['self_intersection']);
      assert.match(first.results[2]!.errors![0]!.path, /^features\[2\]\.geometry\.coordinates\[0\]/);
      assert.deepEqual(rulesOf(first.results[3]), ['ring_not_closed']);
      assert.equal(first.results[3]!.errors![0]!.path, 'features[3].geometry.coordinates[0][3]');
      assert.deepEqual(rulesOf(first.results[4]), ['outside_india']);
      assert.equal(first.results[4]!.errors![0]!.path, 'features[4].geometry');
      assert.match(first.results[4]!.errors![0]!.message, /swapped/);
      assert.deepEqual(first.results[5]!.errors, [
        {
          path: 'features[5].properties.farmId',
          message: 'is required: set it on the feature, or pass ?farmId= for the whole file',
          rule: 'farm_required',
        },
      ]);
      assert.deepEqual(rulesOf(first.results[6]), ['farm_not_found']);
      assert.equal(first.results[6]!.errors![0]!.path, 'features[6].properties.farmId');
      for (const result of first.results) assert.equal(result.id === undefined, result.status === 'failed');

      assert.deepEqual(
        first.results[7]!.warnings?.map((w) => [w.code, w.fieldId]),
        [['overlaps_field', explicitId]],
      );
      assert.deepEqual(
        first.results[0]!.warnings?.map((w) => w.fieldId),
        [first.results[7]!.id],
      );
      assert.match(first.results[0]!.warnings![0]!.message, /"Neighbour"/);
      assert.equal(first.results[1]!.warnings, undefined);

      const stored = await get(`/v1/fields/${explicitId}`);
      assert.equal(stored.statusCode, 200, stored.body);
      assert.equal(stored.json().name, 'Well field');
      assert.equal(stored.json().farmId, farmId);
      assert.equal(stored.json().farmerId, farmerId);
      assert.ok(Math.abs(stored.json().areaHa - 1) < 0.01, `area ${stored.json().areaHa}`);
      assert.equal((await get(`/v1/fields/${first.results[1]!.id}`)).json().name, 'No id');

      // The same file again: what was stored exists (ids given or derived), the rest fails as before.
      const again = await imported(body);
      assert.deepEqual([again.created, again.existing, again.failed], [0, 3, 5]);
      for (const i of [0, 1, 7]) assert.deepEqual(again.results[i], { index: i, id: first.results[i]!.id, status: 'exists' });
      assert.deepEqual(
        again.results.map((r) => r.errors),
        first.results.map((r) => r.errors),
      );
      assert.equal((await exported(`?farmId=${farmId}`)).length, 3);
    });

    it('uses ?farmId= for features without one, names unnamed fields by position and refuses repeated ids', async () => {
      const { farmId } = await farm();
      const id = '0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a60';
      const summary = await imported(
        collection([
          feature(square(PUNE.lat + 0.1, PUNE.lon, 80), { id }),
          feature(square(PUNE.lat + 0.11, PUNE.lon, 80), { name: '  Mango orchard  ' }),
          feature(square(PUNE.lat + 0.12, PUNE.lon, 80), { id }),
          feature(square(PUNE.lat + 0.13, PUNE.lon, 80), { id: 'plot-7' }),
          { type: 'Polygon', coordinates: [] },
          feature(null),
          // Far past the 10 000-position cap: skipped while reading, never assembled.
          feature({ type: 'Polygon', coordinates: [Array.from({ length: 30_000 }, (_, i) => [73.8 + i * 1e-6, 18.5])] }),
          feature(square(PUNE.lat + 0.14, PUNE.lon, 80), { name: 'After the large one' }),
        ]),
        { query: `?farmId=${farmId}` },
      );
      assert.deepEqual(
        summary.results.map((r) => r.status),
        ['created', 'created', 'failed', 'failed', 'failed', 'failed', 'failed', 'created'],
      );
      assert.deepEqual(
        summary.results[6]!.errors?.map((e) => [e.path, e.rule]),
        [['features[6]', 'too_many_positions']],
      );
      assert.equal((await get(`/v1/fields/${id}`)).json().name, 'Field 1');
      assert.equal((await get(`/v1/fields/${summary.results[1]!.id}`)).json().name, 'Mango orchard');
      assert.deepEqual(summary.results[2]!.errors, [
        { path: 'features[2].properties.id', message: 'repeats the id of features[0]', rule: 'duplicate_id' },
      ]);
      assert.deepEqual(rulesOf(summary.results[3]), ['invalid_id']);
      assert.deepEqual(rulesOf(summary.results[4]), ['not_a_feature']);
      assert.match(summary.results[4]!.errors![0]!.message, /wrap it in a Feature/);
      assert.deepEqual(rulesOf(summary.results[5]), ['not_geojson']);
      assert.equal(summary.results[5]!.errors![0]!.path, 'features[5].geometry');
    });

    it('imports KML placemarks, named by their <name>, and a MultiGeometry as a MultiPolygon', async () => {
      const { farmId } = await farm();
      const ring = (polygon: Polygon) => polygon.coordinates[0]!.map(([lon, lat]) => `${lon},${lat},0`).join(' ');
      const kmlPolygon = (polygon: Polygon) =>
        `<Polygon><outerBoundaryIs><LinearRing><coordinates>${ring(polygon)}</coordinates></LinearRing></outerBoundaryIs></Polygon>`;
      const kml = `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2">
  <Document>
    <name>Survey, Haveli taluka</name>
    <Placemark>
      <name>North plot</name>
      ${kmlPolygon(square(PUNE.lat + 0.2, PUNE.lon, 120))}
    </Placemark>
    <Folder>
      <Placemark>
        <name>South plot — नदी किनारा</name>
        <MultiGeometry>
          ${kmlPolygon(square(PUNE.lat + 0.21, PUNE.lon, 90))}
          ${kmlPolygon(square(PUNE.lat + 0.21, PUNE.lon + 0.01, 90))}
        </MultiGeometry>
      </Placemark>
    </Folder>
  </Document>
</kml>`;
      const type = 'application/vnd.google-earth.kml+xml';
      const summary = await imported(kml, { query: `?farmId=${farmId}`, type });
      assert.deepEqual([summary.created, summary.failed], [2, 0], JSON.stringify(summary));
      const north = (await get(`/v1/fields/${summary.results[0]!.id}`)).json();
      const south = (await get(`/v1/fields/${summary.results[1]!.id}`)).json();
      assert.equal(north.name, 'North plot');
      assert.equal(north.boundary.type, 'Polygon');
      assert.ok(Math.abs(north.areaHa - 1.44) < 0.02, `area ${north.areaHa}`);
      assert.equal(south.name, 'South plot — नदी किनारा');
      assert.equal(south.boundary.type, 'MultiPolygon');
      assert.equal(south.boundary.coordinates.length, 2);

      const again = await imported(kml, { query: `?farmId=${farmId}`, type });
      assert.deepEqual(
        again.results.map((r) => [r.status, r.id]),
        summary.results.map((r) => ['exists', r.id]),
      );

      // KML saved by tools that label it generic XML is read the same way.
      for (const xml of ['application/xml', 'text/xml; charset=utf-8']) {
        const asXml = await imported(kml, { query: `?farmId=${farmId}`, type: xml });
        assert.deepEqual(
          asXml.results.map((r) => [r.status, r.id]),
          summary.results.map((r) => ['exists', r.id]),
          xml,
        );
      }

      const broken = await upload('<kml><Placemark><name>x</name></kml>', { query: `?farmId=${farmId}`, type });
      assert.equal(broken.statusCode, 422, broken.body);
      assert.match(broken.json().detail, /not a KML document/);
      const notKml = await upload('<gpx><trk/></gpx>', { query: `?farmId=${farmId}`, type });
      assert.equal(notKml.statusCode, 422, notKml.body);
      assert.match(notKml.json().detail, /<gpx>/);
    });

    it('exports what was imported: same ids and geometries, and the export imports back as exists', async () => {
      const mine = await createTenant(t.app);
      const { farmId, farmerId } = await farm(mine.tokens);
      const summary = await imported(
        collection([
          feature(square(PUNE.lat + 0.3, PUNE.lon, 100), { farmId, name: 'A' }),
          feature(square(PUNE.lat + 0.31, PUNE.lon, 100), { farmId, name: 'B' }),
          feature(
            {
              type: 'MultiPolygon',
              coordinates: [square(PUNE.lat + 0.32, PUNE.lon, 100).coordinates, square(PUNE.lat + 0.32, PUNE.lon + 0.01, 100).coordinates],
            },
            { farmId, name: 'C' },
          ),
        ]),
        { tokens: mine.tokens },
      );
      assert.equal(summary.created, 3);

      const response = await get('/v1/fields/export', mine.tokens);
      assert.match(String(response.headers['content-disposition']), /attachment; filename="fields.geojson"/);
      const features = await exported('', mine.tokens);
      assert.deepEqual(features.map((f) => f.id).sort(), summary.results.map((r) => r.id).sort());
      for (const exportedFeature of features) {
        const field = (await get(`/v1/fields/${exportedFeature.id}`, mine.tokens)).json();
        assert.deepEqual(exportedFeature.geometry, field.boundary);
        assert.deepEqual(exportedFeature.properties, {
          id: field.id,
          name: field.name,
          farmId,
          farmerId,
          areaHa: field.areaHa,
          version: field.version,
        });
      }
      assert.equal((await exported(`?farmerId=${farmerId}`, mine.tokens)).length, 3);
      assert.equal((await exported(`?farmId=${(await farm(mine.tokens)).farmId}`, mine.tokens)).length, 0);

      const back = await imported(response.body, { tokens: mine.tokens });
      assert.deepEqual([back.created, back.existing, back.failed], [0, 3, 0]);
    });

    it("another tenant exports none of these fields, and cannot import into this tenant's farms", async () => {
      const { farmId } = await farm();
      await imported(collection([feature(square(PUNE.lat + 0.4, PUNE.lon, 100), { farmId })]));
      assert.deepEqual(await exported('', other.tokens), []);
      const refused = await imported(collection([feature(square(PUNE.lat + 0.41, PUNE.lon, 100), { farmId })]), { tokens: other.tokens });
      assert.deepEqual(rulesOf(refused.results[0]), ['farm_not_found']);
    });

    it('a farmer exports only their own fields and may not import', async () => {
      const place = await createTenant(t.app);
      const member = await addMember(t.app, place, 'farmer');
      const theirs = await farm(place.tokens, { userId: member.user.id });
      const someoneElse = await farm(place.tokens);
      const summary = await imported(
        collection([
          feature(square(PUNE.lat + 0.5, PUNE.lon, 100), { farmId: theirs.farmId, name: 'Mine' }),
          feature(square(PUNE.lat + 0.51, PUNE.lon, 100), { farmId: someoneElse.farmId, name: 'Not mine' }),
        ]),
        { tokens: place.tokens },
      );
      assert.equal(summary.created, 2);
      const features = await exported('', member.tokens);
      assert.deepEqual(
        features.map((f) => f.properties.name),
        ['Mine'],
      );
      assert.deepEqual(await exported(`?farmId=${someoneElse.farmId}`, member.tokens), []);
      const refused = await upload(collection([]), { tokens: member.tokens });
      assert.equal(refused.statusCode, 403, refused.body);
    });

    it('answers a problem and creates nothing for a body that is not a usable collection', async () => {
      const { farmId } = await farm();
      const one = feature(square(PUNE.lat + 0.6, PUNE.lon, 100), { farmId });
      const cases: [unknown, number, RegExp][] = [
        ['{"type": "FeatureCollection", "features": [', 400, /not valid JSON/],
        ['not json at all', 400, /not valid JSON/],
        ['', 400, /empty/],
        [one, 422, /"type" must be "FeatureCollection"/],
        [[one], 422, /JSON object/],
        [{ type: 'FeatureCollection', features: { one } }, 422, /"features" must be an array/],
        [{ type: 'FeatureCollection' }, 422, /"features" is missing/],
        [{ features: [one] }, 422, /"type": "FeatureCollection" is missing/],
        [collection(Array.from({ length: 5001 }, () => one)), 413, /at most 5000 features/],
        [`{"type": "FeatureCollection", "features": [${'['.repeat(100)}${']'.repeat(100)}]}`, 422, /nested more than 64 deep/],
      ];
      for (const [body, status, detail] of cases) {
        const response = await upload(body);
        assert.equal(response.statusCode, status, `${String(JSON.stringify(body)).slice(0, 60)} → ${response.body}`);
        assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
        assert.match(response.json().detail, detail);
      }
      const wrongType = await upload(collection([one]), { type: 'text/csv' });
      assert.equal(wrongType.statusCode, 415, wrongType.body);
      for (const accepted of ['application/geo+json', 'application/vnd.google-earth.kml+xml', 'text/xml']) {
        assert.ok(wrongType.json().detail.includes(accepted), `the 415 names ${accepted}: ${wrongType.body}`);
      }
      assert.deepEqual(await exported(`?farmId=${farmId}`), []);

      // Other top-level members are allowed, before or after the features.
      const fine = await imported({
        name: 'survey',
        features: [one],
        bbox: [73, 18, 74, 19],
        type: 'FeatureCollection',
        crs: { type: 'name' },
      });
      assert.equal(fine.created, 1);
    });

    it('a field the database refuses fails alone: its batch is stored again one feature at a time', async () => {
      const { farmId } = await farm();
      const { db } = t.app.resources;
      await db.session((tx) =>
        tx.exec(`
        CREATE FUNCTION refuse_test_field() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.name = 'Refused' THEN RAISE EXCEPTION 'refused for the test' USING ERRCODE = 'check_violation'; END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER refuse_test_field BEFORE INSERT ON fields FOR EACH ROW EXECUTE FUNCTION refuse_test_field();`),
      );
      try {
        const summary = await imported(
          collection([
            feature(square(PUNE.lat + 0.7, PUNE.lon, 100), { name: 'Kept' }),
            feature(square(PUNE.lat + 0.71, PUNE.lon, 100), { name: 'Refused' }),
            feature(square(PUNE.lat + 0.72, PUNE.lon, 100), { name: 'Also kept' }),
          ]),
          { query: `?farmId=${farmId}` },
        );
        assert.deepEqual(
          summary.results.map((r) => r.status),
          ['created', 'failed', 'created'],
        );
        assert.deepEqual(summary.results[1]!.errors, [
          { path: 'features[1]', message: 'the database refused this field', rule: 'not_stored' },
        ]);
        assert.deepEqual((await exported(`?farmId=${farmId}`)).map((f) => f.properties.name).sort(), ['Also kept', 'Kept']);
      } finally {
        await db.session((tx) => tx.exec('DROP TRIGGER refuse_test_field ON fields; DROP FUNCTION refuse_test_field();'));
      }
    });

    it('an Idempotency-Key replays the first answer of an import', async () => {
      const { farmId } = await farm();
      const request = {
        method: 'POST' as const,
        url: '/v1/fields/import',
        headers: { ...bearer(tenant.tokens), 'content-type': 'application/geo+json', 'idempotency-key': `import-${farmId}` },
        payload: JSON.stringify(collection([feature(square(PUNE.lat + 0.8, PUNE.lon, 100), { farmId })])),
      };
      const first = await t.app.inject(request);
      assert.equal(first.statusCode, 200, first.body);
      assert.equal(first.json().created, 1);
      const second = await t.app.inject(request);
      assert.equal(second.statusCode, 200, second.body);
      assert.equal(second.headers['idempotent-replayed'], 'true');
      assert.deepEqual(second.json(), first.json());
    });

    it('imports 5 000 fields spread over five districts in one request, and exports them page by page', async () => {
      const big = await createTenant(t.app);
      const farms = [];
      for (const place of DISTRICTS) farms.push({ ...(await farm(big.tokens, place)), lat: place.lat, lon: place.lon });
      const body = JSON.stringify(collection(generated(5000, farms)));
      const started = performance.now();
      const summary = await imported(body, { tokens: big.tokens });
      const seconds = (performance.now() - started) / 1000;
      assert.deepEqual([summary.created, summary.existing, summary.failed], [5000, 0, 0]);
      assert.ok(summary.results.every((r) => r.warnings === undefined));
      console.log(`# ${mode.name}: 5000 fields imported in ${seconds.toFixed(1)} s (${Math.round(5000 / seconds)} features/s)`);

      const features = await exported('', big.tokens);
      assert.equal(features.length, 5000);
      assert.equal(new Set(features.map((f) => f.id)).size, 5000);
      assert.equal((await exported(`?farmId=${farms[2]!.farmId}`, big.tokens)).length, 1000);

      const again = await imported(body, { tokens: big.tokens });
      assert.deepEqual([again.created, again.existing, again.failed], [0, 5000, 0]);
    });
  });
}
