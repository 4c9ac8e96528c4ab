import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { buildTestApp, type TestApp } from '../support/app.js';
import { addMember, bearer, createTenant, registerUser, signIn, type TestTenant, type TokenSet } from '../support/identity.js';
import { embeddedMode, storageModes } from '../support/storage-modes.js';

/** Roles, the permission table and how quickly changes to either reach a token already issued. */

interface Response {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
  json(): any;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

interface Call {
  method: Method;
  url: string;
  payload?: object;
}

function assertStatus(response: Response, status: number, context: string) {
  assert.equal(response.statusCode, status, `${context}: expected ${status}, got ${response.statusCode} ${response.body}`);
  if (status >= 400) {
    assert.match(String(response.headers['content-type']), /^application\/problem\+json/, context);
    assert.equal(response.json().status, status, context);
  }
}

const basic = (id: string, secret: string) => ({
  authorization: `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`,
});

for (const mode of storageModes) {
  describe(`roles and the permission table (${mode.name})`, () => {
    let t: TestApp;
    let app: FastifyInstance;
    let tenant: TestTenant;
    let jobId: string;
    let clientId: string;
    const members = {} as Record<'viewer' | 'agronomist' | 'farmer', { user: { id: string }; tokens: TokenSet }>;

    const call = (tokens: TokenSet | string, { method, url, payload }: Call) =>
      app.inject({ method, url, headers: bearer(tokens), ...(payload ? { payload } : {}) });

    /** One request per admin-only permission: members:read, members:manage, clients:manage, audit:read. */
    const adminOnly = (): Call[] => [
      { method: 'GET', url: `/v1/tenants/${tenant.id}/members` },
      {
        method: 'POST',
        url: `/v1/tenants/${tenant.id}/members`,
        payload: { email: `new-${uuidv7().slice(-12)}@example.org`, role: 'tenant_admin' },
      },
      { method: 'PATCH', url: `/v1/tenants/${tenant.id}/members/${tenant.admin.id}`, payload: { role: 'viewer' } },
      { method: 'DELETE', url: `/v1/tenants/${tenant.id}/members/${tenant.admin.id}` },
      { method: 'GET', url: '/v1/clients' },
      { method: 'POST', url: '/v1/clients', payload: { name: 'not allowed' } },
      { method: 'DELETE', url: `/v1/clients/${clientId}` },
      { method: 'GET', url: '/v1/audit-events' },
    ];

    before(async () => {
      t = await buildTestApp(mode);
      app = t.app;
      tenant = await createTenant(app);
      for (const role of ['viewer', 'agronomist', 'farmer'] as const) members[role] = await addMember(app, tenant, role);
      jobId = (await app.resources.queue.enqueue('roles.probe', {}, { tenantId: tenant.id })).id;
      const client = await call(tenant.tokens, { method: 'POST', url: '/v1/clients', payload: { name: 'Existing integration' } });
      assertStatus(client, 201, 'create client');
      clientId = client.json().clientId;
    });
    after(async () => t?.close());

    for (const role of ['viewer', 'agronomist', 'farmer'] as const) {
      const readsJobs = role !== 'farmer';
      const jobsClause = readsJobs ? "the tenant's jobs" : "not a job about someone else's records";
      it(`${role === 'agronomist' ? 'an' : 'a'} ${role} is refused admin actions with 403 and may read /v1/me and ${jobsClause}`, async () => {
        const { tokens } = members[role];
        for (const request of adminOnly()) assertStatus(await call(tokens, request), 403, `${role} ${request.method} ${request.url}`);

        const me = await call(tokens, { method: 'GET', url: '/v1/me' });
        assertStatus(me, 200, `${role} /v1/me`);
        assert.deepEqual(me.json().token, { tenantId: tenant.id, role });
        assert.deepEqual(
          me.json().memberships.map((m: { tenantId: string; role: string }) => [m.tenantId, m.role]),
          [[tenant.id, role]],
        );
        const job = await call(tokens, { method: 'GET', url: `/v1/jobs/${jobId}` });
        // A farmer follows only jobs about their own records (test/security/job-visibility.test.ts).
        assertStatus(job, readsJobs ? 200 : 404, `${role} job`);
        if (readsJobs) assert.equal(job.json().id, jobId);
      });
    }

    it('a signed-in user without a tenant may create one and read /v1/me, and is refused tenant routes', async () => {
      const user = await registerUser(app);
      const tokens = await signIn(app, user);
      assert.equal(tokens.tenant_id, undefined);

      const me = await call(tokens, { method: 'GET', url: '/v1/me' });
      assertStatus(me, 200, '/v1/me');
      assert.deepEqual(me.json().token, { tenantId: null, role: 'user' });
      assert.deepEqual(me.json().memberships, []);

      for (const request of [...adminOnly(), { method: 'GET', url: `/v1/jobs/${jobId}` } as Call]) {
        assertStatus(await call(tokens, request), 403, `user ${request.method} ${request.url}`);
      }

      const slug = `own-${uuidv7().slice(-12)}`;
      const created = await call(tokens, { method: 'POST', url: '/v1/tenants', payload: { name: 'Own FPO', slug } });
      assertStatus(created, 201, 'create tenant');
      const own = created.json().id as string;
      const after = await call(tokens, { method: 'GET', url: '/v1/me' });
      assert.deepEqual(
        after.json().memberships.map((m: { tenantId: string; role: string }) => [m.tenantId, m.role]),
        [[own, 'tenant_admin']],
      );
      const listed = await call(tokens, { method: 'GET', url: '/v1/tenants' });
      assertStatus(listed, 200, 'list tenants');
      assert.deepEqual(
        listed.json().items.map((x: { id: string }) => x.id),
        [own],
      );

      // The token still has no tenant: admin work in the new tenant needs a token issued for it.
      assertStatus(
        await call(tokens, { method: 'GET', url: `/v1/tenants/${own}/members` }),
        403,
        'members of own tenant with a tenantless token',
      );
      assertStatus(await call(tokens, { method: 'GET', url: '/v1/audit-events' }), 403, 'audit with a tenantless token');
      const adminTokens = await signIn(app, user, slug);
      assertStatus(await call(adminTokens, { method: 'GET', url: `/v1/tenants/${own}/members` }), 200, 'members with a tenant token');
    });

    it('an OAuth client acts with its role (secret in the body or HTTP Basic) and cannot create tenants', async () => {
      const created = await call(tenant.tokens, {
        method: 'POST',
        url: '/v1/clients',
        payload: { name: 'Weather station', role: 'agronomist' },
      });
      assertStatus(created, 201, 'create client');
      assert.equal(created.headers['cache-control'], 'no-store');
      const { clientId: id, clientSecret: secret, role } = created.json();
      assert.equal(role, 'agronomist');
      assert.ok(typeof secret === 'string' && secret.length >= 40);
      const listed = await call(tenant.tokens, { method: 'GET', url: '/v1/clients' });
      assert.ok(!listed.body.includes(secret), 'the secret is shown only once');

      const viaBody = await app.inject({
        method: 'POST',
        url: '/oauth/token',
        payload: { grant_type: 'client_credentials', client_id: id, client_secret: secret },
      });
      assert.equal(viaBody.statusCode, 200, viaBody.body);
      const viaBasic = await app.inject({
        method: 'POST',
        url: '/oauth/token',
        headers: { ...basic(id, secret), 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'grant_type=client_credentials',
      });
      assert.equal(viaBasic.statusCode, 200, viaBasic.body);
      const wrong = await app.inject({
        method: 'POST',
        url: '/oauth/token',
        headers: basic(id, `${secret}x`),
        payload: { grant_type: 'client_credentials' },
      });
      assert.equal(wrong.statusCode, 401, wrong.body);
      assert.equal(wrong.json().error, 'invalid_client');
      assert.match(String(wrong.headers['www-authenticate']), /^Basic /);

      for (const tokens of [viaBody.json(), viaBasic.json()] as TokenSet[]) {
        assert.equal(tokens.tenant_id, tenant.id);
        assert.equal(tokens.refresh_token, undefined, 'a client gets no refresh token');
        const me = await call(tokens, { method: 'GET', url: '/v1/me' });
        assertStatus(me, 200, 'client /v1/me');
        assert.deepEqual(me.json().token, { tenantId: tenant.id, role: 'agronomist', clientId: id });
        assertStatus(await call(tokens, { method: 'GET', url: `/v1/jobs/${jobId}` }), 200, 'client reads a job');
        for (const request of adminOnly()) assertStatus(await call(tokens, request), 403, `client ${request.method} ${request.url}`);
        const tenantByClient = await call(tokens, {
          method: 'POST',
          url: '/v1/tenants',
          payload: { name: 'By a client', slug: `c-${uuidv7().slice(-12)}` },
        });
        assertStatus(tenantByClient, 403, 'client creates a tenant');
      }

      // Revoking the client stops its tokens at once.
      assertStatus(await call(tenant.tokens, { method: 'DELETE', url: `/v1/clients/${id}` }), 204, 'revoke client');
      assertStatus(await call(viaBody.json(), { method: 'GET', url: '/v1/me' }), 401, 'revoked client');
    });

    it("a member's new role applies to their existing token at once, both ways", async () => {
      const person = await addMember(app, tenant, 'viewer');
      const audit: Call = { method: 'GET', url: '/v1/audit-events' };
      const write = (): Call => ({ method: 'POST', url: '/v1/clients', payload: { name: `by promoted ${uuidv7().slice(-6)}` } });
      assertStatus(await call(person.tokens, audit), 403, 'viewer reads audit');

      const promote = await call(tenant.tokens, {
        method: 'PATCH',
        url: `/v1/tenants/${tenant.id}/members/${person.user.id}`,
        payload: { role: 'tenant_admin' },
      });
      assertStatus(promote, 200, 'promote');
      assert.equal(promote.json().role, 'tenant_admin');
      assertStatus(await call(person.tokens, audit), 200, 'promoted reads audit');
      assertStatus(await call(person.tokens, write()), 201, 'promoted creates a client');
      const me = await call(person.tokens, { method: 'GET', url: '/v1/me' });
      assert.equal(me.json().token.role, 'tenant_admin');

      assertStatus(
        await call(tenant.tokens, {
          method: 'PATCH',
          url: `/v1/tenants/${tenant.id}/members/${person.user.id}`,
          payload: { role: 'viewer' },
        }),
        200,
        'demote',
      );
      assertStatus(await call(person.tokens, audit), 403, 'demoted reads audit');
      assertStatus(await call(person.tokens, write()), 403, 'demoted creates a client');
    });

    it('removing a member makes their existing token answer 401 at once, for reads and writes', async () => {
      const person = await addMember(app, tenant, 'agronomist');
      assertStatus(await call(person.tokens, { method: 'GET', url: `/v1/jobs/${jobId}` }), 200, 'member reads a job');

      assertStatus(
        await call(tenant.tokens, { method: 'DELETE', url: `/v1/tenants/${tenant.id}/members/${person.user.id}` }),
        204,
        'remove',
      );
      const requests: Call[] = [
        { method: 'GET', url: '/v1/me' },
        { method: 'GET', url: `/v1/jobs/${jobId}` },
        { method: 'POST', url: '/v1/tenants', payload: { name: 'After removal', slug: `r-${uuidv7().slice(-12)}` } },
        { method: 'POST', url: '/v1/clients', payload: { name: 'after removal' } },
      ];
      for (const request of requests) {
        const response = await call(person.tokens, request);
        assertStatus(response, 401, `removed ${request.method} ${request.url}`);
        assert.match(String(response.headers['www-authenticate']), /^Bearer error="invalid_token"/);
      }
      // Their refresh token cannot bring the tenant back either.
      const refreshed = await app.inject({
        method: 'POST',
        url: '/oauth/token',
        payload: { grant_type: 'refresh_token', refresh_token: person.tokens.refresh_token },
      });
      assert.equal(refreshed.statusCode, 400, refreshed.body);
      assert.equal(refreshed.json().error, 'invalid_grant');
      const members = await call(tenant.tokens, { method: 'GET', url: `/v1/tenants/${tenant.id}/members?limit=200` });
      assert.ok(!members.json().items.some((m: { userId: string }) => m.userId === person.user.id));
    });

    it('the last tenant_admin can be neither demoted nor removed (409)', async () => {
      const admins = async () => {
        const response = await call(tenant.tokens, { method: 'GET', url: `/v1/tenants/${tenant.id}/members?limit=200` });
        assertStatus(response, 200, 'members');
        return response
          .json()
          .items.filter((m: { role: string }) => m.role === 'tenant_admin')
          .map((m: { userId: string }) => m.userId);
      };
      assert.deepEqual(await admins(), [tenant.admin.id]);
      const self = `/v1/tenants/${tenant.id}/members/${tenant.admin.id}`;
      assertStatus(await call(tenant.tokens, { method: 'PATCH', url: self, payload: { role: 'viewer' } }), 409, 'demote the last admin');
      assertStatus(await call(tenant.tokens, { method: 'DELETE', url: self }), 409, 'remove the last admin');
      assert.deepEqual(await admins(), [tenant.admin.id]);
      // Re-asserting the role of the last admin is no demotion.
      assertStatus(await call(tenant.tokens, { method: 'PATCH', url: self, payload: { role: 'tenant_admin' } }), 200, 'keep admin');
    });
  });
}

describe('every route declares its permission', () => {
  it('an app with a route that declares no permission does not start, naming the route', async () => {
    const undeclared: FastifyPluginAsync = async (app) => {
      app.get('/probe/undeclared', async () => ({ open: true }));
    };
    await assert.rejects(buildTestApp(embeddedMode, { plugins: [undeclared] }), (error: Error) => {
      assert.match(error.message, /GET \/probe\/undeclared/);
      assert.match(error.message, /config\.permission/);
      return true;
    });
  });

  it('nor does one that declares a permission the table does not know', async () => {
    const unknown: FastifyPluginAsync = async (app) => {
      app.delete('/probe/unknown', { config: { permission: 'fields:obliterate' as 'public' } }, async () => ({ gone: true }));
    };
    await assert.rejects(buildTestApp(embeddedMode, { plugins: [unknown] }), /DELETE \/probe\/unknown/);
  });
});
