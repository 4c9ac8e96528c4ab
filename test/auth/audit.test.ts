import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createPlatformAdmin } from '../../src/seed.js';
import { addMember, bearer, createTenant, signIn, type TestTenant, type TokenSet } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';

/** The audit trail: what gets recorded, how a tenant admin reads it, and that nobody rewrites it. */

interface AuditEvent {
  id: string;
  action: string;
  actorUserId: string | null;
  subject: string | null;
  details: Record<string, unknown>;
  requestId: string | null;
  at: string;
}

for (const mode of storageModes) {
  describe(`audit events (${mode.name})`, () => {
    let t: TestApp;
    let app: FastifyInstance;
    let tenant: TestTenant;
    let member: { user: { id: string; email: string; password: string }; tokens: TokenSet };
    let leaver: { user: { id: string } };
    let clientId: string;
    /** The request id of each audited action, in the order they happened. */
    const requestIds = {
      signIn: `audit-sign-in-${uuidv7()}`,
      signInFailed: `audit-sign-in-failed-${uuidv7()}`,
      unknownEmail: `audit-unknown-email-${uuidv7()}`,
      roleChanged: `audit-role-changed-${uuidv7()}`,
      removed: `audit-removed-${uuidv7()}`,
      clientCreated: `audit-client-created-${uuidv7()}`,
    };

    const token = (payload: object, requestId: string) =>
      app.inject({ method: 'POST', url: '/oauth/token', headers: { 'x-request-id': requestId }, payload });
    const asAdmin = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, requestId?: string) =>
      app.inject({
        method,
        url,
        headers: { ...bearer(tenant.tokens), ...(requestId ? { 'x-request-id': requestId } : {}) },
        ...(payload ? { payload } : {}),
      });
    const events = async (query = 'limit=200') => {
      const response = await asAdmin('GET', `/v1/audit-events?${query}`);
      assert.equal(response.statusCode, 200, response.body);
      return response.json() as { items: AuditEvent[]; nextCursor: string | null };
    };

    before(async () => {
      t = await buildTestApp(mode);
      app = t.app;
      tenant = await createTenant(app);
      member = await addMember(app, tenant, 'viewer');
      leaver = await addMember(app, tenant, 'farmer');

      const credentials = { grant_type: 'password', username: member.user.email, tenant: tenant.slug };
      const signedIn = await token({ ...credentials, password: member.user.password }, requestIds.signIn);
      assert.equal(signedIn.statusCode, 200, signedIn.body);
      const failed = await token({ ...credentials, password: 'not the password at all' }, requestIds.signInFailed);
      assert.equal(failed.statusCode, 400, failed.body);
      const unknown = await token(
        { ...credentials, username: `nobody-${uuidv7().slice(-12)}@example.org`, password: 'whatever it is' },
        requestIds.unknownEmail,
      );
      assert.equal(unknown.statusCode, 400, unknown.body);

      const changed = await asAdmin(
        'PATCH',
        `/v1/tenants/${tenant.id}/members/${member.user.id}`,
        { role: 'agronomist' },
        requestIds.roleChanged,
      );
      assert.equal(changed.statusCode, 200, changed.body);
      const removed = await asAdmin('DELETE', `/v1/tenants/${tenant.id}/members/${leaver.user.id}`, undefined, requestIds.removed);
      assert.equal(removed.statusCode, 204, removed.body);
      const client = await asAdmin('POST', '/v1/clients', { name: 'Mandi price feed' }, requestIds.clientCreated);
      assert.equal(client.statusCode, 201, client.body);
      clientId = client.json().clientId;
    });
    after(async () => t?.close());

    it('records sign-ins, failures, role changes, removals and client creation, newest first', async () => {
      const { items, nextCursor } = await events();
      assert.equal(nextCursor, null);
      const byRequest = (requestId: string) => {
        const found = items.filter((event) => event.requestId === requestId);
        assert.equal(found.length, 1, `one event for ${requestId}: ${JSON.stringify(found)}`);
        return found[0]!;
      };

      const signIn = byRequest(requestIds.signIn);
      assert.equal(signIn.action, 'auth.sign_in');
      assert.equal(signIn.actorUserId, member.user.id);
      assert.equal(signIn.details.method, 'password');

      const failed = byRequest(requestIds.signInFailed);
      assert.equal(failed.action, 'auth.sign_in_failed');
      assert.equal(failed.actorUserId, member.user.id);
      assert.equal(failed.details.method, 'password');

      const changed = byRequest(requestIds.roleChanged);
      assert.equal(changed.action, 'membership.role_changed');
      assert.equal(changed.actorUserId, tenant.admin.id);
      assert.equal(changed.subject, `user:${member.user.id}`);
      assert.deepEqual(changed.details, { from: 'viewer', to: 'agronomist' });

      const removed = byRequest(requestIds.removed);
      assert.equal(removed.action, 'membership.removed');
      assert.equal(removed.actorUserId, tenant.admin.id);
      assert.equal(removed.subject, `user:${leaver.user.id}`);
      assert.deepEqual(removed.details, { role: 'farmer' });

      const created = byRequest(requestIds.clientCreated);
      assert.equal(created.action, 'client.created');
      assert.equal(created.actorUserId, tenant.admin.id);
      assert.equal(created.subject, `client:${clientId}`);

      // A failed sign-in of an address nobody has belongs to no tenant.
      assert.ok(!items.some((event) => event.requestId === requestIds.unknownEmail), 'an unknown email is not a tenant event');

      // Newest first, in the order the actions happened.
      const ordered = [signIn, failed, changed, removed, created].map((event) => items.indexOf(event)).reverse();
      assert.deepEqual(
        ordered,
        [...ordered].sort((x, y) => x - y),
        'the list is newest first',
      );
      for (let i = 1; i < items.length; i++) {
        assert.ok(items[i - 1]!.id > items[i]!.id, 'ids descend');
        assert.ok(Date.parse(items[i - 1]!.at) >= Date.parse(items[i]!.at), 'times descend');
      }
      assert.equal(items[0]!.action, 'client.created', 'the last action is the first event');
    });

    it('pages with nextCursor through the same events', async () => {
      const all = (await events()).items.map((event) => event.id);
      assert.ok(all.length > 5, `enough events to page through: ${all.length}`);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: { items: AuditEvent[]; nextCursor: string | null } = await events(
          `limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        assert.ok(page.items.length >= 1 && page.items.length <= 2, `page ${pages} has ${page.items.length} items`);
        seen.push(...page.items.map((event) => event.id));
        cursor = page.nextCursor;
        pages += 1;
        assert.ok(pages <= all.length, 'paging ends');
      } while (cursor);
      assert.deepEqual(seen, all);
      assert.equal(pages, Math.ceil(all.length / 2));

      const bad = await asAdmin('GET', '/v1/audit-events?cursor=not-a-cursor');
      assert.equal(bad.statusCode, 422, bad.body);
    });

    it('filters by action', async () => {
      for (const [action, requestId] of [
        ['membership.role_changed', requestIds.roleChanged],
        ['auth.sign_in_failed', requestIds.signInFailed],
        ['membership.removed', requestIds.removed],
        ['client.created', requestIds.clientCreated],
      ] as const) {
        const { items } = await events(`action=${action}&limit=200`);
        assert.ok(items.length >= 1, action);
        assert.ok(
          items.every((event) => event.action === action),
          `only ${action}: ${items.map((e) => e.action).join(', ')}`,
        );
        assert.ok(
          items.some((event) => event.requestId === requestId),
          `${action} includes ${requestId}`,
        );
      }
      const signIns = await events('action=auth.sign_in&limit=200');
      assert.ok(signIns.items.every((event) => event.action === 'auth.sign_in'));
      assert.ok(signIns.items.some((event) => event.requestId === requestIds.signIn));
      assert.deepEqual(await events('action=no.such.action'), { items: [], nextCursor: null });
      // Filter and cursor together.
      const first = await events('action=auth.sign_in&limit=1');
      assert.equal(first.items.length, 1);
      assert.ok(first.nextCursor);
      const second = await events(`action=auth.sign_in&limit=200&cursor=${encodeURIComponent(first.nextCursor)}`);
      assert.ok(second.items.every((event) => event.action === 'auth.sign_in' && event.id < first.items[0]!.id));
      assert.equal(second.items.length, signIns.items.length - 1);
    });

    it('is for tenant admins: a viewer or an agronomist gets 403', async () => {
      const viewer = await addMember(app, tenant, 'viewer');
      for (const tokens of [viewer.tokens, member.tokens]) {
        const response = await app.inject({ method: 'GET', url: '/v1/audit-events', headers: bearer(tokens) });
        assert.equal(response.statusCode, 403, response.body);
        assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
      }
    });

    it('is append-only for the application: UPDATE and DELETE are refused', async () => {
      const before = (await events()).items;
      const { db } = app.resources;
      await assert.rejects(
        db.tenant(tenant.id, (tx) =>
          tx.query(`UPDATE audit_events SET action = 'auth.nothing_happened' WHERE request_id = $1`, [requestIds.signInFailed]),
        ),
        /permission denied/,
      );
      await assert.rejects(
        db.tenant(tenant.id, (tx) => tx.query('DELETE FROM audit_events')),
        /permission denied/,
      );
      // Nor may the platform role rewrite history.
      await assert.rejects(
        db.platform((tx) => tx.query('DELETE FROM audit_events WHERE tenant_id = $1', [tenant.id])),
        /permission denied/,
      );
      assert.deepEqual((await events()).items, before);
    });
  });
}

describe('platform audit events', () => {
  it('a platform administrator without a tenant reads the events that belong to no tenant', async () => {
    const t = await buildTestApp(storageModes[0]!);
    try {
      const email = `root-${Date.now()}@example.org`;
      await createPlatformAdmin(t.app.resources.db, email, 'platform admin passphrase');
      const failed = await t.app.inject({
        method: 'POST',
        url: '/oauth/token',
        headers: { 'x-request-id': 'unknown-account-1' },
        payload: { grant_type: 'password', username: 'ghost@example.org', password: 'whatever it is' },
      });
      assert.equal(failed.statusCode, 400);
      const root = await signIn(t.app, { email, password: 'platform admin passphrase' });
      const events = (await t.app.inject({ url: '/v1/audit-events', headers: bearer(root) })).json();
      assert.ok(
        events.items.some(
          (e: { action: string; requestId: string }) => e.action === 'auth.sign_in_failed' && e.requestId === 'unknown-account-1',
        ),
      );
    } finally {
      await t.close();
    }
  });
});
