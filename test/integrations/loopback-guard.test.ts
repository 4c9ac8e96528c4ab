import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { describe, it } from 'node:test';
import { expectingRefusals, isLoopbackHost, OutboundConnectionRefused } from '../support/loopback-guard.js';
import { listenLoopback } from '../stubs/loopback.js';

/** Every test process loads test/support/loopback-guard.ts (scripts/run-tests.mjs): nothing leaves the machine. */
describe('the loopback guard', () => {
  it('refuses a fetch to another machine before any byte (or DNS lookup) leaves', async () => {
    const refusals = await expectingRefusals(async () => {
      const error = await fetch('https://api.openweathermap.org/data/3.0/onecall').then(
        () => assert.fail('the fetch went out'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof TypeError);
      assert.ok((error as { cause?: unknown }).cause instanceof OutboundConnectionRefused);
      await assert.rejects(fetch('http://192.0.2.10:8080/'), TypeError);
    });
    assert.deepEqual(
      refusals.map((r) => [r.host, r.port]),
      [
        ['api.openweathermap.org', 443],
        ['192.0.2.10', 8080],
      ],
    );
  });

  it('refuses http.request and net.connect too', async () => {
    const refusals = await expectingRefusals(async () => {
      await new Promise<void>((resolve) => {
        http
          .get('http://example.org/', () => assert.fail('answered'))
          .on('error', (error) => {
            assert.ok(error instanceof OutboundConnectionRefused);
            resolve();
          });
      });
      await new Promise<void>((resolve) => {
        net.connect(5432, '10.0.0.5').on('error', (error) => {
          assert.ok(error instanceof OutboundConnectionRefused);
          resolve();
        });
      });
    });
    assert.deepEqual(
      refusals.map((r) => r.host),
      ['example.org', '10.0.0.5'],
    );
  });

  it('lets loopback through: the stubs, PostgreSQL and Redis live there', async () => {
    const stub = await listenLoopback(async (_req, res) => void res.end('here'));
    try {
      assert.equal(await (await fetch(stub.baseUrl)).text(), 'here');
      assert.equal(await (await fetch(stub.baseUrl.replace('127.0.0.1', 'localhost'))).text(), 'here');
    } finally {
      await stub.close();
    }
    for (const host of ['localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]', '::ffff:127.0.0.1', '0.0.0.0'])
      assert.ok(isLoopbackHost(host), host);
    for (const host of ['10.0.0.1', '192.168.1.1', '8.8.8.8', '::ffff:8.8.8.8', '2001:db8::1', 'example.org', 'localhost.example.org'])
      assert.ok(!isLoopbackHost(host), host);
  });
});
