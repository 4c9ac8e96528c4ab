import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { createPlatformAdmin } from '../../src/seed.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { addMember, bearer, createTenant, passwordGrant, signIn, type TestTenant, type TokenSet } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';

/**
 * Tenant isolation through the HTTP API with real tokens: whatever tenant B asks about tenant A's
 * resources answers exactly like a resource that does not exist (404), changes nothing, and B's
 * lists never show A's rows.
 */

interface Response {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
  json(): any;
}

type Caller = 'admin' | 'viewer';

/** What tenant A owns, as far as the requests below need to name it. */
interface TenantA {
  tenant: TestTenant;
  memberId: string;
  clientId: string;
  jobId: string;
}

interface Reach {
  name: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: (a: TenantA, b: TestTenant) => string;
  payload?: (a: TenantA, b: TestTenant) => unknown;
  /** Callers of B this row applies to; both unless said. */
  as?: Caller[];
}

/**
 * Every way a token of tenant B might reach tenant A's resources. A new tenant-owned endpoint is
 * one more line here; each line runs for B's admin and B's viewer, and must answer 404.
 */
const REACH_INTO_A: Reach[] = [
  { name: "list A's members", method: 'GET', url: (a) => `/v1/tenants/${a.tenant.id}/members` },
  { name: 'add themselves to A as admin', method: 'POST', url: (a) => `/v1/tenants/${a.tenant.id}/members`, payload: (_a, b) => ({ email: b.admin.email, role: 'tenant_admin' }) },
  { name: "promote A's member", method: 'PATCH', url: (a) => `/v1/tenants/${a.tenant.id}/members/${a.memberId}`, payload: () => ({ role: 'tenant_admin' }) },
  { name: "demote A's admin", method: 'PATCH', url: (a) => `/v1/tenants/${a.tenant.id}/members/${a.tenant.admin.id}`, payload: () => ({ role: 'viewer' }) },
  { name: "remove A's member", method: 'DELETE', url: (a) => `/v1/tenants/${a.tenant.id}/members/${a.memberId}` },
  { name: "remove A's admin", method: 'DELETE', url: (a) => `/v1/tenants/${a.tenant.id}/members/${a.tenant.admin.id}` },
  { name: "revoke A's OAuth client", method: 'DELETE', url: (a) => `/v1/clients/${a.clientId}` },
  { name: "read A's job", method: 'GET', url: (a) => `/v1/jobs/${a.jobId}` },
  // Through B's own path: row-level security hides A's member. (B's viewer is refused by role on
  // its own tenant's path before any lookup, which tells nothing about A.)
  { name: "promote A's member through B's path", method: 'PATCH', url: (a, b) => `/v1/tenants/${b.id}/members/${a.memberId}`, payload: () => ({ role: 'viewer' }), as: ['admin'] },
  { name: "remove A's admin through B's path", method: 'DELETE', url: (a, b) => `/v1/tenants/${b.id}/members/${a.tenant.admin.id}`, as: ['admin'] },
];


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
    let b: TestTenant;
    let bViewer: { user: { id: string }; tokens: TokenSet };
    let bClientId: string;
    /** Request ids of A's own requests, to look for in B's audit trail. */
    const aRequestIds: string[] = [];
    const tokenOf = (caller: Caller) => (caller === 'admin' ? b.tokens : bViewer.tokens);

    const asA = async (method: Reach['method'], url: string, payload?: unknown) => {
      const requestId = `a-${uuidv7()}`;
      aRequestIds.push(requestId);
      return app.inject({ method, url, headers: { ...bearer(a.tenant.tokens), 'x-request-id': requestId }, ...(payload ? { payload } : {}) });
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
      };
    };

    before(async () => {
      t = await buildTestApp(mode);
      app = t.app;
      const tenantA = await createTenant(app);
      b = await createTenant(app);
      bViewer = await addMember(app, b, 'viewer');

      const aTokensHeader = () => ({ ...bearer(tenantA.tokens), 'x-request-id': `a-${uuidv7()}` });
      let headers = aTokensHeader();
      aRequestIds.push(headers['x-request-id']);
      const member = await app.inject({
        method: 'POST', url: `/v1/tenants/${tenantA.id}/members`, headers,
        payload: { email: `field-officer-${uuidv7().slice(-12)}@example.org`, role: 'agronomist' },
      });
      assert.equal(member.statusCode, 201, member.body);
      headers = aTokensHeader();
      aRequestIds.push(headers['x-request-id']);
      const client = await app.inject({ method: 'POST', url: '/v1/clients', headers, payload: { name: 'A weather station' } });
      assert.equal(client.statusCode, 201, client.body);
      const job = await app.resources.queue.enqueue('isolation.probe', { field: 'north' }, { tenantId: tenantA.id });
      a = { tenant: tenantA, memberId: member.json().userId, clientId: client.json().clientId, jobId: job.id };

      const bClient = await app.inject({ method: 'POST', url: '/v1/clients', headers: bearer(b.tokens), payload: { name: 'B integration' } });
      assert.equal(bClient.statusCode, 201, bClient.body);
      bClientId = bClient.json().clientId;
    });
    after(async () => t?.close());

    for (const caller of ['admin', 'viewer'] as const) {
      for (const reach of REACH_INTO_A.filter((row) => (row.as ?? ['admin', 'viewer']).includes(caller))) {
        it(`B's ${caller} may not ${reach.name}: ${reach.method} answers 404 and A is unchanged`, async () => {
          const before = await stateOfA();
          const url = reach.url(a, b);
          const response = await app.inject({
            method: reach.method,
            url,
            headers: bearer(tokenOf(caller)),
            ...(reach.payload ? { payload: reach.payload(a, b) as object } : {}),
          });
          assertProblem(response, 404, `${caller} ${reach.method} ${url}`);
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
      }
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
      assert.deepEqual((response.json().items as { clientId: string }[]).map((c) => c.clientId), [bClientId]);
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
