import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { createServer } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createOutbound, OutboundError, retrying, type OutboundOptions } from '../../src/infra/outbound/index.js';
import { listenLoopback, type Loopback } from '../stubs/loopback.js';

/**
 * The outbound helper every integration client goes through, against a loopback server that
 * answers each request with the next scripted answer: timeouts, retries of idempotent calls only,
 * Retry-After, and the breaker opening and half-opening.
 */

type Answer = { status: number; body?: string; headers?: Record<string, string>; delayMs?: number };

describe('outbound HTTP helper', () => {
  let server: Loopback;
  let script: Answer[] = [];
  const seen: { method: string; path: string }[] = [];
  const answer = (res: ServerResponse, next: Answer) => {
    if (!res.destroyed) res.writeHead(next.status, next.headers ?? {}).end(next.body ?? '');
  };

  before(async () => {
    server = await listenLoopback(async (req, res) => {
      seen.push({ method: req.method ?? '', path: req.url ?? '' });
      const next = script.shift() ?? { status: 200, body: 'ok' };
      if (next.delayMs) setTimeout(() => answer(res, next), next.delayMs);
      else answer(res, next);
    });
  });
  after(() => server.close());
  beforeEach(() => {
    script = [];
    seen.length = 0;
  });

  const outbound = (options: Partial<OutboundOptions> = {}) =>
    createOutbound({ upstream: 'the stub', timeoutMs: 2000, backoffMs: 1, ...options });
  const failure = async (promise: Promise<unknown>): Promise<OutboundError> => {
    const error = await promise.then(
      () => assert.fail('expected an OutboundError'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof OutboundError, `expected an OutboundError, got ${String(error)}`);
    return error;
  };

  it('answers with the status, headers and body read within the time limit', async () => {
    script = [{ status: 201, body: 'made', headers: { 'x-kind': 'probe' } }];
    const response = await outbound().request(`${server.baseUrl}/thing?key=secret`);
    assert.deepEqual(
      [response.status, response.ok, response.text(), response.headers.get('x-kind'), response.attempts],
      [201, true, 'made', 'probe', 1],
    );
  });

  it('gives up on a slow answer after the time limit, and does not try again', async () => {
    // The answer would take 6 s: giving up long before it shows the limit held, even on a busy machine.
    script = [{ status: 200, delayMs: 6000 }];
    const started = Date.now();
    const error = await failure(outbound({ timeoutMs: 100 }).request(`${server.baseUrl}/slow?key=secret`));
    assert.equal(error.kind, 'timeout');
    assert.equal(error.details.timeoutMs, 100);
    assert.ok(Date.now() - started < 4000, `waited ${Date.now() - started} ms`);
    assert.equal(seen.length, 1, 'a timeout is not retried');
    assert.doesNotMatch(error.message, /secret|127\.0\.0\.1/, 'no URL in the message');
  });

  it('a per-call limit wins over the client one, and the caller can cancel', async () => {
    script = [{ status: 200, delayMs: 1500 }];
    assert.equal((await failure(outbound().request(server.baseUrl, { timeoutMs: 50 }))).kind, 'timeout');
    script = [{ status: 200, delayMs: 1500 }];
    const error = await failure(outbound().request(server.baseUrl, { signal: AbortSignal.timeout(50) }));
    assert.equal(error.kind, 'cancelled');
  });

  it('retries a GET on 503 with backoff, then answers with the success', async () => {
    script = [{ status: 503 }, { status: 502 }, { status: 200, body: 'third time' }];
    const response = await outbound().request(`${server.baseUrl}/flaky`);
    assert.equal(response.status, 200);
    assert.equal(response.text(), 'third time');
    assert.equal(response.attempts, 3);
    assert.equal(seen.length, 3);
  });

  it('returns the last 5xx once its retries are used', async () => {
    script = [{ status: 503 }, { status: 503 }, { status: 503, body: 'still down' }];
    const response = await outbound({ retries: 2 }).request(server.baseUrl);
    assert.deepEqual([response.status, response.text(), response.attempts, seen.length], [503, 'still down', 3, 3]);
  });

  it('never retries a POST unless it is marked idempotent', async () => {
    script = [{ status: 503 }, { status: 200 }];
    const post = await outbound().request(server.baseUrl, { method: 'POST', body: 'x' });
    assert.equal(post.status, 503);
    assert.equal(seen.length, 1);

    seen.length = 0;
    script = [{ status: 503 }, { status: 200 }];
    const search = await outbound().request(server.baseUrl, { method: 'POST', body: 'x', idempotent: true });
    assert.equal(search.status, 200);
    assert.equal(seen.length, 2);
  });

  it('does not retry a 4xx other than 429', async () => {
    script = [{ status: 404 }, { status: 200 }];
    assert.equal((await outbound().request(server.baseUrl)).status, 404);
    assert.equal(seen.length, 1);
  });

  it('waits what Retry-After asks on a 429, up to a cap beyond which it answers at once', async () => {
    script = [{ status: 429, headers: { 'retry-after': '1' } }, { status: 200 }];
    const started = Date.now();
    assert.equal((await outbound().request(server.baseUrl)).status, 200);
    assert.ok(Date.now() - started >= 900, `waited only ${Date.now() - started} ms`);

    seen.length = 0;
    script = [{ status: 429, headers: { 'retry-after': '3600' } }, { status: 200 }];
    const refused = await outbound({ maxRetryAfterMs: 5000 }).request(server.baseUrl);
    assert.equal(refused.status, 429);
    assert.equal(seen.length, 1, 'an hour is not waited for');
  });

  it('reports an unreachable host with its code, after retrying it', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const error = await failure(outbound().request(`http://127.0.0.1:${port}/`));
    assert.equal(error.kind, 'unreachable');
    assert.equal(error.details.code, 'ECONNREFUSED');
    assert.equal(error.details.attempts, 3);
  });

  it('opens the breaker after consecutive failures, refuses without calling, then lets one trial through', async () => {
    let clock = 1_000_000;
    const client = outbound({ retries: 0, breaker: { failureThreshold: 3, openMs: 10_000 }, now: () => clock });
    script = [{ status: 500 }, { status: 500 }, { status: 500 }];
    for (let i = 0; i < 3; i++) assert.equal((await client.request(server.baseUrl)).status, 500);
    assert.deepEqual(client.breakers(), { [server.baseUrl]: 'open' });

    const refused = await failure(client.request(server.baseUrl));
    assert.equal(refused.kind, 'circuit_open');
    assert.equal(seen.length, 3, 'no call while open');

    clock += 10_001;
    assert.deepEqual(client.breakers(), { [server.baseUrl]: 'half-open' });
    script = [{ status: 500 }];
    assert.equal((await client.request(server.baseUrl)).status, 500, 'the trial call');
    assert.deepEqual(client.breakers(), { [server.baseUrl]: 'open' }, 'a failed trial opens it again');
    assert.equal((await failure(client.request(server.baseUrl))).kind, 'circuit_open');

    clock += 10_001;
    script = [{ status: 200 }];
    assert.equal((await client.request(server.baseUrl)).status, 200);
    assert.deepEqual(client.breakers(), { [server.baseUrl]: 'closed' });
    assert.equal(seen.length, 5);
  });

  it('counts a 4xx as an answer (the upstream is up) and keeps one breaker per origin', async () => {
    const client = outbound({ retries: 0, breaker: { failureThreshold: 2 } });
    script = [{ status: 500 }, { status: 400 }, { status: 500 }];
    for (let i = 0; i < 3; i++) await client.request(server.baseUrl);
    assert.deepEqual(client.breakers(), { [server.baseUrl]: 'closed' });
    assert.equal((await failure(client.request('http://127.0.0.1:9/'))).kind, 'unreachable');
    assert.equal((await failure(client.request('http://127.0.0.1:9/'))).kind, 'unreachable');
    assert.equal(client.breakers()['http://127.0.0.1:9'], 'open');
    assert.equal(client.breakers()[server.baseUrl], 'closed', 'another origin is not affected');
    assert.equal((await client.request(server.baseUrl)).status, 200);
  });

  it('a breaker can be left to the caller', async () => {
    const client = outbound({ retries: 0, breaker: false });
    script = Array.from({ length: 8 }, () => ({ status: 500 }));
    for (let i = 0; i < 8; i++) assert.equal((await client.request(server.baseUrl)).status, 500);
    assert.deepEqual(client.breakers(), {});
  });

  it('retrying() retries what the caller judges retryable, with its backoff, and says so', async () => {
    const told: number[] = [];
    let calls = 0;
    const value = await retrying(
      async () => {
        calls += 1;
        if (calls < 3) throw new Error('not yet');
        return 'done';
      },
      { retries: 4, backoffMs: 1, retryable: () => true, onRetry: ({ attempt }) => void told.push(attempt) },
    );
    assert.deepEqual([value, calls, told], ['done', 3, [1, 2]]);
    await assert.rejects(
      retrying(async () => Promise.reject(new Error('never')), { retries: 1, backoffMs: 1, retryable: () => true }),
      /never/,
    );
    calls = 0;
    await assert.rejects(
      retrying(async () => ++calls && Promise.reject(new Error('fatal')), { retries: 5, backoffMs: 1, retryable: () => false }),
      /fatal/,
    );
    assert.equal(calls, 1);
  });
});
