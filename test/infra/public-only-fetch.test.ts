import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  createOutbound,
  createPublicOnlyFetch,
  NON_PUBLIC_ADDRESS,
  NonPublicAddressError,
  OutboundError,
  resolvePublicAddresses,
  type AddressLookup,
} from '../../src/infra/outbound/index.js';
import { isPublicAddress } from '../../src/lib/public-address.js';

/**
 * The webhook fetch's guard against server-side request forgery: it judges the address the socket
 * connects to (through the connection's own lookup), so a loopback receiver that answers every
 * request proves that a refused URL never reached it.
 */

const causeCode = (error: unknown) => (error as { cause?: { code?: string } }).cause?.code;

/** A resolver of made-up names, as a DNS server an attacker controls would answer. */
const fakeDns =
  (answers: Record<string, string[]>): AddressLookup =>
  async (hostname) => {
    const found = answers[hostname];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

describe('isPublicAddress', () => {
  it('refuses loopback, private, link-local, metadata, carrier-grade NAT, multicast and their IPv6 forms', () => {
    const notPublic = [
      '127.0.0.1',
      '127.255.0.9',
      '0.0.0.0',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.254',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '100.100.100.200',
      '198.18.0.1',
      '224.0.0.1',
      '255.255.255.255',
      '::',
      '::1',
      '[::1]',
      'fc00::1',
      'fd00:ec2::254',
      'fe80::1',
      'fe80::1%eth0',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:169.254.169.254',
      '::ffff:10.0.0.1',
      '64:ff9b::a00:1',
      '2002:a00:1::',
      '2001:db8::1',
      'localhost',
      'not an address',
    ];
    for (const address of notPublic) assert.equal(isPublicAddress(address), false, address);
  });

  it('accepts public unicast addresses, IPv4 and IPv6, and a public address in IPv4-mapped form', () => {
    for (const address of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '2a00:1450::1', '::ffff:8.8.8.8']) {
      assert.equal(isPublicAddress(address), true, address);
    }
  });
});

describe('public-only fetch', () => {
  let server: Server;
  let port: number;
  const received: string[] = [];

  before(async () => {
    server = createServer((request, response) => {
      received.push(`${request.method} ${request.url}`);
      if (request.url === '/redirect') {
        response.writeHead(302, { location: `http://127.0.0.1:${port}/inside` }).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'text/plain' }).end('hello');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('never connects to a loopback address, by literal, by a mapped literal or by the name localhost', async () => {
    const guarded = createPublicOnlyFetch({ allowPrivate: false });
    for (const url of [`http://127.0.0.1:${port}/a`, `http://[::ffff:127.0.0.1]:${port}/b`, `http://localhost:${port}/c`]) {
      await assert.rejects(guarded(url, { method: 'POST', body: '{}' }), (error) => causeCode(error) === NON_PUBLIC_ADDRESS, url);
    }
    assert.deepEqual(received, []);
  });

  it('refuses names that resolve to private, metadata or mixed addresses, at connect time', async () => {
    const lookup = fakeDns({
      'intranet.example': ['10.0.0.5'],
      'metadata.example': ['169.254.169.254'],
      'mixed.example': ['93.184.215.14', '127.0.0.1'],
      'v6.example': ['fd00:ec2::254'],
    });
    const guarded = createPublicOnlyFetch({ allowPrivate: false, lookup });
    for (const host of Object.keys({ 'intranet.example': 0, 'metadata.example': 0, 'mixed.example': 0, 'v6.example': 0 })) {
      await assert.rejects(guarded(`https://${host}/hook`), (error) => causeCode(error) === NON_PUBLIC_ADDRESS, host);
      await assert.rejects(resolvePublicAddresses(host, { allowPrivate: false, lookup }), NonPublicAddressError);
    }
  });

  it('a name that answered a public address when checked and loopback at connect time (DNS rebinding) gets no connection', async () => {
    let asked = 0;
    const rebinding: AddressLookup = async () => [{ address: asked++ === 0 ? '93.184.215.14' : '127.0.0.1', family: 4 }];
    const policy = { allowPrivate: false, lookup: rebinding };
    assert.deepEqual(await resolvePublicAddresses('rebind.example', policy), [{ address: '93.184.215.14', family: 4 }]);
    await assert.rejects(
      createPublicOnlyFetch(policy)(`http://rebind.example:${port}/rebound`),
      (error) => causeCode(error) === NON_PUBLIC_ADDRESS,
    );
    assert.equal(asked, 2);
    assert.deepEqual(received, []);
  });

  it('through createOutbound a refusal is an unreachable upstream naming the code, and nothing is retried', async () => {
    const outbound = createOutbound({
      upstream: 'webhook',
      timeoutMs: 2000,
      fetch: createPublicOnlyFetch({ allowPrivate: false }),
      breaker: false,
    });
    await assert.rejects(
      outbound.request(`http://127.0.0.1:${port}/outbound`, { method: 'POST', body: '{}' }),
      (error) => error instanceof OutboundError && error.kind === 'unreachable' && error.details.code === NON_PUBLIC_ADDRESS,
    );
    assert.deepEqual(received, []);
  });

  it('with private addresses allowed it reaches loopback, and answers a redirect as it is instead of following it', async () => {
    const open = createPublicOnlyFetch({ allowPrivate: true });
    const ok = await open(`http://localhost:${port}/hello`, { method: 'POST', headers: { 'x-a': 'b' }, body: 'x' });
    assert.equal(ok.status, 200);
    assert.equal(await ok.text(), 'hello');
    const redirect = await open(`http://127.0.0.1:${port}/redirect`, { method: 'POST', body: 'x' });
    assert.equal(redirect.status, 302);
    assert.deepEqual(received, ['POST /hello', 'POST /redirect']);
  });
});
