import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { v7 as uuidv7 } from 'uuid';
import {
  OTP_MAX_ATTEMPTS,
  OTP_REQUEST_LIMIT,
  OTP_REQUEST_WINDOW_SECONDS,
  OTP_TTL_SECONDS,
  OtpVerificationError,
  pruneOtpChallenges,
  requestOtp,
  verifyOtp,
  type OtpDeps,
  type OtpFailureReason,
} from '../../src/auth/otp.js';
import { maskPhone, maskPhoneNumbersIn, normalizePhone } from '../../src/lib/phone.js';
import { AppError } from '../../src/errors.js';
import { openCrypto, type Crypto } from '../../src/infra/crypto.js';
import type { SmsSender } from '../../src/integrations/sms/index.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { storageModes } from '../support/storage-modes.js';

describe('phone numbers', () => {
  it('normalises the ways Indian mobile numbers are written to E.164', () => {
    const table: [string, string | null][] = [
      ['9876543210', '+919876543210'],
      ['09876543210', '+919876543210'],
      ['+91 98765 43210', '+919876543210'],
      ['+91-98765-43210', '+919876543210'],
      ['+91 (98765) 43210', '+919876543210'],
      [' 98765\u00a043210 ', '+919876543210'],
      ['0091 9876543210', '+919876543210'],
      ['919876543210', '+919876543210'],
      ['6000000000', '+916000000000'],
      ['9198765432', '+919198765432'],
      ['९८७६५४३२१०', '+919876543210'],
      ['+९१ ९८७६५ ४३२१०', '+919876543210'],
      // Landlines and numbers starting 0-5 are not mobiles.
      ['5876543210', null],
      ['01123456789', null],
      ['+91 11 2345 6789', null],
      // Wrong lengths, other countries, letters, stray plus signs.
      ['987654321', null],
      ['98765432101', null],
      ['+9198765432100', null],
      ['+1 415 555 0100', null],
      ['+44 7911 123456', null],
      ['98765O3210', null],
      ['9876543210+', null],
      ['++919876543210', null],
      ['+0919876543210', null],
      ['', null],
      ['   ', null],
      [`9876543210${' '.repeat(40)}`, null],
    ];
    for (const [input, expected] of table) assert.equal(normalizePhone(input), expected, JSON.stringify(input));
  });

  it('masks all but the country code and the last four digits', () => {
    assert.equal(maskPhone('+919876543210'), '+91XXXXXX3210');
    assert.equal(maskPhone('+15005550001'), '+XXXXXXX0001');
    assert.equal(maskPhone('123'), 'XXX');
    assert.equal(
      maskPhoneNumbersIn("The 'To' number +91 98765 43210 is not valid; ref 42"),
      "The 'To' number +XXXXXXXX3210 is not valid; ref 42",
    );
  });
});

/** A sender that keeps what it is given; records synchronously, as the service does not wait. */
function capturingSender() {
  const sent: { to: string; text: string }[] = [];
  const sender: SmsSender & { sent: typeof sent; lastCode(): string } = {
    sent,
    send(to, text) {
      sent.push({ to, text });
      return Promise.resolve();
    },
    lastCode() {
      const match = /\b(\d{6})\b/.exec(sent.at(-1)?.text ?? '');
      assert.ok(match, 'no code was sent');
      return match[1]!;
    },
  };
  return sender;
}

const otherCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

async function verifyFailure(promise: Promise<unknown>): Promise<{ reason: OtpFailureReason; attemptsRemaining: number }> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof OtpVerificationError, `expected OtpVerificationError, got ${String(error)}`);
    assert.equal(error.status, 400);
    return { reason: error.reason, attemptsRemaining: error.attemptsRemaining };
  }
  assert.fail('expected verification to fail');
}

async function appError(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AppError, `expected AppError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected an error');
}

for (const mode of storageModes) {
  describe(`phone one-time-password sign-in (${mode.name})`, () => {
    let t: TestApp;
    let crypto: Crypto;
    let sms: ReturnType<typeof capturingSender>;
    let deps: OtpDeps;
    const warnings: unknown[] = [];
    let phoneSerial = 0;

    /** A fresh phone for each test, so that limits and challenges never carry over. */
    const newPhone = () => `+9170000${String(++phoneSerial).padStart(5, '0')}`;
    const addUser = async (phone: string, options: { disabled?: boolean } = {}) => {
      const id = uuidv7();
      await t.app.resources.db.platform(async (tx) =>
        tx.query('INSERT INTO users (id, name, phone_index, phone_sealed, disabled_at) VALUES ($1, $2, $3, $4, $5)', [
          id,
          'Savita Pawar',
          crypto.blindIndex('phone', phone),
          await crypto.seal(phone, 'user.phone'),
          options.disabled ? new Date() : null,
        ]),
      );
      return id;
    };
    const challengeRows = (phone: string) =>
      t.app.resources.db
        .platform((tx) =>
          tx.query<{ status: string; attempts: number; user_id: string | null; row: Record<string, unknown> }>(
            'SELECT status, attempts, user_id, to_jsonb(c) AS row FROM otp_challenges c WHERE phone_index = $1 ORDER BY created_at',
            [crypto.blindIndex('phone', phone)],
          ),
        )
        .then((result) => result.rows);

    before(async () => {
      t = await buildTestApp(mode, { env: { KHETI_ENCRYPTION_KEY: randomBytes(32).toString('base64') } });
      crypto = openCrypto(t.config);
    });
    after(async () => t?.close());
    beforeEach(() => {
      sms = capturingSender();
      deps = { db: t.app.resources.db, crypto, sms, logger: { warn: (obj) => warnings.push(obj) } };
    });

    it('texts a code to the user with that phone, and the code signs them in once', async () => {
      const phone = newPhone();
      const userId = await addUser(phone);
      const local = `0${phone.slice(3, 8)} ${phone.slice(8)}`;

      assert.deepEqual(await requestOtp(deps, local), { expiresInSeconds: OTP_TTL_SECONDS });
      assert.equal(sms.sent.length, 1);
      assert.equal(sms.sent[0]!.to, phone);
      assert.match(sms.sent[0]!.text, /^\d{6} is your Kheti sign-in code\. It expires in 5 minutes\./);

      assert.deepEqual(await verifyOtp(deps, phone, sms.lastCode()), { userId });
      assert.equal((await verifyFailure(verifyOtp(deps, phone, sms.lastCode()))).reason, 'expired', 'a code signs in once');
      assert.deepEqual(
        (await challengeRows(phone)).map((r) => r.status),
        ['used'],
      );
    });

    it('stores neither the code nor the phone number in clear', async () => {
      const phone = newPhone();
      await addUser(phone);
      await requestOtp(deps, phone);
      const code = sms.lastCode();
      const [row] = await challengeRows(phone);
      const stored = JSON.stringify(row!.row);
      assert.ok(!stored.includes(code), stored);
      assert.ok(!stored.includes(phone.slice(3)), stored);
      assert.equal(row!.row.phone_index, crypto.blindIndex('phone', phone));
      assert.match(String(row!.row.code_hash), /^[\w-]{43}$/);
    });

    it('accepts the code typed in Devanagari digits or with a space, and refuses a malformed one without counting a try', async () => {
      const phone = newPhone();
      const userId = await addUser(phone);
      await requestOtp(deps, phone);
      const code = sms.lastCode();
      for (const typo of ['12345', '1234567', 'abcdef']) {
        const error = await appError(verifyOtp(deps, phone, typo));
        assert.equal(error.status, 422);
        assert.equal(error.extras.errors?.[0]?.path, 'body.code');
      }
      assert.equal((await challengeRows(phone))[0]!.attempts, 0);
      const devanagari = [...code].map((d) => String.fromCodePoint(0x0966 + Number(d))).join('');
      assert.deepEqual(await verifyOtp(deps, phone, `${devanagari.slice(0, 3)} ${devanagari.slice(3)}`), { userId });
    });

    it('the fifth wrong code ends the challenge: afterwards even the right code fails', async () => {
      const phone = newPhone();
      await addUser(phone);
      await requestOtp(deps, phone);
      const code = sms.lastCode();
      for (let left = OTP_MAX_ATTEMPTS - 1; left >= 1; left -= 1) {
        assert.deepEqual(await verifyFailure(verifyOtp(deps, phone, otherCode(code))), { reason: 'invalid_code', attemptsRemaining: left });
      }
      assert.deepEqual(await verifyFailure(verifyOtp(deps, phone, otherCode(code))), { reason: 'too_many_attempts', attemptsRemaining: 0 });
      assert.deepEqual(await verifyFailure(verifyOtp(deps, phone, code)), { reason: 'too_many_attempts', attemptsRemaining: 0 });
      const [row] = await challengeRows(phone);
      assert.equal(row!.status, 'exhausted');
      assert.equal(row!.attempts, OTP_MAX_ATTEMPTS);
    });

    it('a code is valid for five minutes', async () => {
      const phone = newPhone();
      const userId = await addUser(phone);
      const start = new Date('2026-06-01T06:00:00Z');
      await requestOtp(deps, phone, start);
      const code = sms.lastCode();
      const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);
      assert.deepEqual(await verifyFailure(verifyOtp(deps, phone, code, at(OTP_TTL_SECONDS))), { reason: 'expired', attemptsRemaining: 0 });
      assert.deepEqual(await verifyOtp(deps, phone, code, at(OTP_TTL_SECONDS - 1)), { userId });
    });

    it('a new request replaces the live challenge', async () => {
      const phone = newPhone();
      const userId = await addUser(phone);
      await requestOtp(deps, phone);
      const first = sms.lastCode();
      await requestOtp(deps, phone);
      const second = sms.lastCode();
      assert.deepEqual(
        (await challengeRows(phone)).map((r) => r.status),
        ['replaced', 'live'],
      );
      // Two draws of six digits agree once in a million; only then is the first code still right.
      if (first !== second) assert.equal((await verifyFailure(verifyOtp(deps, phone, first))).reason, 'invalid_code');
      assert.deepEqual(await verifyOtp(deps, phone, second), { userId });
    });

    it(`allows ${OTP_REQUEST_LIMIT} requests per phone in 15 minutes, then 429 with Retry-After; the live code survives`, async () => {
      const phone = newPhone();
      const userId = await addUser(phone);
      const start = new Date('2026-06-01T07:00:00Z');
      const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);
      for (let i = 0; i < OTP_REQUEST_LIMIT; i += 1) await requestOtp(deps, phone, at(i * 60));
      const live = sms.lastCode();

      const limited = await appError(requestOtp(deps, phone, at(180)));
      assert.equal(limited.status, 429);
      assert.equal(limited.code, 'too_many_requests');
      assert.equal(limited.extras.headers?.['retry-after'], String(OTP_REQUEST_WINDOW_SECONDS - 180));
      assert.equal(sms.sent.length, OTP_REQUEST_LIMIT, 'no SMS for a refused request');
      assert.deepEqual(await verifyOtp(deps, phone, live, at(200)), { userId });

      // The window slides: once the first request is 15 minutes old, one more is allowed.
      await appError(requestOtp(deps, phone, at(OTP_REQUEST_WINDOW_SECONDS - 1)));
      assert.deepEqual(await requestOtp(deps, phone, at(OTP_REQUEST_WINDOW_SECONDS)), { expiresInSeconds: OTP_TTL_SECONDS });
      assert.equal(sms.sent.length, OTP_REQUEST_LIMIT + 1);
    });

    it('holds the limit under concurrent requests for one phone', async () => {
      const phone = newPhone();
      await addUser(phone);
      const results = await Promise.allSettled(Array.from({ length: 6 }, () => requestOtp(deps, phone)));
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, OTP_REQUEST_LIMIT);
      for (const result of results) {
        if (result.status === 'rejected') assert.equal((result.reason as AppError).status, 429);
      }
      assert.deepEqual((await challengeRows(phone)).map((r) => r.status).sort(), ['live', 'replaced', 'replaced']);
    });

    it('answers an unknown phone exactly like a known one, sends nothing, and never lets it in', async () => {
      const phone = newPhone();
      assert.deepEqual(await requestOtp(deps, phone), { expiresInSeconds: OTP_TTL_SECONDS });
      assert.equal(sms.sent.length, 0);
      const [row] = await challengeRows(phone);
      assert.equal(row!.user_id, null);
      assert.deepEqual(await verifyFailure(verifyOtp(deps, phone, '123456')), {
        reason: 'invalid_code',
        attemptsRemaining: OTP_MAX_ATTEMPTS - 1,
      });
      for (let i = 1; i < OTP_REQUEST_LIMIT; i += 1) await requestOtp(deps, phone);
      assert.equal((await appError(requestOtp(deps, phone))).status, 429, 'the same limit, so it cannot tell users apart');
    });

    it('sends nothing to a disabled user', async () => {
      const phone = newPhone();
      await addUser(phone, { disabled: true });
      assert.deepEqual(await requestOtp(deps, phone), { expiresInSeconds: OTP_TTL_SECONDS });
      assert.equal(sms.sent.length, 0);
    });

    it('refuses what is not an Indian mobile number with 422', async () => {
      for (const phone of ['12345', '+1 415 555 0100', 'call me']) {
        const error = await appError(requestOtp(deps, phone));
        assert.equal(error.status, 422);
        assert.equal(error.extras.errors?.[0]?.path, 'body.phone');
        assert.equal((await appError(verifyOtp(deps, phone, '123456'))).status, 422);
      }
      assert.equal(sms.sent.length, 0);
    });

    it('answers the same when the SMS cannot be sent, and logs the failure with the number masked', async () => {
      const phone = newPhone();
      await addUser(phone);
      const failing: SmsSender = { send: () => Promise.reject(new Error('provider down')) };
      warnings.length = 0;
      assert.deepEqual(await requestOtp({ ...deps, sms: failing }, phone), { expiresInSeconds: OTP_TTL_SECONDS });
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(warnings.length, 1);
      assert.equal((warnings[0] as { to: string }).to, maskPhone(phone));
    });

    it('prunes challenges a day old', async () => {
      const phone = newPhone();
      const old = new Date(Date.now() - 25 * 60 * 60 * 1000);
      await requestOtp(deps, phone, old);
      await requestOtp(deps, newPhone());
      assert.ok((await pruneOtpChallenges(t.app.resources.db)) >= 1);
      assert.equal((await challengeRows(phone)).length, 0);
    });
  });
}

for (const mode of storageModes) {
  describe(`POST /v1/auth/otp/request and /verify (${mode.name})`, () => {
    let t: TestApp;
    const logLines: string[] = [];
    const tenantId = uuidv7();
    const userId = uuidv7();
    const phone = '+919812345678';

    /** The log sender writes the text outside production: that is how a developer signs in locally. */
    const codeFromLogs = () => {
      const texts = logLines.map((line) => (JSON.parse(line) as { sms?: { text?: string } }).sms?.text).filter(Boolean);
      const match = /\b(\d{6})\b/.exec(texts.at(-1) ?? '');
      assert.ok(match, 'no code in the logs');
      return match[1]!;
    };
    const post = (url: string, payload: object, remoteAddress = '127.0.0.1') =>
      t.app.inject({ method: 'POST', url, payload, remoteAddress });

    before(async () => {
      t = await buildTestApp(mode, {
        // Load shedding is not under test: a busy machine must not turn these answers into 503s.
        env: { LOG_LEVEL: 'info', KHETI_ENCRYPTION_KEY: randomBytes(32).toString('base64'), MAX_EVENT_LOOP_DELAY_MS: '0' },
        logStream: { write: (line) => void logLines.push(line) },
      });
      const crypto = openCrypto(t.config);
      // Loads (on first start, creates) the signing key before the first sign-in.
      await t.app.identity.keys.current();
      await t.app.resources.db.platform(async (tx) => {
        await tx.query(`INSERT INTO tenants (id, slug, name) VALUES ($1, 'sahyadri', 'Sahyadri FPO')`, [tenantId]);
        await tx.query('INSERT INTO users (id, name, phone_index, phone_sealed) VALUES ($1, $2, $3, $4)', [
          userId,
          'Savita Pawar',
          crypto.blindIndex('phone', phone),
          await crypto.seal(phone, 'user.phone'),
        ]);
        await tx.query(`INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'farmer')`, [tenantId, userId]);
      });
    });
    after(async () => t?.close());

    it('answers 202 alike for a registered and an unknown phone, and the texted code signs the farmer in', async () => {
      const known = await post('/v1/auth/otp/request', { phone: '98123 45678' });
      const unknown = await post('/v1/auth/otp/request', { phone: '+91 99999 00000' });
      for (const response of [known, unknown]) {
        assert.equal(response.statusCode, 202);
        assert.deepEqual(response.json(), { expiresInSeconds: OTP_TTL_SECONDS });
        assert.equal(response.headers['cache-control'], 'no-store');
      }
      assert.equal(known.body, unknown.body);
      const smsLines = logLines.filter((line) => line.includes('"sms":'));
      assert.equal(smsLines.length, 1, 'one SMS, to the registered phone only');
      assert.match(smsLines[0]!, /\+91XXXXXX5678/);
      assert.ok(!logLines.some((line) => line.includes('9812345678') || line.includes('9999900000')), 'a phone number reached the logs');

      const wrong = await post('/v1/auth/otp/verify', { phone, code: otherCode(codeFromLogs()) });
      assert.equal(wrong.statusCode, 400);
      assert.match(String(wrong.headers['content-type']), /^application\/problem\+json/);
      assert.equal(wrong.json().reason, 'invalid_code');
      assert.equal(wrong.json().attemptsRemaining, OTP_MAX_ATTEMPTS - 1);

      const signedIn = await post('/v1/auth/otp/verify', { phone: '09812345678', code: codeFromLogs() });
      assert.equal(signedIn.statusCode, 200, signedIn.body);
      assert.equal(signedIn.headers['cache-control'], 'no-store');
      const tokens = signedIn.json();
      assert.equal(tokens.token_type, 'Bearer');
      assert.equal(tokens.tenant_id, tenantId);
      assert.ok(tokens.access_token && tokens.refresh_token);
    });

    it('answers 422 problem+json for a phone that is not a mobile number', async () => {
      const response = await post('/v1/auth/otp/request', { phone: '+1 415 555 0100' });
      assert.equal(response.statusCode, 422);
      assert.equal(response.json().errors[0].path, 'body.phone');
    });

    it('answers 429 with Retry-After for the 4th request for one phone in 15 minutes', async () => {
      for (let i = 0; i < OTP_REQUEST_LIMIT; i += 1)
        assert.equal((await post('/v1/auth/otp/request', { phone: '7000099999' }, '198.51.100.1')).statusCode, 202);
      const limited = await post('/v1/auth/otp/request', { phone: '7000099999' }, '198.51.100.1');
      assert.equal(limited.statusCode, 429);
      assert.ok(Number(limited.headers['retry-after']) > 0);
    });

    it('lets one address call each route 10 times a minute', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 11; i += 1)
        statuses.push((await post('/v1/auth/otp/verify', { phone: '12345', code: '123456' }, '203.0.113.7')).statusCode);
      assert.deepEqual(statuses, [...Array(10).fill(422), 429]);
    });
  });
}
