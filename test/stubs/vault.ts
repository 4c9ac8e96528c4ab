import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenLoopback, type Loopback } from './loopback.js';

/**
 * A stand-in for HashiCorp Vault on 127.0.0.1, speaking its HTTP API as Kheti uses it:
 * - every request but a login carries `X-Vault-Token`, else 403 `{"errors":["permission denied"]}`;
 * - transit (`/v1/<mount>/…`): `encrypt/<key>`, `decrypt/<key>`, `datakey/plaintext/<key>` and
 *   `keys/<key>/rotate`, each key with numbered versions; ciphertext is `vault:v<n>:<base64>` and
 *   every version still decrypts after a rotation, as in Vault;
 * - KV v2: `GET /v1/<mount>/data/<path>` answered `{ data: { data: {…}, metadata: {…} } }`, 404
 *   `{"errors":[]}` for a path without a secret;
 * - `POST /v1/auth/kubernetes/login` with `{ role, jwt }` against the JWTs the test allows;
 * - `GET /v1/auth/token/lookup-self` and `POST /v1/auth/token/renew-self`.
 * `stop()` closes the port and `start()` opens the same port again, for outage tests.
 * Docs: https://developer.hashicorp.com/vault/api-docs
 */
export interface VaultStub {
  baseUrl: string;
  /** A token that may do everything. */
  rootToken: string;
  /** KV v2 secrets by API path after /v1/, e.g. `secret/data/kheti`. */
  kv: Map<string, Record<string, unknown>>;
  /** Service account JWTs the Kubernetes login accepts, with the role each may log in as. */
  kubernetesJwts: Map<string, string>;
  /** Every request: method, path, status. */
  requests: { method: string; path: string; status: number }[];
  /** Tokens renewed through renew-self, in order. */
  renewals: string[];
  createKey(mount: string, name: string): void;
  rotateKey(mount: string, name: string): void;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

interface TransitKey {
  versions: Buffer[];
}

class VaultFailure extends Error {
  constructor(
    readonly status: number,
    readonly errors: string[],
  ) {
    super(errors.join('; '));
  }
}

export async function startVaultStub(options: { leaseSeconds?: number } = {}): Promise<VaultStub> {
  const rootToken = `hvs.${randomBytes(18).toString('base64url')}`;
  const tokens = new Map<string, { renewable: boolean }>([[rootToken, { renewable: true }]]);
  const keys = new Map<string, TransitKey>();
  const leaseSeconds = options.leaseSeconds ?? 3600;
  let port = 0;
  let server: Loopback | undefined;

  const stub: VaultStub = {
    baseUrl: '',
    rootToken,
    kv: new Map(),
    kubernetesJwts: new Map(),
    requests: [],
    renewals: [],
    createKey(mount, name) {
      keys.set(`${mount}/${name}`, { versions: [randomBytes(32)] });
    },
    rotateKey(mount, name) {
      keys.get(`${mount}/${name}`)!.versions.push(randomBytes(32));
    },
    async stop() {
      await server?.close();
      server = undefined;
    },
    async start() {
      server = await listenLoopback(handle, port);
      port = Number(new URL(server.baseUrl).port);
      stub.baseUrl = server.baseUrl;
    },
    async close() {
      await stub.stop();
    },
  };

  const transitKey = (mount: string, name: string) => {
    const key = keys.get(`${mount}/${name}`);
    if (!key) throw new VaultFailure(400, [`encryption key not found`]);
    return key;
  };
  const encrypt = (key: TransitKey, plaintext: Buffer) => {
    const version = key.versions.length;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key.versions[version - 1]!, iv);
    const body = Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    return `vault:v${version}:${body.toString('base64')}`;
  };
  const decrypt = (key: TransitKey, ciphertext: string) => {
    const match = /^vault:v(\d+):([A-Za-z0-9+/=]+)$/.exec(ciphertext);
    const secret = match && key.versions[Number(match[1]) - 1];
    if (!match || !secret) throw new VaultFailure(400, ['invalid ciphertext: unable to decrypt']);
    const body = Buffer.from(match[2]!, 'base64');
    try {
      const decipher = createDecipheriv('aes-256-gcm', secret, body.subarray(0, 12));
      decipher.setAuthTag(body.subarray(body.length - 16));
      return Buffer.concat([decipher.update(body.subarray(12, body.length - 16)), decipher.final()]);
    } catch {
      throw new VaultFailure(400, ['invalid ciphertext: unable to decrypt']);
    }
  };

  async function route(method: string, path: string, token: string | undefined, body: Record<string, unknown>): Promise<unknown> {
    const login = /^\/v1\/auth\/([^/]+(?:\/[^/]+)*)\/login$/.exec(path);
    if (method === 'POST' && login?.[1] === 'kubernetes') {
      const role = stub.kubernetesJwts.get(String(body.jwt));
      if (!role || role !== body.role) throw new VaultFailure(403, ['permission denied']);
      const clientToken = `hvs.${randomBytes(18).toString('base64url')}`;
      tokens.set(clientToken, { renewable: true });
      return { auth: { client_token: clientToken, lease_duration: leaseSeconds, renewable: true, policies: ['kheti'] } };
    }
    if (!token || !tokens.has(token)) throw new VaultFailure(403, ['permission denied']);
    if (method === 'GET' && path === '/v1/auth/token/lookup-self')
      return { data: { renewable: tokens.get(token)!.renewable, ttl: leaseSeconds, id: token } };
    if (method === 'POST' && path === '/v1/auth/token/renew-self') {
      stub.renewals.push(token);
      return { auth: { client_token: token, lease_duration: leaseSeconds, renewable: true } };
    }
    const transit = /^\/v1\/(.+)\/(encrypt|decrypt|datakey\/plaintext|keys)\/([^/]+)(\/rotate)?$/.exec(path);
    if (transit && method === 'POST') {
      const [, mount, action, name, rotate] = transit as unknown as string[];
      if (action === 'keys' && rotate) {
        stub.rotateKey(mount!, name!);
        return {};
      }
      const key = transitKey(mount!, name!);
      if (action === 'encrypt') {
        if (typeof body.plaintext !== 'string') throw new VaultFailure(400, ['missing plaintext to encrypt']);
        return { data: { ciphertext: encrypt(key, Buffer.from(body.plaintext, 'base64')), key_version: key.versions.length } };
      }
      if (action === 'decrypt') return { data: { plaintext: decrypt(key, String(body.ciphertext)).toString('base64') } };
      if (action === 'datakey/plaintext') {
        const dataKey = randomBytes(Number(body.bits ?? 256) / 8);
        return { data: { plaintext: dataKey.toString('base64'), ciphertext: encrypt(key, dataKey), key_version: key.versions.length } };
      }
    }
    if (method === 'GET') {
      const secret = stub.kv.get(path.slice('/v1/'.length));
      if (!secret) throw new VaultFailure(404, []);
      return {
        request_id: randomBytes(8).toString('hex'),
        lease_id: '',
        renewable: false,
        lease_duration: 0,
        data: { data: secret, metadata: { created_time: new Date().toISOString(), deletion_time: '', destroyed: false, version: 1 } },
      };
    }
    throw new VaultFailure(404, []);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = (req.url ?? '/').split('?')[0]!;
    let status = 200;
    let answer: unknown;
    try {
      const text = Buffer.concat(chunks).toString('utf8');
      const header = req.headers['x-vault-token'];
      answer = await route(req.method ?? 'GET', path, typeof header === 'string' ? header : undefined, text ? JSON.parse(text) : {});
    } catch (error) {
      status = error instanceof VaultFailure ? error.status : 500;
      answer = { errors: error instanceof VaultFailure ? error.errors : [(error as Error).message] };
    }
    stub.requests.push({ method: req.method ?? 'GET', path, status });
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  }

  await stub.start();
  return stub;
}
