import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for Twilio's Messages API on 127.0.0.1, speaking its wire format: form-encoded
 * `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` with HTTP Basic auth, answered by a
 * message resource (201) or Twilio's error shape `{code, message, more_info, status}`.
 * Tests point TWILIO_BASE_URL (or the sender's baseUrl) at `stub.baseUrl`.
 */

export const TEST_TWILIO_ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
export const TEST_TWILIO_AUTH_TOKEN = 'test-auth-token-0123456789';
export const TEST_TWILIO_FROM = '+15005550006';
export const TEST_TWILIO_MESSAGING_SERVICE_SID = `MG${'fedcba9876543210'.repeat(2)}`;
/** Twilio's magic test number that is never a valid destination. */
export const INVALID_TWILIO_NUMBER = '+15005550001';

export interface ReceivedMessage {
  sid: string;
  to: string;
  from?: string;
  messagingServiceSid?: string;
  body: string;
}

export interface TwilioStub {
  baseUrl: string;
  accountSid: string;
  authToken: string;
  /** Messages accepted (201), in order. */
  messages: ReceivedMessage[];
  /** Every request that reached the stub, accepted or not. */
  requestCount(): number;
  /** Holds each answer back this long (timeouts). */
  setDelay(ms: number): void;
  /** Answers the next requests with this status and raw body instead of handling them. */
  setFailure(failure: { status: number; body: string; contentType?: string } | null): void;
  close(): Promise<void>;
}

const E164 = /^\+[1-9]\d{6,14}$/;

const twilioError = (code: number, message: string, status: number) => ({
  code,
  message,
  more_info: `https://www.twilio.com/docs/errors/${code}`,
  status,
});

export async function startTwilioStub(options: { accountSid?: string; authToken?: string } = {}): Promise<TwilioStub> {
  const accountSid = options.accountSid ?? TEST_TWILIO_ACCOUNT_SID;
  const authToken = options.authToken ?? TEST_TWILIO_AUTH_TOKEN;
  const messages: ReceivedMessage[] = [];
  let requests = 0;
  let delayMs = 0;
  let failure: { status: number; body: string; contentType?: string } | null = null;
  const sockets = new Set<import('node:net').Socket>();
  // Held-back answers, released on close so that no timer outlives the stub.
  const delays = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    requests += 1;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (delayMs > 0) {
      await new Promise<void>((resolve) => {
        const entry = {
          timer: setTimeout(() => entry.resolve(), delayMs),
          resolve: () => {
            delays.delete(entry);
            resolve();
          },
        };
        delays.add(entry);
      });
    }
    if (res.destroyed) return;
    if (failure) {
      res.writeHead(failure.status, { 'content-type': failure.contentType ?? 'application/json' }).end(failure.body);
      return;
    }

    const path = `/2010-04-01/Accounts/${accountSid}/Messages.json`;
    const url = new URL(req.url ?? '/', 'http://stub');
    if (req.method !== 'POST' || !/^\/2010-04-01\/Accounts\/[^/]+\/Messages\.json$/.test(url.pathname)) {
      return send(res, 404, twilioError(20404, `The requested resource ${url.pathname} was not found`, 404));
    }
    const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
    if (req.headers.authorization !== expected || url.pathname !== path) {
      return send(res, 401, twilioError(20003, 'Authenticate', 401));
    }
    // Twilio reads only form-encoded parameters: any other body reads as no parameters at all.
    const isForm = String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    const form = new URLSearchParams(isForm ? Buffer.concat(chunks).toString('utf8') : '');
    const to = form.get('To');
    const from = form.get('From') ?? undefined;
    const messagingServiceSid = form.get('MessagingServiceSid') ?? undefined;
    const body = form.get('Body');
    if (!to) return send(res, 400, twilioError(21604, "A 'To' phone number is required.", 400));
    if (!from && !messagingServiceSid) return send(res, 400, twilioError(21603, "A 'From' phone number is required.", 400));
    if (!body) return send(res, 400, twilioError(21602, 'Message body is required.', 400));
    if (!E164.test(to) || to === INVALID_TWILIO_NUMBER) {
      return send(res, 400, twilioError(21211, `The 'To' number ${to} is not a valid phone number.`, 400));
    }

    const sid = `SM${randomBytes(16).toString('hex')}`;
    messages.push({ sid, to, from, messagingServiceSid, body });
    const now = new Date().toUTCString();
    send(res, 201, {
      account_sid: accountSid,
      api_version: '2010-04-01',
      body,
      date_created: now,
      date_sent: null,
      date_updated: now,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from: from ?? null,
      messaging_service_sid: messagingServiceSid ?? null,
      num_media: '0',
      num_segments: '1',
      price: null,
      price_unit: 'USD',
      sid,
      status: messagingServiceSid && !from ? 'accepted' : 'queued',
      subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}/Media.json` },
      to,
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      if (!res.headersSent) send(res, 500, twilioError(20500, `stub failure: ${error.message}`, 500));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    messages,
    requestCount: () => requests,
    setDelay: (ms) => {
      delayMs = ms;
    },
    setFailure: (next) => {
      failure = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const socket of sockets) socket.destroy();
        for (const { timer, resolve: release } of delays) {
          clearTimeout(timer);
          release();
        }
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
