import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  createFirebaseVerifier,
  FIREBASE_JWKS_URL_DEFAULT,
  FirebaseTokenError,
  maxAgeSeconds,
  type FirebaseTokenErrorReason,
  type FirebaseVerifierOptions,
} from '../../src/integrations/firebase/id-token.js';
import {
  craftToken,
  firebaseClaims,
  generateSigningKey,
  keyConfusionToken,
  startFirebaseStub,
  type FirebaseStub,
} from '../stubs/firebase.js';

/** Resolves to the failure's reason, checking on the way that the message never echoes the token. */
async function rejection(promise: Promise<unknown>, token: string): Promise<FirebaseTokenErrorReason> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof FirebaseTokenError, `expected FirebaseTokenError, got ${String(error)}`);
    if (token.length > 0) {
      for (const part of token.split('.').filter((p) => p.length > 8)) assert.ok(!error.message.includes(part));
    }
    return error.reason;
  }
  assert.fail('expected the token to be rejected');
}

describe('Firebase ID token verification', () => {
  let stub: FirebaseStub;
  let clock: number;
  const verifier = (options: Partial<FirebaseVerifierOptions> = {}) =>
    createFirebaseVerifier({ projectId: stub.projectId, jwksUrl: stub.jwksUrl, now: () => clock, ...options });
  const mint = (overrides: Record<string, unknown> = {}, options: Parameters<FirebaseStub['mintIdToken']>[1] = {}) =>
    stub.mintIdToken(overrides, { now: clock, ...options });
  const sec = () => Math.floor(clock / 1000);

  before(async () => {
    stub = await startFirebaseStub();
  });
  after(async () => {
    await stub.close();
  });
  beforeEach(() => {
    clock = Date.now();
    stub.setFailure(null);
    stub.setMaxAge(3600);
  });

  it('the default key URL is the JWKS form of the securetoken keys', () => {
    assert.equal(FIREBASE_JWKS_URL_DEFAULT, 'https://www.googleapis.com/service_accounts/v1/jwk/securetoken@system.gserviceaccount.com');
  });

  describe('accepts', () => {
    it('a good token and maps its claims', async () => {
      const token = await mint({ sub: 'u1AbCdEfGhIjKlMnOpQrStUvWx2', user_id: 'u1AbCdEfGhIjKlMnOpQrStUvWx2' });
      const identity = await verifier().verify(token);
      assert.deepEqual(identity, {
        uid: 'u1AbCdEfGhIjKlMnOpQrStUvWx2',
        email: 'farmer@example.com',
        emailVerified: true,
        phoneNumber: '+919800000001',
        signInProvider: 'phone',
        authTime: sec() - 300,
      });
    });

    it('a phone-only token without email claims', async () => {
      const token = await mint({ email: undefined, email_verified: undefined });
      const identity = await verifier().verify(token);
      assert.equal(identity.email, undefined);
      assert.equal(identity.emailVerified, false);
      assert.equal(identity.phoneNumber, '+919800000001');
    });

    it('a token just past exp or issued just ahead of our clock, within the tolerance', async () => {
      const v = verifier();
      await v.verify(await mint({ exp: sec() - 30 }));
      await v.verify(await mint({ iat: sec() + 30, auth_time: sec() + 30 }));
    });
  });

  describe('rejects', () => {
    const cases: Array<[string, () => Promise<string>, FirebaseTokenErrorReason]> = [
      ["another project's token", () => mint({ aud: 'someone-else', iss: 'https://securetoken.google.com/someone-else' }), 'wrong_project'],
      ['a token for another audience', () => mint({ aud: 'someone-else' }), 'wrong_project'],
      ['a token with an audience list holding another project', () => mint({ aud: ['someone-else'] }), 'wrong_project'],
      ['a token whose audience list also names this project', () => mint({ aud: [stub.projectId, 'someone-else'] }), 'wrong_project'],
      ['a token from another issuer', () => mint({ iss: 'https://accounts.google.com' }), 'wrong_issuer'],
      ['an expired token', () => mint({ iat: sec() - 7200, exp: sec() - 3600 }), 'expired'],
      ['a token without exp', () => mint({ exp: undefined }), 'invalid_claims'],
      ['iat in the future', () => mint({ iat: sec() + 600 }), 'issued_in_future'],
      ['auth_time in the future', () => mint({ auth_time: sec() + 600 }), 'issued_in_future'],
      ['a token without auth_time', () => mint({ auth_time: undefined }), 'invalid_claims'],
      ['a string auth_time', () => mint({ auth_time: String(sec()) }), 'invalid_claims'],
      ['an empty sub', () => mint({ sub: '' }), 'invalid_claims'],
      ['a missing sub', () => mint({ sub: undefined }), 'invalid_claims'],
      ['a non-string sub', () => mint({ sub: 42 }), 'invalid_claims'],
      ['a sub over 128 characters', () => mint({ sub: 'x'.repeat(129) }), 'invalid_claims'],
      ['RS512, a real RSA signature with an algorithm not allowed', () => mint({}, { alg: 'RS512' }), 'unsupported_algorithm'],
    ];
    for (const [name, make, reason] of cases) {
      it(name, async () => {
        const token = await make();
        assert.equal(await rejection(verifier().verify(token), token), reason);
      });
    }

    it('alg "none", without fetching any keys', async () => {
      const before = stub.requests;
      const claims = firebaseClaims(stub.projectId, {}, clock);
      for (const token of [
        craftToken({ alg: 'none', kid: stub.currentKey.kid, typ: 'JWT' }, claims),
        craftToken({ alg: 'none', typ: 'JWT' }, claims),
        craftToken({ alg: 'None', kid: stub.currentKey.kid }, claims),
      ]) {
        assert.equal(await rejection(verifier().verify(token), token), 'unsupported_algorithm');
      }
      assert.equal(stub.requests, before);
    });

    it('HS256 signed with the public key material (key confusion)', async () => {
      const claims = firebaseClaims(stub.projectId, {}, clock);
      const token = await keyConfusionToken(stub.currentKey, claims);
      assert.equal(await rejection(verifier().verify(token), token), 'unsupported_algorithm');
    });

    it('RS256 signed by a key not in the JWKS', async () => {
      const rogue = await generateSigningKey();
      const token = await mint({}, { key: rogue });
      assert.equal(await rejection(verifier().verify(token), token), 'unknown_key');
    });

    it('RS256 signed by an unpublished key that claims a published kid', async () => {
      const rogue = await generateSigningKey(stub.currentKey.kid);
      const token = await mint({}, { key: rogue });
      assert.equal(await rejection(verifier().verify(token), token), 'invalid_signature');
    });

    it('a payload edited after signing', async () => {
      const [header, , signature] = (await mint()).split('.');
      const forged = Buffer.from(JSON.stringify(firebaseClaims(stub.projectId, { sub: 'admin' }, clock))).toString('base64url');
      const token = `${header}.${forged}.${signature}`;
      assert.equal(await rejection(verifier().verify(token), token), 'invalid_signature');
    });

    it('a header without kid, and junk', async () => {
      const claims = firebaseClaims(stub.projectId, {}, clock);
      const noKid = craftToken({ alg: 'RS256', typ: 'JWT' }, claims, 'c2ln');
      const v = verifier();
      assert.equal(await rejection(v.verify(noKid), noKid), 'invalid_token');
      for (const junk of ['', 'abc', 'a.b.c', 'x'.repeat(20_000)]) {
        assert.equal(await rejection(v.verify(junk), junk), 'invalid_token');
      }
    });
  });

  describe('key caching', () => {
    it('verifies many tokens with one JWKS fetch within max-age', async () => {
      const v = verifier();
      const start = stub.requests;
      for (let i = 0; i < 5; i++) await v.verify(await mint());
      clock += 3000 * 1000; // still inside max-age=3600
      await v.verify(await mint());
      assert.equal(stub.requests - start, 1);
    });

    it('concurrent verifications on a cold cache share one fetch', async () => {
      const v = verifier();
      const start = stub.requests;
      const tokens = await Promise.all(Array.from({ length: 10 }, () => mint()));
      await Promise.all(tokens.map((token) => v.verify(token)));
      assert.equal(stub.requests - start, 1);
    });

    it('refetches once max-age has passed', async () => {
      stub.setMaxAge(60);
      const v = verifier();
      const start = stub.requests;
      await v.verify(await mint());
      clock += 59 * 1000;
      await v.verify(await mint());
      assert.equal(stub.requests - start, 1);
      clock += 2 * 1000;
      await v.verify(await mint());
      assert.equal(stub.requests - start, 2);
    });

    it('picks up a rotated key through the unknown-kid refetch', async () => {
      const v = verifier();
      const start = stub.requests;
      await v.verify(await mint());
      const fresh = await stub.rotateKeys();
      clock += 60 * 1000; // past the refetch cooldown, well inside max-age
      const identity = await v.verify(await mint({ sub: 'rotated-user' }, { key: fresh }));
      assert.equal(identity.uid, 'rotated-user');
      assert.equal(stub.requests - start, 2);
      // Tokens signed with the old key remain good while Google still publishes it.
      await v.verify(await mint({}, { key: stub.publishedKeys[0] }));
      assert.equal(stub.requests - start, 2);
    });

    it('a cooldown limits refetches caused by made-up kids', async () => {
      const v = verifier();
      const start = stub.requests;
      await v.verify(await mint());
      clock += 60 * 1000;
      const rogue = await generateSigningKey();
      for (let i = 0; i < 20; i++) {
        const token = await mint({}, { key: rogue, kid: `garbage-${i}` });
        assert.equal(await rejection(v.verify(token), token), 'unknown_key');
        clock += 1000;
      }
      // 20 s of garbage after a cooldown had passed: one refetch, not twenty.
      assert.equal(stub.requests - start, 2);
      clock += 30 * 1000;
      const token = await mint({}, { key: rogue, kid: 'garbage-late' });
      assert.equal(await rejection(v.verify(token), token), 'unknown_key');
      assert.equal(stub.requests - start, 3);
      // Good tokens keep verifying from the cache throughout.
      await v.verify(await mint());
      assert.equal(stub.requests - start, 3);
    });

    it('a warm cache keeps verifying while the key server fails, even past max-age', async () => {
      stub.setMaxAge(60);
      const v = verifier();
      await v.verify(await mint());
      stub.setFailure('status');
      clock += 120 * 1000;
      const start = stub.requests;
      await v.verify(await mint());
      assert.equal(stub.requests - start, 1);
      // Further expired-cache lookups inside the cooldown do not retry the failing server.
      await v.verify(await mint());
      assert.equal(stub.requests - start, 1);
    });

    it('a warm cache keeps verifying while the key server hangs (fetch timeout)', async () => {
      stub.setMaxAge(60);
      const v = verifier({ fetchTimeoutMs: 150 });
      await v.verify(await mint());
      stub.setFailure('hang');
      clock += 120 * 1000;
      const started = Date.now();
      await v.verify(await mint());
      assert.ok(Date.now() - started < 2000);
    });

    it('a cold cache with the key server down fails with keys_unavailable', async () => {
      stub.setFailure('status');
      const v = verifier();
      const token = await mint();
      assert.equal(await rejection(v.verify(token), token), 'keys_unavailable');
      assert.equal(await rejection(v.verify(token), token), 'keys_unavailable');
      // Once the server is back and the cooldown has passed, verification recovers.
      stub.setFailure(null);
      clock += 31 * 1000;
      const fresh = await mint();
      await v.verify(fresh);
    });

    it('a cold cache with a hanging key server times out to keys_unavailable', async () => {
      stub.setFailure('hang');
      const v = verifier({ fetchTimeoutMs: 150 });
      const token = await mint();
      assert.equal(await rejection(v.verify(token), token), 'keys_unavailable');
    });

    it('reads max-age from Cache-Control, defaulting to an hour and capping at a day', () => {
      assert.equal(maxAgeSeconds('public, max-age=19845, must-revalidate, no-transform'), 19845);
      assert.equal(maxAgeSeconds('s-maxage=10, max-age=20'), 20);
      assert.equal(maxAgeSeconds(null), 3600);
      assert.equal(maxAgeSeconds('no-cache'), 3600);
      assert.equal(maxAgeSeconds('max-age=9999999'), 86400);
    });
  });
});
