import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { createPlatformAdmin } from '../../src/seed.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import {
  addMember,
  bearer,
  createTenant,
  passwordGrant,
  registerUser,
  signIn,
  type TestTenant,
  type TokenSet,
} from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';

/**
 * Tenant isolation through the HTTP API with real tokens: whatever tenant B asks about tenant A's
 * resources answers exactly like a resource that does not exist (404, or 422 where A's id arrives in
 * the body), changes nothing, and B's lists, exports and sync never show A's rows.
 */

interface Response {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
  json(): any;
}

type Caller = 'admin' | 'viewer';

/** A farmer with one farm, field, crop cycle and soil test: a tenant's slice of the field registry. */
interface Registry {
  farmerId: string;
  farmerName: string;
  phone: string;
  farmId: string;
  fieldId: string;
  cropCycleId: string;
  soilTestId: string;
  centroid: { lat: number; lon: number };
}

/** What tenant A owns, as far as the requests below need to name it. */
interface TenantA {
  tenant: TestTenant;
  memberId: string;
  clientId: string;
  jobId: string;
  registry: Registry;
}

/** Tenant B with its own registry records, which some requests use to smuggle in A's ids. */
type TenantB = TestTenant & { registry: Registry };

/**
 * What B gets: 404 unless said; 422 naming the body field that carries A's id (a farm under A's
 * farmer, a field under A's farm); 403 when B's role is refused before any lookup, which tells
 * nothing about A. (B creating a record under an id A uses makes B's own record: registry ids are
 * unique per tenant, test/security/cross-tenant-id-oracle.test.ts.)
 */
type Outcome = 404 | 403 | { status: 422; path: string };

interface Reach {
  name: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: (a: TenantA, b: TenantB) => string;
  payload?: (a: TenantA, b: TenantB) => unknown;
  /** Callers of B this row applies to; both unless said. */
  as?: Caller[];
  /** Per caller; 404 unless said. */
  outcome?: Partial<Record<Caller, Outcome>>;
}

/** Registry writes need role tenant_admin or agronomist: B's viewer is refused by role first. */
const WRITE: Reach['outcome'] = { viewer: 403 };
const into = (path: string): Reach['outcome'] => ({ admin: { status: 422, path }, viewer: 403 });

/**
 * Farmland a few kilometres south of Ludhiana (30.91 N, 75.85 E, the town's coordinates on
 * Wikipedia), where A's and B's fields lie 300 m apart, so a spatial query of B's that leaked would
 * find A's field.
 */
const A_FIELD_AT = { lat: 30.86, lon: 75.84 };
const B_FIELD_AT = { lat: 30.8625, lon: 75.8415 };

/** A quadrilateral of about 1.3 ha with its south-west corner at (lat, lon). */
const plot = ({ lat, lon }: { lat: number; lon: number }) => ({
  type: 'Polygon',
  coordinates: [
    [
      [lon, lat],
      [lon + 0.0012, lat + 0.00005],
      [lon + 0.00115, lat + 0.00105],
      [lon - 0.00003, lat + 0.001],
      [lon, lat],
    ],
  ],
});

const mobile = () => `9${Array.from({ length: 9 }, () => Math.floor(Math.random() * 10)).join('')}`;

/**
 * Every way a token of tenant B might reach tenant A's resources. A new tenant-owned endpoint is
 * one more line here; each line runs for B's admin and B's viewer, and must answer 404.
 */
const REACH_INTO_A: Reach[] = [
  { name: "list A's members", method: 'GET', url: (a) => `/v1/tenants/${a.tenant.id}/members` },
  {
    name: 'add themselves to A as admin',
    method: 'POST',
    url: (a) => `/v1/tenants/${a.tenant.id}/members`,
    payload: (_a, b) => ({ email: b.admin.email, role: 'tenant_admin' }),
  },
  {
    name: "promote A's member",
    method: 'PATCH',
    url: (a) => `/v1/tenants/${a.tenant.id}/members/${a.memberId}`,
    payload: () => ({ role: 'tenant_admin' }),
  },
  {
    name: "demote A's admin",
    method: 'PATCH',
    url: (a) => `/v1/tenants/${a.tenant.id}/members/${a.tenant.admin.id}`,
    payload: () => ({ role: 'viewer' }),
  },
  { name: "remove A's member", method: 'DELETE', url: (a) => `/v1/tenants/${a.tenant.id}/members/${a.memberId}` },
  { name: "remove A's admin", method: 'DELETE', url: (a) => `/v1/tenants/${a.tenant.id}/members/${a.tenant.admin.id}` },
  { name: "revoke A's OAuth client", method: 'DELETE', url: (a) => `/v1/clients/${a.clientId}` },
  { name: "read A's job", method: 'GET', url: (a) => `/v1/jobs/${a.jobId}` },
  // Through B's own path: row-level security hides A's member. (B's viewer is refused by role on
  // its own tenant's path before any lookup, which tells nothing about A.)
  {
    name: "promote A's member through B's path",
    method: 'PATCH',
    url: (a, b) => `/v1/tenants/${b.id}/members/${a.memberId}`,
    payload: () => ({ role: 'viewer' }),
    as: ['admin'],
  },
  {
    name: "remove A's admin through B's path",
    method: 'DELETE',
    url: (a, b) => `/v1/tenants/${b.id}/members/${a.tenant.admin.id}`,
    as: ['admin'],
  },

  // The field registry: farmers, farms, fields, crop cycles, soil tests.
  { name: "read A's farmer", method: 'GET', url: (a) => `/v1/farmers/${a.registry.farmerId}` },
  // B's viewer may not reveal personal data at all (checked before any lookup).
  {
    name: "reveal A's farmer's phone",
    method: 'GET',
    url: (a) => `/v1/farmers/${a.registry.farmerId}?reveal=phone`,
    outcome: { viewer: 403 },
  },
  {
    name: "update A's farmer",
    method: 'PATCH',
    url: (a) => `/v1/farmers/${a.registry.farmerId}`,
    payload: () => ({ name: 'Taken over' }),
    outcome: WRITE,
  },
  { name: "delete A's farmer", method: 'DELETE', url: (a) => `/v1/farmers/${a.registry.farmerId}`, outcome: WRITE },

  { name: "read A's farm", method: 'GET', url: (a) => `/v1/farms/${a.registry.farmId}` },
  {
    name: "update A's farm",
    method: 'PATCH',
    url: (a) => `/v1/farms/${a.registry.farmId}`,
    payload: () => ({ name: 'Taken over' }),
    outcome: WRITE,
  },
  {
    name: "move A's farm to B's farmer",
    method: 'PATCH',
    url: (a) => `/v1/farms/${a.registry.farmId}`,
    payload: (_a, b) => ({ farmerId: b.registry.farmerId }),
    outcome: WRITE,
  },
  { name: "delete A's farm", method: 'DELETE', url: (a) => `/v1/farms/${a.registry.farmId}`, outcome: WRITE },
  {
    name: "register a farm under A's farmer",
    method: 'POST',
    url: () => '/v1/farms',
    payload: (a) => ({ farmerId: a.registry.farmerId, name: 'Annexe' }),
    outcome: into('body.farmerId'),
  },
  {
    name: "move B's farm to A's farmer",
    method: 'PATCH',
    url: (_a, b) => `/v1/farms/${b.registry.farmId}`,
    payload: (a) => ({ farmerId: a.registry.farmerId }),
    outcome: into('body.farmerId'),
  },

  { name: "read A's field", method: 'GET', url: (a) => `/v1/fields/${a.registry.fieldId}` },
  {
    name: "redraw A's field",
    method: 'PATCH',
    url: (a) => `/v1/fields/${a.registry.fieldId}`,
    payload: () => ({ boundary: plot(B_FIELD_AT) }),
    outcome: WRITE,
  },
  { name: "delete A's field", method: 'DELETE', url: (a) => `/v1/fields/${a.registry.fieldId}`, outcome: WRITE },
  {
    name: "draw a field in A's farm",
    method: 'POST',
    url: () => '/v1/fields',
    payload: (a) => ({ farmId: a.registry.farmId, name: 'Annexe', boundary: plot(A_FIELD_AT) }),
    outcome: into('body.farmId'),
  },
  { name: "list crop cycles of A's field", method: 'GET', url: (a) => `/v1/fields/${a.registry.fieldId}/crop-cycles` },
  { name: "list soil tests of A's field", method: 'GET', url: (a) => `/v1/fields/${a.registry.fieldId}/soil-tests` },

  {
    name: "record a crop cycle on A's field",
    method: 'POST',
    url: (a) => `/v1/fields/${a.registry.fieldId}/crop-cycles`,
    payload: () => ({ crop: 'paddy', season: 'kharif', sowingDate: '2026-06-20' }),
    outcome: WRITE,
  },
  { name: "read A's crop cycle", method: 'GET', url: (a) => `/v1/crop-cycles/${a.registry.cropCycleId}` },
  {
    name: "update A's crop cycle",
    method: 'PATCH',
    url: (a) => `/v1/crop-cycles/${a.registry.cropCycleId}`,
    payload: () => ({ variety: 'PBW 725' }),
    outcome: WRITE,
  },
  { name: "delete A's crop cycle", method: 'DELETE', url: (a) => `/v1/crop-cycles/${a.registry.cropCycleId}`, outcome: WRITE },

  {
    name: "record a soil test on A's field",
    method: 'POST',
    url: (a) => `/v1/fields/${a.registry.fieldId}/soil-tests`,
    payload: () => ({ sampledOn: '2026-10-01', ph: 6.5 }),
    outcome: WRITE,
  },
  { name: "read A's soil test", method: 'GET', url: (a) => `/v1/soil-tests/${a.registry.soilTestId}` },
  {
    name: "correct A's soil test",
    method: 'PATCH',
    url: (a) => `/v1/soil-tests/${a.registry.soilTestId}`,
    payload: () => ({ ph: 5.1 }),
    outcome: WRITE,
  },
  { name: "delete A's soil test", method: 'DELETE', url: (a) => `/v1/soil-tests/${a.registry.soilTestId}`, outcome: WRITE },
];

/** A farmer with a farm, a field, a crop cycle and a soil test, registered by a tenant's admin. */
async function registerFarmer(app: FastifyInstance, tokens: TokenSet, name: string, at: { lat: number; lon: number }): Promise<Registry> {
  const post = async (url: string, payload: object) => {
    const response = await app.inject({ method: 'POST', url, headers: bearer(tokens), payload });
    assert.equal(response.statusCode, 201, `${url}: ${response.body}`);
    return response.json();
  };
  const phone = mobile();
  const farmer = await post('/v1/farmers', { name, state: 'Punjab', district: 'Ludhiana', phone });
  const farm = await post('/v1/farms', { farmerId: farmer.id, name: `${name}'s farm` });
  const field = await post('/v1/fields', { farmId: farm.id, name: 'Tubewell field', boundary: plot(at) });
  const cycle = await post(`/v1/fields/${field.id}/crop-cycles`, {
    crop: 'wheat',
    season: 'rabi',
    sowingDate: '2026-11-05',
    variety: 'HD 3086',
    irrigation: 'tubewell',
  });
  const soil = await post(`/v1/fields/${field.id}/soil-tests`, { sampledOn: '2026-09-25', ph: 7.8, oc: 0.42, n: 198 });
  return {
    farmerId: farmer.id,
    farmerName: name,
    phone,
    farmId: farm.id,
    fieldId: field.id,
    cropCycleId: cycle.id,
    soilTestId: soil.id,
    centroid: field.centroid,
  };
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

function assertProblem(response: Response, status: number, context: string) {
  assert.equal(response.statusCode, status, `${context}: expected ${status}, got ${response.statusCode} ${response.body}`);
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/, context);
  assert.equal(response.json().status, status, context);
}

for (const mode of storageModes) {
  describe(`tenant isolation (${mode.name})`, () => {
    let t: TestApp;
    let app: FastifyInstance;
    let a: TenantA;
    let b: TenantB;
    let bViewer: { user: { id: string }; tokens: TokenSet };
    let bClientId: string;
    /** Request ids of A's own requests, to look for in B's audit trail. */
    const aRequestIds: string[] = [];
    const tokenOf = (caller: Caller) => (caller === 'admin' ? b.tokens : bViewer.tokens);

    const asA = async (method: Reach['method'], url: string, payload?: unknown) => {
      const requestId = `a-${uuidv7()}`;
      aRequestIds.push(requestId);
      return app.inject({
        method,
        url,
        headers: { ...bearer(a.tenant.tokens), 'x-request-id': requestId },
        ...(payload ? { payload } : {}),
      });
    };

    /** A's state as A's own admin sees it. */
    const stateOfA = async () => {
      const members = await asA('GET', `/v1/tenants/${a.tenant.id}/members?limit=200`);
      assert.equal(members.statusCode, 200, members.body);
      const clients = await asA('GET', '/v1/clients');
      assert.equal(clients.statusCode, 200, clients.body);
      const job = await asA('GET', `/v1/jobs/${a.jobId}`);
      assert.equal(job.statusCode, 200, job.body);
      return {
        members: (members.json().items as { userId: string; role: string }[]).map((m) => `${m.userId}:${m.role}`).sort(),
        clients: (clients.json().items as { clientId: string; revokedAt: string | null }[]).map((c) => `${c.clientId}:${c.revokedAt}`),
        job: job.json().id as string,
        registry: await registryOfA(),
      };
    };

    /** A's registry records in full, and what hangs off each, as A's admin reads them. */
    const registryOfA = async () => {
      const { farmerId, farmId, fieldId, cropCycleId, soilTestId } = a.registry;
      const read = async (url: string) => {
        const response = await asA('GET', url);
        assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
        return response.json();
      };
      const ids = async (url: string) => ((await read(url)).items as { id: string }[]).map((item) => item.id).sort();
      return {
        farmer: await read(`/v1/farmers/${farmerId}`),
        farm: await read(`/v1/farms/${farmId}`),
        field: await read(`/v1/fields/${fieldId}`),
        cropCycle: await read(`/v1/crop-cycles/${cropCycleId}`),
        soilTest: await read(`/v1/soil-tests/${soilTestId}`),
        farmers: await ids('/v1/farmers?limit=200'),
        farms: await ids('/v1/farms?limit=200'),
        fields: await ids('/v1/fields?limit=200'),
        cropCycles: await ids(`/v1/fields/${fieldId}/crop-cycles?limit=200`),
        soilTests: await ids(`/v1/fields/${fieldId}/soil-tests?limit=200`),
      };
    };

    before(async () => {
      // A's admin reads A's whole state before and after every row: thousands of requests a minute.
      t = await buildTestApp(mode, { env: { RATE_LIMIT_PER_MINUTE: '100000' } });
      app = t.app;
      const tenantA = await createTenant(app);
      const tenantB = await createTenant(app);
      b = { ...tenantB, registry: await registerFarmer(app, tenantB.tokens, 'Paramjit Kaur Sidhu', B_FIELD_AT) };
      bViewer = await addMember(app, b, 'viewer');

      const aTokensHeader = () => ({ ...bearer(tenantA.tokens), 'x-request-id': `a-${uuidv7()}` });
      let headers = aTokensHeader();
      aRequestIds.push(headers['x-request-id']);
      const officer = await registerUser(app);
      const invited = await app.inject({
        method: 'POST',
        url: `/v1/tenants/${tenantA.id}/members`,
        headers,
        payload: { email: officer.email, role: 'agronomist' },
      });
      assert.equal(invited.statusCode, 202, invited.body);
      const acceptId = `a-${uuidv7()}`;
      aRequestIds.push(acceptId);
      const member = await app.inject({
        method: 'POST',
        url: '/v1/invitations/accept',
        headers: { ...bearer(await signIn(app, officer)), 'x-request-id': acceptId },
        payload: { token: invited.json().token },
      });
      assert.equal(member.statusCode, 200, member.body);
      headers = aTokensHeader();
      aRequestIds.push(headers['x-request-id']);
      const client = await app.inject({ method: 'POST', url: '/v1/clients', headers, payload: { name: 'A weather station' } });
      assert.equal(client.statusCode, 201, client.body);
      const job = await app.resources.queue.enqueue('isolation.probe', { field: 'north' }, { tenantId: tenantA.id });
      const registry = await registerFarmer(app, tenantA.tokens, 'Harjinder Singh Grewal', A_FIELD_AT);
      a = { tenant: tenantA, memberId: member.json().userId, clientId: client.json().clientId, jobId: job.id, registry };

      const bClient = await app.inject({
        method: 'POST',
        url: '/v1/clients',
        headers: bearer(b.tokens),
        payload: { name: 'B integration' },
      });
      assert.equal(bClient.statusCode, 201, bClient.body);
      bClientId = bClient.json().clientId;
    });
    after(async () => t?.close());

    for (const caller of ['admin', 'viewer'] as const) {
      for (const reach of REACH_INTO_A.filter((row) => (row.as ?? ['admin', 'viewer']).includes(caller))) {
        const outcome = reach.outcome?.[caller] ?? 404;
        const status = typeof outcome === 'number' ? outcome : outcome.status;
        it(`B's ${caller} may not ${reach.name}: ${reach.method} answers ${status} and A is unchanged`, async () => {
          const before = await stateOfA();
          const url = reach.url(a, b);
          const response = await app.inject({
            method: reach.method,
            url,
            headers: bearer(tokenOf(caller)),
            ...(reach.payload ? { payload: reach.payload(a, b) as object } : {}),
          });
          assertProblem(response, status, `${caller} ${reach.method} ${url}`);
          if (typeof outcome === 'object') {
            const paths = (response.json().errors as { path: string }[]).map((error) => error.path);
            assert.deepEqual(paths, [outcome.path], `${reach.method} ${url} names the id it could not use`);
          }
          assert.ok(!response.body.includes(a.registry.farmerName), `${reach.method} ${url} tells about A's farmer`);
          assert.deepEqual(await stateOfA(), before, `${reach.method} ${url} changed A's state`);
        });
      }
    }

    it("answers for A's tenant exactly as for a tenant that does not exist", async () => {
      for (const tokens of [b.tokens, bViewer.tokens]) {
        const real = await app.inject({ method: 'GET', url: `/v1/tenants/${a.tenant.id}/members`, headers: bearer(tokens) });
        const missing = await app.inject({ method: 'GET', url: `/v1/tenants/${uuidv7()}/members`, headers: bearer(tokens) });
        assertProblem(real, 404, 'A');
        assertProblem(missing, 404, 'missing');
        assert.equal(real.json().detail, missing.json().detail);
        const realClient = await app.inject({ method: 'DELETE', url: `/v1/clients/${a.clientId}`, headers: bearer(tokens) });
        const missingClient = await app.inject({ method: 'DELETE', url: `/v1/clients/${uuidv7()}`, headers: bearer(tokens) });
        assert.equal(realClient.json().detail, missingClient.json().detail);
        const { farmerId, farmId, fieldId, cropCycleId, soilTestId } = a.registry;
        for (const [path, id] of [
          ['farmers', farmerId],
          ['farms', farmId],
          ['fields', fieldId],
          ['crop-cycles', cropCycleId],
          ['soil-tests', soilTestId],
        ] as const) {
          const realRecord = await app.inject({ url: `/v1/${path}/${id}`, headers: bearer(tokens) });
          const missingRecord = await app.inject({ url: `/v1/${path}/${uuidv7()}`, headers: bearer(tokens) });
          assertProblem(realRecord, 404, `A's ${path}`);
          assert.equal(realRecord.json().detail, missingRecord.json().detail, path);
        }
      }
    });

    it("B's registry lists, export and sync hold only B's records, whatever filter names A's", async () => {
      const ofA = a.registry;
      const ofB = b.registry;
      for (const caller of ['admin', 'viewer'] as const) {
        const get = async (url: string) => {
          const response = await app.inject({ url, headers: bearer(tokenOf(caller)) });
          assert.equal(response.statusCode, 200, `${caller} ${url}: ${response.body}`);
          return response;
        };
        const ids = async (url: string) => ((await get(url)).json().items as { id: string }[]).map((item) => item.id);
        const context = (url: string) => `${caller} ${url}`;
        const expect = async (url: string, expected: string[]) => assert.deepEqual(await ids(url), expected, context(url));

        await expect('/v1/farmers?limit=200', [ofB.farmerId]);
        await expect(`/v1/farmers?phone=${ofA.phone}`, []);
        await expect(`/v1/farmers?q=${encodeURIComponent(ofA.farmerName)}`, []);
        await expect('/v1/farmers?district=Ludhiana', [ofB.farmerId]);
        await expect('/v1/farms?limit=200', [ofB.farmId]);
        await expect(`/v1/farms?farmerId=${ofA.farmerId}`, []);
        await expect('/v1/fields?limit=200', [ofB.fieldId]);
        await expect(`/v1/fields?farmId=${ofA.farmId}`, []);
        await expect(`/v1/fields?farmerId=${ofA.farmerId}`, []);
        await expect(`/v1/fields?near=${ofA.centroid.lat},${ofA.centroid.lon}&radiusKm=5`, [ofB.fieldId]);
        const { lat, lon } = ofA.centroid;
        await expect(`/v1/fields?bbox=${lon - 0.01},${lat - 0.01},${lon + 0.01},${lat + 0.01}`, [ofB.fieldId]);
        await expect(`/v1/fields/${ofB.fieldId}/crop-cycles`, [ofB.cropCycleId]);
        await expect(`/v1/fields/${ofB.fieldId}/soil-tests`, [ofB.soilTestId]);

        const csv = (await get('/v1/farmers/export')).body;
        assert.ok(csv.includes(ofB.farmerId), context('export'));
        assert.ok(!csv.includes(ofA.farmerId) && !csv.includes(ofA.farmerName), `${caller}'s export holds A's farmer`);
        assert.equal(csv.trimEnd().split('\r\n').length, 2, `${caller}'s export: a header and B's one farmer`);

        const synced = await syncAll(app, tokenOf(caller));
        assert.deepEqual(
          [...synced.keys()].sort(),
          [
            `crop_cycles:${ofB.cropCycleId}`,
            `farmers:${ofB.farmerId}`,
            `farms:${ofB.farmId}`,
            `fields:${ofB.fieldId}`,
            `soil_tests:${ofB.soilTestId}`,
          ].sort(),
          `${caller}'s sync`,
        );
        const everything = JSON.stringify([...synced.values()]);
        for (const id of [ofA.farmerId, ofA.farmId, ofA.fieldId, ofA.cropCycleId, ofA.soilTestId, ofA.farmerName]) {
          assert.ok(!everything.includes(id), `${caller}'s sync mentions ${id} of A`);
        }
      }
      // A still sees exactly its own records.
      const own = await registryOfA();
      assert.deepEqual(own.farmers, [ofA.farmerId]);
      assert.deepEqual(own.fields, [ofA.fieldId]);
    });

    it('B cannot sign in to A', async () => {
      const response = await passwordGrant(app, b.admin, a.tenant.slug);
      assert.equal(response.statusCode, 400, response.body);
      assert.equal(response.json().error, 'invalid_grant');
    });

    it("B's tenant list does not contain A", async () => {
      for (const tokens of [b.tokens, bViewer.tokens]) {
        const response = await app.inject({ method: 'GET', url: '/v1/tenants?limit=200', headers: bearer(tokens) });
        assert.equal(response.statusCode, 200, response.body);
        const ids = (response.json().items as { id: string }[]).map((tenant) => tenant.id);
        assert.deepEqual(ids, [b.id]);
      }
    });

    it("B's member list has none of A's members", async () => {
      const response = await app.inject({ method: 'GET', url: `/v1/tenants/${b.id}/members?limit=200`, headers: bearer(b.tokens) });
      assert.equal(response.statusCode, 200, response.body);
      const ids = (response.json().items as { userId: string }[]).map((m) => m.userId).sort();
      assert.deepEqual(ids, [b.admin.id, bViewer.user.id].sort());
    });

    it("B's client list has none of A's clients", async () => {
      const response = await app.inject({ method: 'GET', url: '/v1/clients', headers: bearer(b.tokens) });
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(
        (response.json().items as { clientId: string }[]).map((c) => c.clientId),
        [bClientId],
      );
      // B's viewer may not list clients at all: its role is refused in its own tenant.
      assertProblem(await app.inject({ method: 'GET', url: '/v1/clients', headers: bearer(bViewer.tokens) }), 403, 'viewer clients');
    });

    it("B's audit events contain none of A's", async () => {
      const ofA = await asA('GET', '/v1/audit-events?limit=200');
      assert.equal(ofA.statusCode, 200, ofA.body);
      const aEvents = ofA.json().items as { id: string; action: string; requestId: string | null; subject: string | null }[];
      // A's own trail has what it did, so finding none of it in B's means something.
      assert.ok(aEvents.some((e) => e.action === 'client.created' && e.subject === `client:${a.clientId}`));
      assert.ok(aEvents.some((e) => e.action === 'membership.added' && e.subject === `user:${a.memberId}`));

      const ofB = await app.inject({ method: 'GET', url: '/v1/audit-events?limit=200', headers: bearer(b.tokens) });
      assert.equal(ofB.statusCode, 200, ofB.body);
      const bEvents = ofB.json().items as { id: string; actorUserId: string | null; requestId: string | null; subject: string | null }[];
      assert.ok(bEvents.length > 0, 'B sees its own events');
      const aIds = new Set(aEvents.map((e) => e.id));
      const aSubjects = new Set([`client:${a.clientId}`, `user:${a.memberId}`, `user:${a.tenant.admin.id}`, `tenant:${a.tenant.id}`]);
      for (const event of bEvents) {
        assert.ok(!aIds.has(event.id), `B sees A's event ${event.id}`);
        assert.ok(!aRequestIds.includes(event.requestId ?? ''), `B sees an event of A's request ${event.requestId}`);
        assert.ok(!aSubjects.has(event.subject ?? ''), `B sees an event about ${event.subject}`);
        assert.notEqual(event.actorUserId, a.tenant.admin.id, "B sees an event of A's admin");
      }
      assertProblem(await app.inject({ method: 'GET', url: '/v1/audit-events', headers: bearer(bViewer.tokens) }), 403, 'viewer audit');
    });

    it("a platform administrator signed in to A reads A's members", async () => {
      const email = `platform-${uuidv7().slice(-12)}@example.org`;
      const password = `platform secret ${uuidv7()}`;
      await createPlatformAdmin(app.resources.db, email, password);
      const tokens = await signIn(app, { email, password }, a.tenant.slug);
      assert.equal(tokens.tenant_id, a.tenant.id);

      const me = await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(tokens) });
      assert.equal(me.statusCode, 200, me.body);
      assert.deepEqual(me.json().token, { tenantId: a.tenant.id, role: 'platform_admin' });

      const response = await app.inject({ method: 'GET', url: `/v1/tenants/${a.tenant.id}/members`, headers: bearer(tokens) });
      assert.equal(response.statusCode, 200, response.body);
      const ids = (response.json().items as { userId: string }[]).map((m) => m.userId).sort();
      assert.deepEqual(ids, [a.tenant.admin.id, a.memberId].sort());

      const tenants = await app.inject({ method: 'GET', url: '/v1/tenants?limit=200', headers: bearer(tokens) });
      const listed = (tenants.json().items as { id: string }[]).map((tenant) => tenant.id);
      assert.ok(listed.includes(a.tenant.id) && listed.includes(b.id), 'a platform administrator lists every tenant');
    });
  });
}
