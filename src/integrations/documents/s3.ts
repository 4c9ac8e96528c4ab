import type { S3Client } from '@aws-sdk/client-s3';
import { DocumentStoreError, type DocumentStore } from './store.js';

export interface S3DocumentStoreOptions {
  bucket: string;
  region: string;
  /** An S3-compatible service (MinIO, Ceph, …): addressed path-style, http(s)://host/bucket/key. */
  endpoint?: string;
  /** Without them, the SDK's default chain: the environment, a web identity (IRSA on Kubernetes), the instance role. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Put before every key as it is, e.g. `kheti/documents/`. */
  keyPrefix?: string;
}

/** The S3 error codes of a key already taken: 412 for If-None-Match, 409 while another write of it is in flight. */
const TAKEN = new Set(['PreconditionFailed', 'ConditionalRequestConflict']);

/**
 * Documents as objects of one bucket, with their content type. A put sends `If-None-Match: *`,
 * S3's conditional write (also MinIO's): the bucket refuses to replace an object, in the same
 * request, with no window between a check and the write.
 */
export function s3DocumentStore(options: S3DocumentStoreOptions): DocumentStore {
  // The SDK is loaded when the first document moves, not at start: a deployment keeping its
  // documents on disk never loads it (it adds tens of megabytes to every process).
  let sdk: Promise<{ client: S3Client; sdk: typeof import('@aws-sdk/client-s3') }> | undefined;
  const connect = () => {
    sdk ??= import('@aws-sdk/client-s3').then((loaded) => ({ sdk: loaded, client: makeClient(loaded.S3Client) }));
    return sdk;
  };
  const makeClient = (Client: typeof S3Client) =>
    new Client({
      region: options.region,
      ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
      // Checksums only where an operation requires them: the SDK's default CRC32 headers are refused
      // by some S3-compatible services. The signed payload hash (x-amz-content-sha256) still guards the bytes.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 3,
      requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
    });
  const prefix = options.keyPrefix ?? '';
  const failure = (error: unknown, action: string, key: string) => {
    const code = (error as { name?: string }).name ?? 'Error';
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    const said = `${code}${status ? ` (HTTP ${status})` : ''}: ${(error as Error).message}`;
    if (action === 'get' && (code === 'NoSuchKey' || status === 404)) {
      return new DocumentStoreError('missing', `no document is kept under ${key} in bucket ${options.bucket}`, { cause: error });
    }
    if (action === 'put' && TAKEN.has(code)) {
      return new DocumentStoreError('exists', `a document is already kept under ${key} in bucket ${options.bucket}`, { cause: error });
    }
    return new DocumentStoreError('failed', `S3 ${action} of ${key} in bucket ${options.bucket} failed: ${said}`, { cause: error });
  };
  return {
    kind: 's3',
    async put(key, bytes, contentType) {
      try {
        const { client, sdk } = await connect();
        await client.send(
          new sdk.PutObjectCommand({ Bucket: options.bucket, Key: prefix + key, Body: bytes, ContentType: contentType, IfNoneMatch: '*' }),
        );
      } catch (error) {
        throw failure(error, 'put', key);
      }
    },
    async get(key) {
      try {
        const { client, sdk } = await connect();
        const answer = await client.send(new sdk.GetObjectCommand({ Bucket: options.bucket, Key: prefix + key }));
        if (!answer.Body) throw new Error('the answer had no body');
        return Buffer.from(await answer.Body.transformToByteArray());
      } catch (error) {
        throw failure(error, 'get', key);
      }
    },
  };
}
