import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { buildTestApp, type TestApp } from '../support/app.js';
import { addMember, bearer, createTenant, type TestTenant, type TokenSet } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';

/**
 * The farmer scope inside one tenant, through the HTTP API with real tokens: a member with role
 * `farmer` whose account the tenant admin linked to farmer X (`userId` on the farmer record) sees
 * X's record, farms, fields, crop cycles and soil tests and nothing of any other farmer: another
 * farmer's records answer 404 exactly like records that do not exist, lists, the export and sync
 * leave them out, and every write answers 403.
 */

interface Response {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
  json(): any;
}

interface FarmerRecords {
  farmerId: string;
  name: string;
  farmId: string;
  fieldIds: string[];
  cropCycleIds: string[];
  soilTestIds: string[];
  centroid: { lat: number; lon: number };
}

/**
 * Farmland at Makhmalabad, at the edge of Nashik (the town is at 19.9975 N, 73.7898 E on Wikipedia):
 * X's and Y's farms are neighbours, so a spatial query that leaked would find the other's fields.
 */
const X_FARM_AT = { lat: 20.0142, lon: 73.7464 };
const Y_FARM_AT = { lat: 20.0168, lon: 73.7482 };

/** A walked quadrilateral of about 1 ha, its south-west corner `east` degrees of longitude along. */
const plot = ({ lat, lon }: { lat: number; lon: number }, east = 0) => ({
  type: 'Polygon',
  coordinates: [
    [
      [lon + east, lat],
      [lon + east + 0.0011, lat + 0.00008],
      [lon + east + 0.00116, lat + 0.00085],
      [lon + east - 0.00004, lat + 0.0008],
      [lon + east, lat],
    ],
  ],
});

function assertProblem(response: Response, status: number, context: string) {
  assert.equal(response.statusCode, status, `${context}: expected ${status}, got ${response.statusCode} ${response.body}`);
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/, context);
}

/** Every change /v1/sync hands out from the start, as an offline client would pull it. */
async function syncAll(app: FastifyInstance, tokens: TokenSet) {
  const store = new Map<string, unknown>();
  let since = '';
  for (let batches = 0; batches < 100; batches++) {
    const response = await app.inject({ url: `/v1/sync?limit=100${since ? `&since=${since}` : ''}`, headers: bearer(tokens) });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json() as {
      changes: { entity: string; id: string; op: string; data?: unknown }[];
      nextCursor: string;
      hasMore: boolean;
    };
    for (const change of body.changes) {
      if (change.op === 'delete') store.delete(`${change.entity}:${change.id}`);
      else store.set(`${change.entity}:${change.id}`, change.data);
    }
    since = body.nextCursor;
    if (!body.hasMore) return store;
  }
  throw new Error('sync did not finish');
}

const keysOf = (records: FarmerRecords) =>
  [
    `farmers:${records.farmerId}`,
    `farms:${records.farmId}`,
    ...records.fieldIds.map((id) => `fields:${id}`),
    ...records.cropCycleIds.map((id) => `crop_cycles:${id}`),
    ...records.soilTestIds.map((id) => `soil_tests:${id}`),
  ].sort();

for (const mode of storageModes) {
  describe(`farmer scope (${mode.name})`, () => {
    let t: TestApp;
    let app: FastifyInstance;
    let tenant: TestTenant;
    let memberX: { user: { id: string }; tokens: TokenSet };
    let memberY: { user: { id: string }; tokens: TokenSet };
    let unlinked: { user: { id: string }; tokens: TokenSet };
    let x: FarmerRecords;
    let y: FarmerRecords;

    const as = (tokens: TokenSet, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
      app.inject({ method, url, headers: bearer(tokens), ...(payload ? { payload } : {}) });

    /** A farmer with one farm, `fields` fields each with a crop cycle, and a soil test on the first. */
    async function register(
      name: string,
      userId: string | undefined,
      at: { lat: number; lon: number },
      fields: number,
    ): Promise<FarmerRecords> {
      const post = async (url: string, payload: object) => {
        const response = await as(tenant.tokens, 'POST', url, payload);
        assert.equal(response.statusCode, 201, `${url}: ${response.body}`);
        return response.json();
      };
      const farmer = await post('/v1/farmers', {
        name,
        state: 'Maharashtra',
        district: 'Nashik',
        village: 'Makhmalabad',
        ...(userId ? { userId } : {}),
      });
      const farm = await post('/v1/farms', { farmerId: farmer.id, name: `${name}'s farm`, village: 'Makhmalabad' });
      const records: FarmerRecords = {
        farmerId: farmer.id,
        name,
        farmId: farm.id,
        fieldIds: [],
        cropCycleIds: [],
        soilTestIds: [],
        centroid: at,
      };
      for (let i = 0; i < fields; i++) {
        const field = await post('/v1/fields', { farmId: farm.id, name: `Plot ${i + 1}`, boundary: plot(at, i * 0.0015) });
        records.fieldIds.push(field.id);
        if (i === 0) records.centroid = field.centroid;
        const cycle = await post(`/v1/fields/${field.id}/crop-cycles`, {
          crop: 'onion',
          season: 'rabi',
          sowingDate: '2026-12-15',
          variety: 'N-2-4-1',
        });
        records.cropCycleIds.push(cycle.id);
      }
      const soil = await post(`/v1/fields/${records.fieldIds[0]}/soil-tests`, { sampledOn: '2026-09-20', ph: 7.9, oc: 0.56, k: 318 });
      records.soilTestIds.push(soil.id);
      return records;
    }

    /** Every URL that reads one of a farmer's records, or a list hanging off one. */
    const readsOf = (records: FarmerRecords) => [
      `/v1/farmers/${records.farmerId}`,
      `/v1/farms/${records.farmId}`,
      ...records.fieldIds.flatMap((id) => [`/v1/fields/${id}`, `/v1/fields/${id}/crop-cycles`, `/v1/fields/${id}/soil-tests`]),
      ...records.cropCycleIds.map((id) => `/v1/crop-cycles/${id}`),
      ...records.soilTestIds.map((id) => `/v1/soil-tests/${id}`),
    ];

    /** The whole registry as the tenant admin reads it. */
    const registryAsAdmin = async () => {
      const state: Record<string, unknown> = {};
      for (const url of ['/v1/farmers?limit=200', '/v1/farms?limit=200', '/v1/fields?limit=200', ...readsOf(x), ...readsOf(y)]) {
        const response = await as(tenant.tokens, 'GET', url);
        assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
        state[url] = response.json();
      }
      return state;
    };

    before(async () => {
      t = await buildTestApp(mode);
      app = t.app;
      tenant = await createTenant(app);
      memberX = await addMember(app, tenant, 'farmer');
      memberY = await addMember(app, tenant, 'farmer');
      unlinked = await addMember(app, tenant, 'farmer');
      x = await register('Sunil Pawar', memberX.user.id, X_FARM_AT, 2);
      y = await register('Rekha Jadhav', memberY.user.id, Y_FARM_AT, 1);
    });
    after(async () => t?.close());

    it('sees their own farmer record, farm, fields, crop cycles and soil tests as the admin does', async () => {
      for (const url of readsOf(x)) {
        const own = await as(memberX.tokens, 'GET', url);
        assert.equal(own.statusCode, 200, `${url}: ${own.body}`);
        const admin = await as(tenant.tokens, 'GET', url);
        assert.deepEqual(own.json(), admin.json(), url);
      }
      const me = (await as(memberX.tokens, 'GET', `/v1/farmers/${x.farmerId}`)).json();
      assert.equal(me.userId, memberX.user.id);
    });

    it("another farmer's records answer 404, exactly as records that do not exist", async () => {
      for (const url of readsOf(y)) {
        const theirs = await as(memberX.tokens, 'GET', url);
        assertProblem(theirs, 404, url);
        const missing = await as(memberX.tokens, 'GET', url.replace(/[0-9a-f-]{36}/, uuidv7()));
        assert.equal(theirs.json().detail, missing.json().detail, url);
      }
      // And the other way round.
      for (const url of readsOf(x)) assertProblem(await as(memberY.tokens, 'GET', url), 404, `Y reads ${url}`);
      // Personal data in full is for a tenant_admin only, even of one's own record.
      assertProblem(await as(memberX.tokens, 'GET', `/v1/farmers/${x.farmerId}?reveal=phone`), 403, 'reveal');
    });

    it('lists, the export and sync leave the other farmer out', async () => {
      const ids = async (url: string) => {
        const response = await as(memberX.tokens, 'GET', url);
        assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
        return (response.json().items as { id: string }[]).map((item) => item.id).sort();
      };
      assert.deepEqual(await ids('/v1/farmers?limit=200'), [x.farmerId]);
      assert.deepEqual(await ids(`/v1/farmers?q=${encodeURIComponent(y.name)}`), []);
      assert.deepEqual(await ids('/v1/farmers?village=Makhmalabad'), [x.farmerId]);
      assert.deepEqual(await ids('/v1/farms?limit=200'), [x.farmId]);
      assert.deepEqual(await ids(`/v1/farms?farmerId=${y.farmerId}`), []);
      assert.deepEqual(await ids('/v1/fields?limit=200'), [...x.fieldIds].sort());
      assert.deepEqual(await ids(`/v1/fields?farmerId=${y.farmerId}`), []);
      assert.deepEqual(await ids(`/v1/fields?farmId=${y.farmId}`), []);
      assert.deepEqual(await ids(`/v1/fields?near=${y.centroid.lat},${y.centroid.lon}&radiusKm=5`), [...x.fieldIds].sort());
      const { lat, lon } = y.centroid;
      assert.deepEqual(await ids(`/v1/fields?bbox=${lon - 0.01},${lat - 0.01},${lon + 0.01},${lat + 0.01}`), [...x.fieldIds].sort());
      for (const [i, fieldId] of x.fieldIds.entries()) {
        assert.deepEqual(await ids(`/v1/fields/${fieldId}/crop-cycles`), [x.cropCycleIds[i]]);
      }
      assert.deepEqual(await ids(`/v1/fields/${x.fieldIds[0]}/soil-tests`), x.soilTestIds);

      const csv = (await as(memberX.tokens, 'GET', '/v1/farmers/export')).body;
      assert.ok(csv.includes(x.farmerId));
      assert.ok(!csv.includes(y.farmerId) && !csv.includes(y.name), 'the export holds the other farmer');

      const synced = await syncAll(app, memberX.tokens);
      assert.deepEqual([...synced.keys()].sort(), keysOf(x));
      const everything = JSON.stringify([...synced.values()]);
      for (const id of [y.farmerId, y.farmId, ...y.fieldIds, ...y.cropCycleIds, ...y.soilTestIds, y.name]) {
        assert.ok(!everything.includes(id), `sync mentions ${id} of the other farmer`);
      }
      assert.deepEqual([...(await syncAll(app, memberY.tokens)).keys()].sort(), keysOf(y), "Y's own sync");
    });

    it('a farmer account linked to no farmer record sees nothing at all', async () => {
      for (const url of ['/v1/farmers', '/v1/farms', '/v1/fields']) {
        const response = await as(unlinked.tokens, 'GET', url);
        assert.equal(response.statusCode, 200, response.body);
        assert.deepEqual(response.json().items, [], url);
      }
      for (const url of [...readsOf(x), ...readsOf(y)]) assertProblem(await as(unlinked.tokens, 'GET', url), 404, url);
      assert.equal((await syncAll(app, unlinked.tokens)).size, 0);
    });

    it("every write answers 403, on their own records and on the other farmer's, and changes nothing", async () => {
      const before = await registryAsAdmin();
      const writesOn = (records: FarmerRecords): [string, 'POST' | 'PATCH' | 'DELETE', string, object?][] => [
        ['register a farm', 'POST', '/v1/farms', { farmerId: records.farmerId, name: 'Annexe' }],
        ['draw a field', 'POST', '/v1/fields', { farmId: records.farmId, name: 'Annexe', boundary: plot(records.centroid, 0.006) }],
        [
          'record a crop cycle',
          'POST',
          `/v1/fields/${records.fieldIds[0]}/crop-cycles`,
          { crop: 'tomato', season: 'kharif', sowingDate: '2026-06-15' },
        ],
        ['record a soil test', 'POST', `/v1/fields/${records.fieldIds[0]}/soil-tests`, { sampledOn: '2026-10-01', ph: 7.2 }],
        ['rename the farmer', 'PATCH', `/v1/farmers/${records.farmerId}`, { name: 'Renamed' }],
        ['unlink the farmer', 'PATCH', `/v1/farmers/${records.farmerId}`, { userId: null }],
        ['move the farm', 'PATCH', `/v1/farms/${records.farmId}`, { farmerId: (records === x ? y : x).farmerId }],
        ['redraw a field', 'PATCH', `/v1/fields/${records.fieldIds[0]}`, { boundary: plot(records.centroid, 0.006) }],
        ['change a crop cycle', 'PATCH', `/v1/crop-cycles/${records.cropCycleIds[0]}`, { variety: 'Bhima Super' }],
        ['correct a soil test', 'PATCH', `/v1/soil-tests/${records.soilTestIds[0]}`, { ph: 5.5 }],
        ['delete a soil test', 'DELETE', `/v1/soil-tests/${records.soilTestIds[0]}`],
        ['delete a crop cycle', 'DELETE', `/v1/crop-cycles/${records.cropCycleIds[0]}`],
        ['delete a field', 'DELETE', `/v1/fields/${records.fieldIds[0]}`],
        ['delete the farm', 'DELETE', `/v1/farms/${records.farmId}`],
        ['delete the farmer', 'DELETE', `/v1/farmers/${records.farmerId}`],
      ];
      const writes = [
        ['register a farmer', 'POST', '/v1/farmers', { name: 'New farmer', state: 'Maharashtra' }] as const,
        ['register themselves again', 'POST', '/v1/farmers', { name: 'Me again', state: 'Maharashtra', userId: memberX.user.id }] as const,
        ...writesOn(x).map(([name, ...rest]) => [`own: ${name}`, ...rest] as const),
        ...writesOn(y).map(([name, ...rest]) => [`other's: ${name}`, ...rest] as const),
      ];
      for (const [name, method, url, payload] of writes) {
        assertProblem(await as(memberX.tokens, method, url, payload), 403, `${name}: ${method} ${url}`);
      }
      assert.deepEqual(await registryAsAdmin(), before, 'a refused write changed the registry');
    });

    it("follows the records: a farm the admin moves to X becomes X's, with its fields, and leaves Y", async () => {
      const moved = await as(tenant.tokens, 'PATCH', `/v1/farms/${y.farmId}`, { farmerId: x.farmerId });
      assert.equal(moved.statusCode, 200, moved.body);
      const fieldsOf = async (tokens: TokenSet) =>
        ((await as(tokens, 'GET', '/v1/fields?limit=200')).json().items as { id: string }[]).map((f) => f.id).sort();
      assert.deepEqual(await fieldsOf(memberX.tokens), [...x.fieldIds, ...y.fieldIds].sort());
      assert.deepEqual(await fieldsOf(memberY.tokens), []);
      assert.equal((await as(memberX.tokens, 'GET', `/v1/crop-cycles/${y.cropCycleIds[0]}`)).statusCode, 200);
      assertProblem(await as(memberY.tokens, 'GET', `/v1/soil-tests/${y.soilTestIds[0]}`), 404, 'Y after the move');
      // Y still sees their own farmer record, and nothing else.
      assert.deepEqual([...(await syncAll(app, memberY.tokens)).keys()], [`farmers:${y.farmerId}`]);
    });
  });
}
