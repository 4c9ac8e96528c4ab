import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenLoopback, type Loopback } from './loopback.js';

/**
 * A stand-in for AWS KMS on 127.0.0.1, speaking its JSON 1.1 protocol: `POST /` with
 * `X-Amz-Target: TrentService.<Operation>` and `Content-Type: application/x-amz-json-1.1`, binary
 * fields in base64, errors as `{"__type": "…Exception", "message": "…"}`. Operations:
 * GenerateDataKey (AES_256 or NumberOfBytes), Encrypt and Decrypt. Keys are found by key id, key
 * ARN, alias name or alias ARN. Every request must carry a well-formed SigV4 `Authorization`
 * header for the `kms` service in the stub's region (the signature itself is not recomputed: the
 * S3 stub does that). A CiphertextBlob embeds the id of the key that made it, as KMS's do, so
 * Decrypt needs no KeyId, and Decrypt naming another key is refused (IncorrectKeyException).
 * `stop()` closes the port and `start()` opens the same port again, for outage tests.
 * Docs: https://docs.aws.amazon.com/kms/latest/APIReference/Welcome.html
 */
export const TEST_KMS_REGION = 'ap-south-1';
export const TEST_KMS_ACCOUNT = '111122223333';
export const TEST_AWS_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'AKIAKHETITESTKMS0001',
  AWS_SECRET_ACCESS_KEY: 'kheti/test/kms+0123456789abcdefghijklmn',
};

export interface KmsStub {
  baseUrl: string;
  /** Makes a key (and, given a name, its alias `alias/<name>`); returns its key id. */
  createKey(alias?: string): string;
  arnOf(keyId: string): string;
  /** Every request: operation and status (and the error type). */
  requests: { operation: string; status: number; type?: string }[];
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

class KmsFailure extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const MAGIC = Buffer.from('KST1');
const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/\s]+)\/(\d{8})\/([^/\s]+)\/([^/\s]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

export async function startKmsStub(): Promise<KmsStub> {
  const keys = new Map<string, Buffer>();
  const aliases = new Map<string, string>();
  let port = 0;
  let server: Loopback | undefined;
  const arnOf = (keyId: string) => `arn:aws:kms:${TEST_KMS_REGION}:${TEST_KMS_ACCOUNT}:key/${keyId}`;

  const resolve = (reference: unknown) => {
    const text = String(reference ?? '');
    const alias = /^(?:arn:aws:kms:[^:]+:\d+:)?(alias\/.+)$/.exec(text)?.[1];
    const keyId = alias ? aliases.get(alias) : (/^(?:arn:aws:kms:[^:]+:\d+:key\/)?([0-9a-f-]{36})$/.exec(text)?.[1] ?? '');
    if (!keyId || !keys.has(keyId)) throw new KmsFailure(400, 'NotFoundException', `Key '${text}' does not exist`);
    return keyId;
  };
  const encrypt = (keyId: string, plaintext: Buffer) => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', keys.get(keyId)!, iv);
    const id = Buffer.from(keyId);
    return Buffer.concat([MAGIC, Buffer.from([id.length]), id, iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  };
  const decrypt = (blob: Buffer) => {
    const invalid = new KmsFailure(400, 'InvalidCiphertextException', 'The ciphertext is invalid');
    if (blob.length < 5 + 12 + 16 || !blob.subarray(0, 4).equals(MAGIC)) throw invalid;
    const keyId = blob.subarray(5, 5 + blob[4]!).toString();
    const key = keys.get(keyId);
    if (!key) throw invalid;
    const rest = blob.subarray(5 + blob[4]!);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, rest.subarray(0, 12));
      decipher.setAuthTag(rest.subarray(rest.length - 16));
      return { keyId, plaintext: Buffer.concat([decipher.update(rest.subarray(12, rest.length - 16)), decipher.final()]) };
    } catch {
      throw invalid;
    }
  };

  const operations: Record<string, (body: Record<string, unknown>) => unknown> = {
    GenerateDataKey(body) {
      const keyId = resolve(body.KeyId);
      const bytes = body.KeySpec === 'AES_256' ? 32 : body.KeySpec === 'AES_128' ? 16 : Number(body.NumberOfBytes);
      if (!(bytes >= 1 && bytes <= 1024)) throw new KmsFailure(400, 'ValidationException', 'KeySpec or NumberOfBytes is required');
      const plaintext = randomBytes(bytes);
      return { KeyId: arnOf(keyId), Plaintext: plaintext.toString('base64'), CiphertextBlob: encrypt(keyId, plaintext).toString('base64') };
    },
    Encrypt(body) {
      const keyId = resolve(body.KeyId);
      const plaintext = Buffer.from(String(body.Plaintext ?? ''), 'base64');
      return {
        KeyId: arnOf(keyId),
        CiphertextBlob: encrypt(keyId, plaintext).toString('base64'),
        EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      };
    },
    Decrypt(body) {
      const { keyId, plaintext } = decrypt(Buffer.from(String(body.CiphertextBlob ?? ''), 'base64'));
      if (body.KeyId !== undefined && resolve(body.KeyId) !== keyId)
        throw new KmsFailure(
          400,
          'IncorrectKeyException',
          'The key ID in the request does not identify the key that encrypted the ciphertext',
        );
      return { KeyId: arnOf(keyId), Plaintext: plaintext.toString('base64'), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
    },
  };

  const stub: KmsStub = {
    baseUrl: '',
    requests: [],
    arnOf,
    createKey(alias) {
      const keyId = randomUUID();
      keys.set(keyId, randomBytes(32));
      if (alias) aliases.set(`alias/${alias}`, keyId);
      return keyId;
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

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.replace(/^TrentService\./, '');
    let status = 200;
    let answer: unknown;
    try {
      if (req.method !== 'POST' || (req.url ?? '/').split('?')[0] !== '/')
        throw new KmsFailure(404, 'UnknownOperationException', 'POST / only');
      if (req.headers['content-type'] !== 'application/x-amz-json-1.1')
        throw new KmsFailure(400, 'SerializationException', 'Content-Type must be application/x-amz-json-1.1');
      const authorization = AUTHORIZATION.exec(String(req.headers.authorization ?? ''));
      if (!authorization || !req.headers['x-amz-date'])
        throw new KmsFailure(400, 'IncompleteSignatureException', 'The request signature does not conform to AWS standards');
      if (authorization[3] !== TEST_KMS_REGION || authorization[4] !== 'kms' || authorization[1] !== TEST_AWS_CREDENTIALS.AWS_ACCESS_KEY_ID)
        throw new KmsFailure(400, 'InvalidSignatureException', 'Credential should be scoped to a valid region and service kms');
      const run = target.startsWith('TrentService.') ? operations[operation] : undefined;
      if (!run) throw new KmsFailure(400, 'UnknownOperationException', `unknown operation ${target}`);
      answer = run(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>);
    } catch (error) {
      const failure = error instanceof KmsFailure ? error : new KmsFailure(500, 'KMSInternalException', (error as Error).message);
      status = failure.status;
      answer = { __type: failure.type, message: failure.message };
    }
    stub.requests.push({ operation, status, ...(status === 200 ? {} : { type: (answer as { __type: string }).__type }) });
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(answer));
  }

  await stub.start();
  return stub;
}
