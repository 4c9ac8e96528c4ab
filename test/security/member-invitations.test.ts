import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { v7 as uuidv7 } from 'uuid';
import { openCrypto } from '../../src/infra/crypto.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { bearer, createTenant, registerUser, signIn, someAddress, type TestTenant, type TokenSet } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';

interface AuditItem {
  action: string;
  subject: string | null;
  actorUserId: string | null;
}

for (const mode of storageModes) {
  describe(`members join by invitation (${mode.name})`, () => {
    let t: TestApp;
    const logLines: string[] = [];
    let a: TestTenant;
    let b: TestTenant;
    // A farmer tenant A registered by phone; A named them.
    const farmerPhone = `+9198${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const farmerName = `Kamala Bai ${uuidv7().slice(-6)}`;
    let farmerId: string;

    /** The last SMS to the phone ending in these four digits, as the log sender writes it outside production. */
    const lastText = (phone: string) => {
      const to = `+91XXXXXX${phone.slice(-4)}`;
      const texts = logLines
        .map((line) => (JSON.parse(line) as { sms?: { to?: string; text?: string } }).sms)
        .filter((sms) => sms?.to === to && sms.text);
      return texts.at(-1)?.text ?? '';
    };
    const invitationToken = (phone: string) => {
      const token = /invitation code is (\S+) /.exec(lastText(phone))?.[1];
      assert.ok(token, 'no invitation was texted');
      return token;
    };
    const post = (url: string, payload: object, tokens?: TokenSet) =>
      t.app.inject({ method: 'POST', url, payload, remoteAddress: someAddress(), ...(tokens ? { headers: bearer(tokens) } : {}) });
    const invite = (tenant: TestTenant, payload: object) => post(`/v1/tenants/${tenant.id}/members`, payload, tenant.tokens);
    const accept = (token: string, tokens?: TokenSet) => post('/v1/invitations/accept', { token }, tokens);
    const otpSignIn = async (phone: string, tenant?: string) => {
      assert.equal((await post('/v1/auth/otp/request', { phone })).statusCode, 202);
      const code = /\b(\d{6})\b/.exec(lastText(phone))?.[1];
      assert.ok(code, 'no sign-in code');
      const verified = await post('/v1/auth/otp/verify', { phone, code, ...(tenant ? { tenant } : {}) });
      assert.equal(verified.statusCode, 200, verified.body);
      return verified.json() as TokenSet;
    };
    const me = async (tokens: TokenSet) => (await t.app.inject({ url: '/v1/me', headers: bearer(tokens) })).json();
    const usersWith = async (column: 'email' | 'phone_index', value: string) =>
      (await t.app.resources.db.platform((tx) => tx.query(`SELECT id FROM users WHERE ${column} = $1`, [value]))).rowCount;
    const phoneIndex = (phone: string) => openCrypto(t.config).blindIndex('phone', phone);
    const auditActions = async (tenant: TestTenant) => {
      const response = await t.app.inject({ url: '/v1/audit-events?limit=200', headers: bearer(tenant.tokens) });
      return (response.json().items as AuditItem[]).map((event) => event.action);
    };

    before(async () => {
      t = await buildTestApp(mode, { env: { LOG_LEVEL: 'info' }, logStream: { write: (line) => void logLines.push(line) } });
      a = await createTenant(t.app);
      b = await createTenant(t.app);
      const crypto = openCrypto(t.config);
      farmerId = uuidv7();
      await t.app.resources.db.platform(async (tx) => {
        await tx.query('INSERT INTO users (id, name, phone_index, phone_sealed, phone_hint) VALUES ($1, $2, $3, $4, $5)', [
          farmerId,
          farmerName,
          crypto.blindIndex('phone', farmerPhone),
          await crypto.seal(farmerPhone, 'user.phone'),
          `+91XXXXXX${farmerPhone.slice(-4)}`,
        ]);
        await tx.query(`INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'farmer')`, [a.id, farmerId]);
      });
    });
    after(async () => t?.close());

    it("naming another tenant's user links nobody and tells nothing about them", async () => {
      const invited = await invite(b, { email: a.admin.email, role: 'viewer' });
      assert.equal(invited.statusCode, 202, invited.body);
      const body = invited.json();
      assert.equal(body.status, 'pending');
      assert.equal(body.email, a.admin.email);
      assert.equal(body.name, null, 'no name but the one the admin gave');
      assert.ok(!invited.body.includes(a.admin.id), "the other tenant's user id is not shown");
      assert.equal(invited.headers.location, `/v1/tenants/${b.id}/invitations/${body.id}`);

      const aAdmin = await me(await signIn(t.app, a.admin));
      assert.deepEqual(
        aAdmin.memberships.map((m: { tenantId: string }) => m.tenantId),
        [a.id],
        'not a member of B before accepting',
      );
      const members = await t.app.inject({ url: `/v1/tenants/${b.id}/members?limit=200`, headers: bearer(b.tokens) });
      assert.ok(!members.json().items.some((m: { userId: string }) => m.userId === a.admin.id));
    });

    it('an email nobody registered gets no account; its owner registers later', async () => {
      const email = `someone-${uuidv7().slice(-12)}@example.org`;
      assert.equal((await invite(b, { email, role: 'agronomist' })).statusCode, 202);
      assert.equal(await usersWith('email', email), 0);
      const registered = await t.app.inject({
        method: 'POST',
        url: '/v1/auth/register',
        remoteAddress: someAddress(),
        payload: { email, password: 'a long passphrase of theirs', name: 'The Owner' },
      });
      assert.equal(registered.statusCode, 201, registered.body);
    });

    it('only the invited person accepts, once; then they are a member with the role', async () => {
      const person = await registerUser(t.app);
      const invited = await invite(b, { email: person.email.toUpperCase(), role: 'agronomist' });
      assert.equal(invited.statusCode, 202, invited.body);
      assert.equal(invited.json().delivery, 'token');
      const { token } = invited.json();
      assert.ok(token);

      const stranger = await signIn(t.app, await registerUser(t.app));
      assert.equal((await accept(token, stranger)).statusCode, 403, 'another account');
      assert.equal((await accept(token)).statusCode, 401, 'an email invitation needs the account signed in');
      assert.equal((await accept(token, b.tokens)).statusCode, 403, 'not the inviting admin either');

      const accepted = await accept(token, await signIn(t.app, person));
      assert.equal(accepted.statusCode, 200, accepted.body);
      assert.deepEqual(accepted.json(), {
        userId: person.id,
        tenant: { id: b.id, slug: b.slug, name: `Tenant ${b.slug}` },
        role: 'agronomist',
      });
      assert.equal((await accept(token, await signIn(t.app, person))).statusCode, 404, 'a token is good once');
      const inB = await signIn(t.app, person, b.slug);
      assert.equal((await me(inB)).token.role, 'agronomist');

      const actions = await auditActions(b);
      for (const action of ['invitation.created', 'invitation.accepted', 'membership.added']) assert.ok(actions.includes(action), action);
      assert.equal((await invite(b, { email: person.email, role: 'viewer' })).statusCode, 409, 'already a member');
    });

    it('a farmer of another tenant invited by phone stays in theirs; phone sign-in keeps the last tenant or the one named', async () => {
      const invited = await invite(b, { phone: farmerPhone, role: 'farmer' });
      assert.equal(invited.statusCode, 202, invited.body);
      assert.equal(invited.json().delivery, 'sms');
      assert.equal(invited.json().token, undefined, 'the admin never sees a phone invitation token');
      assert.equal(invited.json().phone, `+91XXXXXX${farmerPhone.slice(-4)}`);
      assert.ok(!invited.body.includes(farmerName) && !invited.body.includes(farmerId), "nothing of A's farmer");
      const token = invitationToken(farmerPhone);

      // Before accepting, the farmer's app signs in to their own tenant, as always.
      assert.equal((await otpSignIn(farmerPhone)).tenant_id, a.id);

      const accepted = await accept(token);
      assert.equal(accepted.statusCode, 200, accepted.body);
      assert.equal(accepted.json().userId, farmerId, 'the phone joins with its own account');

      // In two tenants now: a sign-in naming none goes to the last one, naming one goes there.
      assert.equal((await otpSignIn(farmerPhone)).tenant_id, a.id);
      const inB = await otpSignIn(farmerPhone, b.slug);
      assert.equal(inB.tenant_id, b.id);
      assert.equal((await me(inB)).token.role, 'farmer');
      // Past the limit of codes per phone for this test's fourth sign-in: start the phone's count afresh.
      await t.app.resources.db.platform((tx) => tx.query('DELETE FROM otp_challenges WHERE phone_index = $1', [phoneIndex(farmerPhone)]));
      assert.equal((await otpSignIn(farmerPhone)).tenant_id, b.id, 'B was the last');
    });

    it('a phone nobody has gets its account only when the invitation is accepted, and signs in to that tenant', async () => {
      const phone = `+9197${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
      const invited = await invite(b, { phone, name: 'Ramesh Yadav', role: 'farmer' });
      assert.equal(invited.statusCode, 202, invited.body);
      assert.equal(await usersWith('phone_index', phoneIndex(phone)), 0, 'no account before acceptance');

      const accepted = await accept(invitationToken(phone));
      assert.equal(accepted.statusCode, 200, accepted.body);
      assert.equal(accepted.json().tenant.id, b.id);
      const tokens = await otpSignIn(phone);
      assert.equal(tokens.tenant_id, b.id);
      const profile = await me(tokens);
      assert.equal(profile.user.name, 'Ramesh Yadav');
      assert.equal(profile.token.role, 'farmer');
    });

    it('admins list and revoke their invitations; revoked, replaced and expired tokens do not work; other tenants see none', async () => {
      const person = await registerUser(t.app);
      const tokens = await signIn(t.app, person);
      const first = (await invite(b, { email: person.email, role: 'viewer' })).json();
      const second = (await invite(b, { email: person.email, role: 'viewer' })).json();
      assert.equal((await accept(first.token, tokens)).statusCode, 404, 'replaced by the second');

      const list = await t.app.inject({ url: `/v1/tenants/${b.id}/invitations?limit=200`, headers: bearer(b.tokens) });
      assert.equal(list.statusCode, 200, list.body);
      const byId = new Map(list.json().items.map((item: { id: string; status: string }) => [item.id, item]));
      assert.equal((byId.get(first.id) as { status: string }).status, 'revoked');
      assert.equal((byId.get(second.id) as { status: string }).status, 'pending');
      assert.ok(!list.body.includes(second.token), 'lists never show tokens');

      const foreign = [
        await t.app.inject({ url: `/v1/tenants/${b.id}/invitations`, headers: bearer(a.tokens) }),
        await t.app.inject({ url: `/v1/tenants/${b.id}/invitations/${second.id}`, headers: bearer(a.tokens) }),
        await t.app.inject({ method: 'DELETE', url: `/v1/tenants/${b.id}/invitations/${second.id}`, headers: bearer(a.tokens) }),
      ];
      for (const response of foreign) assert.equal(response.statusCode, 404, response.body);

      const revoked = await t.app.inject({
        method: 'DELETE',
        url: `/v1/tenants/${b.id}/invitations/${second.id}`,
        headers: bearer(b.tokens),
      });
      assert.equal(revoked.statusCode, 204);
      assert.equal((await accept(second.token, tokens)).statusCode, 404, 'revoked');
      const one = await t.app.inject({ url: `/v1/tenants/${b.id}/invitations/${second.id}`, headers: bearer(b.tokens) });
      assert.equal(one.json().status, 'revoked');
      assert.ok((await auditActions(b)).includes('invitation.revoked'));

      const third = (await invite(b, { email: person.email, role: 'viewer' })).json();
      await t.app.resources.db.platform((tx) =>
        tx.query(`UPDATE invitations SET expires_at = now() - interval '1 second' WHERE id = $1`, [third.id]),
      );
      assert.equal((await accept(third.token, tokens)).statusCode, 404, 'expired');
      const expired = await t.app.inject({ url: `/v1/tenants/${b.id}/invitations/${third.id}`, headers: bearer(b.tokens) });
      assert.equal(expired.json().status, 'expired');
      assert.deepEqual(
        (await me(tokens)).memberships.map((m: { tenantId: string }) => m.tenantId),
        [],
      );
    });
  });
}
