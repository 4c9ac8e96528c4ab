import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { isPublicAddress } from '../../lib/public-address.js';

/**
 * A fetch for URLs that users give (a webhook's receiver), which must not become a way into the
 * networks behind Kheti (server-side request forgery). The check is on the address the socket
 * actually connects to, not on the URL's text: each request resolves the name itself, refuses it
 * when any of its addresses is not public, and connects to the address it judged (TLS still checks
 * the certificate against the name), so a name that resolves to 10.0.0.5, or that answered a public
 * address when the URL was saved and a private one now (DNS rebinding), never gets a connection;
 * and the connected socket's peer is checked once more.
 * Redirects are never followed (a 3xx is an answer like any other), so a public receiver cannot
 * bounce the request inward. Plugged into createOutbound as its `fetch`, which adds time limits.
 */

/** Resolves a host name to every address it has, the way the connection will. */
export type AddressLookup = (hostname: string) => Promise<LookupAddress[]>;

export interface AddressPolicy {
  /** Anything goes: loopback, private networks, plain http (tests and local use only). */
  allowPrivate: boolean;
  /** Name resolution; the system resolver (getaddrinfo, as sockets use) by default. */
  lookup?: AddressLookup;
}

/** The code of a refused address, as the `cause` of what fetch throws; outbound reports it as `unreachable`. */
export const NON_PUBLIC_ADDRESS = 'EKHETINONPUBLIC';

export class NonPublicAddressError extends Error {
  override name = 'NonPublicAddressError';
  readonly code = NON_PUBLIC_ADDRESS;
  constructor(readonly host: string) {
    super(`${host} is not a public internet address`);
  }
}

const systemLookup: AddressLookup = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))),
  );

/**
 * The addresses of `host` (a name or an IP literal), refused with NonPublicAddressError when any
 * of them is not public: a name with one private address among public ones could be steered to it.
 */
export async function resolvePublicAddresses(host: string, policy: AddressPolicy): Promise<LookupAddress[]> {
  const bare = host.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  const addresses = family ? [{ address: bare, family }] : await (policy.lookup ?? systemLookup)(bare);
  if (!policy.allowPrivate && (addresses.length === 0 || addresses.some((a) => !isPublicAddress(a.address)))) {
    throw new NonPublicAddressError(bare);
  }
  return addresses;
}

/** Bodies past this are cut off: a receiver's answer is only read for its status. */
const MAX_BODY_BYTES = 64 * 1024;
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

const fetchFailure = (cause: unknown) => new TypeError('fetch failed', { cause });

export function createPublicOnlyFetch(policy: AddressPolicy): typeof fetch {
  const publicFetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const client = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined;
    if (!client) throw fetchFailure(Object.assign(new Error(`${url.protocol} is not http(s)`), { code: 'EPROTONOSUPPORT' }));
    const host = url.hostname.replace(/^\[|\]$/g, '');
    let target: LookupAddress;
    try {
      // The connection goes to the address judged here, not to a name resolved again later.
      [target] = (await resolvePublicAddresses(host, policy)) as [LookupAddress];
    } catch (error) {
      throw fetchFailure(error);
    }
    const headers = new Headers(init.headers);
    headers.set('host', url.host);
    const body = init.body as string | Uint8Array | undefined | null;

    return new Promise<Response>((resolve, reject) => {
      const request = client.request(
        {
          protocol: url.protocol,
          hostname: target.address,
          family: target.family,
          port: url.port || undefined,
          path: `${url.pathname}${url.search}`,
          method: init.method ?? 'GET',
          headers: Object.fromEntries(headers),
          // TLS names and checks the certificate of the host the URL names.
          ...(isIP(host) ? {} : { servername: host }),
          // A fresh connection each time: a kept-alive socket could outlive the address check.
          agent: false,
          ...(init.signal ? { signal: init.signal } : {}),
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          const finish = () => {
            const status = response.statusCode ?? 0;
            if (status < 200 || status > 599)
              return reject(fetchFailure(Object.assign(new Error(`status ${status}`), { code: 'EBADSTATUS' })));
            const answer = new Headers();
            for (const [name, value] of Object.entries(response.headers)) {
              for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) answer.append(name, one);
            }
            resolve(new Response(NULL_BODY_STATUSES.has(status) ? null : Buffer.concat(chunks), { status, headers: answer }));
          };
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size <= MAX_BODY_BYTES) chunks.push(chunk);
            else {
              response.destroy();
              finish();
            }
          });
          response.on('end', finish);
          response.on('error', (error) => reject(fetchFailure(error)));
        },
      );
      request.on('socket', (socket) => {
        socket.once('connect', () => {
          const peer = socket.remoteAddress;
          if (!policy.allowPrivate && (!peer || !isPublicAddress(peer))) request.destroy(new NonPublicAddressError(peer ?? host));
        });
      });
      request.on('error', (error) => reject(fetchFailure(error)));
      request.end(body ?? undefined);
    });
  };
  return publicFetch as typeof fetch;
}
