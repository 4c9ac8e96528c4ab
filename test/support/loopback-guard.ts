import net from 'node:net';

/**
 * Tests never leave the machine. Loaded first into every test process (scripts/run-tests.mjs
 * passes `--import` of this file to node, and test/support/process.ts to the kheti processes tests
 * start), it refuses every TCP connection to anything but this machine: fetch (undici), http,
 * https, tls and net all connect through net.Socket.prototype.connect, which is wrapped here. The
 * refused socket fails as an unreachable host would (so no request leaves, not even a DNS lookup
 * of the name), and the refusal is thrown as an uncaught error as well, which fails the test that
 * made it even when the code under test swallows connection errors (a fallback, a retry). Unix
 * sockets and loopback addresses (PostgreSQL and Redis on 127.0.0.1, the vendor stubs) pass.
 */

export class OutboundConnectionRefused extends Error {
  override name = 'OutboundConnectionRefused';
  readonly code = 'EKHETITESTOFFLINE';
  constructor(
    readonly host: string,
    readonly port: unknown,
  ) {
    super(`Tests never leave the machine: a connection to ${host}:${String(port)} was refused (see test/support/loopback-guard.ts)`);
  }
}

/** localhost, 127.0.0.0/8, ::1 (and their IPv4-mapped forms), and the unspecified addresses, which reach this machine. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  switch (net.isIP(bare)) {
    case 4:
      return bare.startsWith('127.') || bare === '0.0.0.0';
    case 6:
      return (
        bare === '::1' || bare === '::' || /^(0{0,4}:){0,5}ffff:127\./.test(bare.replace(/^::/, '0:')) || bare.startsWith('::ffff:127.')
      );
    default:
      return false;
  }
}

/** Where a connect() call goes, or undefined for a Unix socket or pipe. */
function targetOf(args: unknown[]): { host: string; port: unknown } | undefined {
  // net.connect() hands Socket#connect its normalised arguments as one array.
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (typeof first === 'object' && first !== null) {
    const options = first as { path?: unknown; host?: unknown; port?: unknown };
    if (options.path !== undefined && options.path !== null) return undefined;
    return { host: typeof options.host === 'string' && options.host !== '' ? options.host : 'localhost', port: options.port };
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return undefined;
  return { host: typeof args[1] === 'string' ? args[1] : 'localhost', port: first };
}

const refusals: OutboundConnectionRefused[] = [];
let expecting = 0;

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  const target = targetOf(args);
  if (!target || isLoopbackHost(target.host)) return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
  const port = typeof target.port === 'string' && /^\d+$/.test(target.port) ? Number(target.port) : target.port;
  const refusal = new OutboundConnectionRefused(target.host, port);
  refusals.push(refusal);
  process.nextTick(() => this.destroy(refusal));
  if (expecting === 0) {
    process.nextTick(() => {
      throw refusal;
    });
  }
  return this;
} as typeof net.Socket.prototype.connect;

/**
 * Runs `work` with refusals expected (the guard's own test): they still stop the connection but
 * do not fail the test. Returns the refusals made meanwhile.
 */
export async function expectingRefusals(work: () => Promise<unknown>): Promise<OutboundConnectionRefused[]> {
  const from = refusals.length;
  expecting += 1;
  try {
    await work();
  } finally {
    // Let the refused sockets' errors settle before the guard is armed again.
    await new Promise((resolve) => setImmediate(resolve));
    expecting -= 1;
  }
  return refusals.slice(from);
}
