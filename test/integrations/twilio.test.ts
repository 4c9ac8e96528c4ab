import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import {
  createSmsSender,
  createTwilioSmsSender,
  SmsError,
  type SmsErrorReason,
  type TwilioSenderOptions,
} from '../../src/integrations/sms/index.js';
import {
  INVALID_TWILIO_NUMBER,
  startTwilioStub,
  TEST_TWILIO_ACCOUNT_SID,
  TEST_TWILIO_AUTH_TOKEN,
  TEST_TWILIO_FROM,
  TEST_TWILIO_MESSAGING_SERVICE_SID,
  type TwilioStub,
} from '../stubs/twilio.js';

const FARMER = '+919876543210';

/** The SmsError a send fails with; checks on the way that nothing secret is in its message. */
async function failure(promise: Promise<unknown>): Promise<SmsError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof SmsError, `expected SmsError, got ${String(error)}`);
    assert.ok(!error.message.includes(TEST_TWILIO_AUTH_TOKEN), 'the auth token leaked into the message');
    assert.ok(!error.message.includes(Buffer.from(`${TEST_TWILIO_ACCOUNT_SID}:${TEST_TWILIO_AUTH_TOKEN}`).toString('base64')));
    return error;
  }
  assert.fail('expected the send to fail');
}

describe('Twilio SMS sender', () => {
  let stub: TwilioStub;
  const sender = (options: Partial<TwilioSenderOptions> = {}) =>
    createTwilioSmsSender({
      accountSid: stub.accountSid,
      authToken: stub.authToken,
      from: TEST_TWILIO_FROM,
      baseUrl: stub.baseUrl,
      ...options,
    });

  before(async () => {
    stub = await startTwilioStub();
  });
  after(async () => stub.close());
  beforeEach(() => {
    stub.messages.length = 0;
    stub.setDelay(0);
    stub.setFailure(null);
  });

  it('posts To, From and Body with Basic auth and resolves once Twilio accepts the message', async () => {
    await sender().send(FARMER, '123456 is your Kheti sign-in code.');
    assert.deepEqual(
      stub.messages.map(({ to, from, messagingServiceSid, body }) => ({ to, from, messagingServiceSid, body })),
      [{ to: FARMER, from: TEST_TWILIO_FROM, messagingServiceSid: undefined, body: '123456 is your Kheti sign-in code.' }],
    );
  });

  it('sends through a Messaging Service when `from` is an MG sid', async () => {
    await sender({ from: TEST_TWILIO_MESSAGING_SERVICE_SID }).send(FARMER, 'hello');
    assert.equal(stub.messages[0]?.messagingServiceSid, TEST_TWILIO_MESSAGING_SERVICE_SID);
    assert.equal(stub.messages[0]?.from, undefined);
  });

  it('accepts a base URL with a trailing slash', async () => {
    await sender({ baseUrl: `${stub.baseUrl}/` }).send(FARMER, 'hello');
    assert.equal(stub.messages.length, 1);
  });

  it("maps an invalid number to a rejection carrying Twilio's code, with the number masked", async () => {
    const error = await failure(sender().send(INVALID_TWILIO_NUMBER, 'hello'));
    assert.equal(error.reason, 'rejected');
    assert.equal(error.retryable, false);
    assert.deepEqual(error.details, { provider: 'twilio', status: 400, code: 21211, moreInfo: 'https://www.twilio.com/docs/errors/21211' });
    assert.match(error.message, /not a valid phone number/);
    assert.match(error.message, /code 21211/);
    assert.ok(!error.message.includes('5005550001'), error.message);
    assert.match(error.message, /X+0001/);
  });

  it('maps refused credentials to unauthorized without echoing them', async () => {
    const error = await failure(sender({ authToken: 'not-the-right-token-000' }).send(FARMER, 'hello'));
    assert.equal(error.reason, 'unauthorized');
    assert.equal(error.details.code, 20003);
    assert.ok(!error.message.includes('not-the-right-token-000'));
  });

  it('treats throttling and server errors as retryable, whatever their body', async () => {
    const cases: [number, string, string | undefined][] = [
      [
        429,
        JSON.stringify({ code: 20429, message: 'Too Many Requests', more_info: 'https://www.twilio.com/docs/errors/20429', status: 429 }),
        undefined,
      ],
      [500, JSON.stringify({ code: 20500, message: 'Internal Server Error', status: 500 }), undefined],
      [502, '<html><body>Bad Gateway</body></html>', 'text/html'],
    ];
    for (const [status, body, contentType] of cases) {
      stub.setFailure({ status, body, contentType });
      const error = await failure(sender().send(FARMER, 'hello'));
      assert.equal(error.reason, 'unavailable', `HTTP ${status}`);
      assert.equal(error.retryable, true);
      assert.equal(error.details.status, status);
      assert.ok(!error.message.includes('<html>'));
    }
  });

  it('shows vendor text as one bounded line with phone numbers masked', async () => {
    const message = `Line one\nThe number ${FARMER} is blocked. ${'x'.repeat(1000)}`;
    stub.setFailure({ status: 400, body: JSON.stringify({ code: 21610, message, more_info: 'javascript:alert(1)', status: 400 }) });
    const error = await failure(sender().send(FARMER, 'hello'));
    assert.equal(error.reason, 'rejected');
    assert.equal(error.details.moreInfo, undefined);
    assert.ok(!error.message.includes('\n'));
    assert.ok(!error.message.includes('9876543210'));
    assert.ok(error.message.length < 400);
  });

  it('treats a message created as failed as a rejection', async () => {
    stub.setFailure({
      status: 201,
      body: JSON.stringify({ sid: 'SM1', status: 'failed', error_code: 30008, error_message: 'Unknown error' }),
    });
    const error = await failure(sender().send(FARMER, 'hello'));
    assert.equal(error.reason, 'rejected');
    assert.equal(error.details.code, 30008);
  });

  it('gives up after the timeout', async () => {
    stub.setDelay(2000);
    const started = Date.now();
    const error = await failure(sender({ timeoutMs: 200 }).send(FARMER, 'hello'));
    assert.equal(error.reason, 'timeout');
    assert.equal(error.retryable, true);
    assert.ok(Date.now() - started < 1500, 'the sender waited for the slow answer');
  });

  it('waits 3 seconds by default', async () => {
    stub.setDelay(8000);
    const started = Date.now();
    const error = await failure(sender().send(FARMER, 'hello'));
    const waited = Date.now() - started;
    assert.equal(error.reason, 'timeout');
    // At least the default, and well short of the 8 s answer, even on a busy machine.
    assert.ok(waited >= 2900 && waited < 6500, `waited ${waited} ms`);
  });

  it('reports an unreachable Twilio as unavailable', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const error = await failure(sender({ baseUrl: `http://127.0.0.1:${port}` }).send(FARMER, 'hello'));
    assert.equal(error.reason satisfies SmsErrorReason, 'unavailable');
    assert.match(error.message, /unreachable \(ECONNREFUSED\)/);
  });

  it('createSmsSender builds the Twilio sender from the configuration', async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      SMS_PROVIDER: 'twilio',
      TWILIO_ACCOUNT_SID: TEST_TWILIO_ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: TEST_TWILIO_AUTH_TOKEN,
      TWILIO_FROM: TEST_TWILIO_FROM,
      TWILIO_BASE_URL: stub.baseUrl,
    });
    const logs: unknown[] = [];
    await createSmsSender(config, { info: (obj) => logs.push(obj), warn: (obj) => logs.push(obj) }).send(FARMER, 'configured');
    assert.equal(stub.messages[0]?.body, 'configured');
    assert.deepEqual(logs, []);
  });
});

describe('log SMS sender', () => {
  const logged = (env: 'development' | 'test' | 'production') => {
    const lines: { obj: Record<string, unknown>; msg: string }[] = [];
    // Production names its data sources (the offline twins here); they do not matter to SMS.
    const sources = { WEATHER_PROVIDER: 'synthetic', IMAGERY_PROVIDER: 'synthetic', MARKET_PRICE_PROVIDER: 'sample' };
    const config = loadConfig({ NODE_ENV: env, KHETI_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'), ...sources });
    const push = (obj: object, msg: string) => void lines.push({ obj: obj as Record<string, unknown>, msg });
    const sender = createSmsSender(config, { info: push, warn: push });
    return { lines, sender };
  };

  it('is the default, masks the number and shows the text outside production', async () => {
    const { lines, sender } = logged('development');
    await sender.send(FARMER, '123456 is your Kheti sign-in code.');
    assert.equal(lines.length, 1);
    assert.match(lines[0]!.msg, /\+91XXXXXX3210/);
    assert.deepEqual(lines[0]!.obj, { sms: { provider: 'log', to: '+91XXXXXX3210', text: '123456 is your Kheti sign-in code.' } });
    assert.ok(!JSON.stringify(lines).includes('9876543210'));
  });

  it('never logs the text in production', async () => {
    const { lines, sender } = logged('production');
    assert.match(lines.shift()!.msg, /not delivered to anyone/, 'a warning at start-up');
    await sender.send(FARMER, '123456 is your Kheti sign-in code.');
    assert.deepEqual(lines[0]!.obj, { sms: { provider: 'log', to: '+91XXXXXX3210' } });
    assert.ok(!JSON.stringify(lines).includes('123456'));
  });
});
