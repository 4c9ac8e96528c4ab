import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { SignJWT, exportJWK, generateKeyPair, type JWTPayload } from 'jose';
import { ACCESS_TOKEN_AUDIENCE } from '../../src/auth/tokens.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { bearer, createTenant, type TestTenant } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';
import { startFirebaseStub, type FirebaseStub } from '../stubs/firebase.js';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

for (const mode of storageModes) {
  describe(`access and refresh tokens under attack (${mode.name})`, () => {
    let t: TestApp;
    let tenant: TestTenant;
    let firebase: FirebaseStub;
    let otherProject: FirebaseStub;

    before(async () => {
      firebase = await startFirebaseStub({ projectId: 'kheti-farmers' });
      otherProject = await startFirebaseStub({ projectId: 'someone-else' });
      t = await buildTestApp(mode, { env: { FIREBASE_PROJECT_ID: 'kheti-farmers', FIREBASE_JWKS_URL: firebase.jwksUrl } });
      tenant = await createTenant(t.app);
    });
    after(async () => {
      await t?.close();
      await firebase?.close();
      await otherProject?.close();
    });

    const me = (token: string) => t.app.inject({ url: '/v1/me', headers: { authorization: `Bearer ${token}` } });
    const expect401 = async (token: string, why: string) => {
      const response = await me(token);
      assert.equal(response.statusCode, 401, `${why}: ${response.body}`);
      assert.match(String(response.headers['www-authenticate']), /^Bearer/);
      assert.match(String(response.headers['content-type']), /problem\+json/);
    };
    /** A token signed with our real current key, with claims of the test's choosing. */
    const forge = async (claims: JWTPayload, header: Record<string, unknown> = {}) => {
      const key = await t.app.identity.keys.current();
      const standard = {
        sub: tenant.admin.id,
        iss: t.app.identity.tokens.issuer,
        aud: ACCESS_TOKEN_AUDIENCE,
        iat: now(),
        exp: now() + 600,
        jti: 'forged',
        role: 'tenant_admin',
        scope: '',
        tid: tenant.id,
      };
      return new SignJWT({ ...standard, ...claims })
        .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'at+jwt', ...header })
        .sign(key.privateKey);
    };

    it('a genuine token works, and a token forged with the real key and sane claims does too (the baseline)', async () => {
      assert.equal((await me(tenant.tokens.access_token)).statusCode, 200);
      assert.equal((await me(await forge({}))).statusCode, 200);
    });

    it('alg none is refused', async () => {
      const [, payload] = tenant.tokens.access_token.split('.');
      await expect401(`${b64({ alg: 'none', typ: 'at+jwt' })}.${payload}.`, 'alg none, empty signature');
      await expect401(`${b64({ alg: 'none', typ: 'at+jwt' })}.${payload}.AAAA`, 'alg none, junk signature');
    });

    it('HS256 signed with the public key is refused (algorithm confusion)', async () => {
      const { keys } = await t.app.identity.keys.jwks();
      const publicJwk = keys[0]!;
      const [, payload] = tenant.tokens.access_token.split('.');
      const header = b64({ alg: 'HS256', typ: 'at+jwt', kid: publicJwk.kid });
      for (const secret of [JSON.stringify(publicJwk), publicJwk.x!]) {
        const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
        await expect401(`${header}.${payload}.${signature}`, 'HS256 with public key material');
      }
    });

    it('expired, not yet valid, wrong issuer, wrong audience: refused', async () => {
      await expect401(await forge({ exp: now() - 120, iat: now() - 1000 }), 'expired');
      await expect401(await forge({ nbf: now() + 600 }), 'nbf in the future');
      await expect401(await forge({ iss: 'https://evil.example.com' }), 'wrong issuer');
      await expect401(await forge({ aud: 'another-api' }), 'wrong audience');
      await expect401(await forge({}, { typ: 'JWT' }), 'not an access token (typ)');
    });

    it('an unknown kid, or the right kid with a key we never issued, is refused', async () => {
      const { privateKey } = await generateKeyPair('ES256');
      const claims = { role: 'platform_admin', scope: '', tid: tenant.id };
      const make = (kid: string) =>
        new SignJWT(claims)
          .setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt' })
          .setSubject(tenant.admin.id)
          .setIssuer(t.app.identity.tokens.issuer)
          .setAudience(ACCESS_TOKEN_AUDIENCE)
          .setIssuedAt()
          .setJti('x')
          .setExpirationTime('10m')
          .sign(privateKey);
      await expect401(await make('k-unknown'), 'unknown kid');
      await expect401(await make((await t.app.identity.keys.current()).kid), 'our kid, foreign key');
    });

    it('a payload edited after signing is refused', async () => {
      const [header, payload, signature] = tenant.tokens.access_token.split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
      const edited = b64({ ...claims, role: 'platform_admin' });
      await expect401(`${header}.${edited}.${signature}`, 'role raised');
      const otherTenant = b64({ ...claims, tid: '01900000-0000-7000-8000-000000000000' });
      await expect401(`${header}.${otherTenant}.${signature}`, 'tenant swapped');
    });

    it('malformed Authorization headers are refused, not ignored', async () => {
      for (const authorization of [
        'Bearer',
        'Bearer not-a-jwt',
        `Basic ${Buffer.from('a:b').toString('base64')}`,
        `Bearer  ${tenant.tokens.access_token}`,
      ]) {
        const response = await t.app.inject({ url: '/v1/me', headers: { authorization } });
        assert.equal(response.statusCode, 401, authorization);
      }
    });

    it('a refresh token used twice revokes its family: the newer token dies too', async () => {
      const refresh = (token: string) =>
        t.app.inject({ method: 'POST', url: '/oauth/token', payload: { grant_type: 'refresh_token', refresh_token: token } });
      const first = await refresh(tenant.tokens.refresh_token!);
      assert.equal(first.statusCode, 200, first.body);
      const newer = first.json().refresh_token as string;
      assert.notEqual(newer, tenant.tokens.refresh_token);

      const replay = await refresh(tenant.tokens.refresh_token!);
      assert.equal(replay.statusCode, 400);
      assert.equal(replay.json().error, 'invalid_grant');
      const afterTheft = await refresh(newer);
      assert.equal(afterTheft.statusCode, 400, 'the family is revoked');
      assert.equal(afterTheft.json().error, 'invalid_grant');

      const events = await t.app.resources.db.platform((tx) =>
        tx.query<{ action: string }>(`SELECT action FROM audit_events WHERE tenant_id = $1 AND action = 'auth.refresh_token_reused'`, [
          tenant.id,
        ]),
      );
      assert.equal(events.rowCount, 1);
    });

    it('a Firebase ID token is exchanged; one from another project, or forged, is refused', async () => {
      const exchange = (subjectToken: string) =>
        t.app.inject({
          method: 'POST',
          url: '/oauth/token',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({
            grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
            subject_token: subjectToken,
            subject_token_type: 'urn:ietf:params:oauth:token-type:id_token',
          }).toString(),
        });
      const good = await exchange(await firebase.mintIdToken({ email: 'farmer@example.org', email_verified: true }));
      assert.equal(good.statusCode, 200, good.body);
      assert.equal((await me(good.json().access_token)).json().user.email, 'farmer@example.org');

      const foreign = await exchange(await otherProject.mintIdToken({ email: 'x@example.org' }));
      assert.equal(foreign.statusCode, 400);
      assert.equal(foreign.json().error, 'invalid_grant');
      // Signed by the other project's key but claiming our project: the key is not ours.
      const disguised = await exchange(
        await otherProject.mintIdToken({ aud: 'kheti-farmers', iss: 'https://securetoken.google.com/kheti-farmers' }),
      );
      assert.equal(disguised.json().error, 'invalid_grant');
    });

    it('the JWKS publishes the signing key, and RFC 8414 metadata points at it', async () => {
      const jwks = (await t.app.inject({ url: '/.well-known/jwks.json' })).json();
      const kid = (await t.app.identity.keys.current()).kid;
      assert.ok(
        jwks.keys.some((k: { kid: string; d?: string }) => k.kid === kid && k.d === undefined),
        'public half only',
      );
      const metadata = (await t.app.inject({ url: '/.well-known/oauth-authorization-server' })).json();
      assert.equal(metadata.issuer, t.app.identity.tokens.issuer);
      assert.equal(metadata.jwks_uri, `${metadata.issuer}/.well-known/jwks.json`);
      assert.ok(metadata.grant_types_supported.includes('urn:ietf:params:oauth:grant-type:token-exchange'));
    });

    it('after key rotation, tokens of the previous key still verify and both keys are published', async () => {
      const before = tenant.tokens.access_token;
      const oldKid = (await t.app.identity.keys.current()).kid;
      const newKid = await t.app.identity.keys.rotate();
      assert.notEqual(newKid, oldKid);
      assert.equal((await me(before)).statusCode, 200, 'a token of the retired key lives until it expires');
      const kids = (await t.app.inject({ url: '/.well-known/jwks.json' })).json().keys.map((k: { kid: string }) => k.kid);
      assert.ok(kids.includes(oldKid) && kids.includes(newKid));
      const fresh = await forge({});
      assert.equal(JSON.parse(Buffer.from(fresh.split('.')[0]!, 'base64url').toString()).kid, newKid);
      assert.equal((await me(fresh)).statusCode, 200);
    });
  });
}

describe('the private signing key at rest', () => {
  it('is sealed in the database, never stored as a plain JWK', async () => {
    const t = await buildTestApp(storageModes[0]!);
    try {
      await t.app.identity.keys.current();
      const { rows } = await t.app.resources.db.platform((tx) =>
        tx.query<{ private_sealed: string; public_jwk: Record<string, unknown> }>('SELECT private_sealed, public_jwk FROM signing_keys'),
      );
      assert.equal(rows.length, 1);
      assert.match(rows[0]!.private_sealed, /^v1\|/);
      assert.doesNotMatch(rows[0]!.private_sealed, /"d"/);
      assert.equal(rows[0]!.public_jwk.d, undefined);
    } finally {
      await t.close();
    }
  });
});

describe('a signing key given by configuration (JWT_SIGNING_KEY)', () => {
  it('signs tokens, is the only published key, and cannot be rotated from Kheti', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), kid: 'ops-managed-2026' };
    const t = await buildTestApp(storageModes[0]!, { env: { JWT_SIGNING_KEY: JSON.stringify(jwk) } });
    try {
      const tenant = await createTenant(t.app);
      const header = JSON.parse(Buffer.from(tenant.tokens.access_token.split('.')[0]!, 'base64url').toString());
      assert.equal(header.kid, 'ops-managed-2026');
      assert.equal((await t.app.inject({ url: '/v1/me', headers: bearer(tenant.tokens) })).statusCode, 200);
      const published = (await t.app.inject({ url: '/.well-known/jwks.json' })).json().keys;
      assert.deepEqual(
        published.map((k: { kid: string; d?: string }) => [k.kid, k.d]),
        [['ops-managed-2026', undefined]],
      );
      await assert.rejects(t.app.identity.keys.rotate(), /JWT_SIGNING_KEY/);
      const stored = await t.app.resources.db.platform((tx) => tx.query('SELECT 1 FROM signing_keys'));
      assert.equal(stored.rowCount, 0, 'nothing generated or stored');
    } finally {
      await t.close();
    }
  });
});
