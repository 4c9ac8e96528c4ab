import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenLoopback } from './loopback.js';

/**
 * A stand-in for Amazon S3 on 127.0.0.1, speaking its REST wire format for one bucket, path-style
 * (`/{bucket}/{key}`): PUT (with `If-None-Match: *`), GET, HEAD and DELETE Object, errors as S3's
 * XML `<Error><Code>…</Code><Message>…</Message>…</Error>`. Every request must carry an AWS
 * Signature Version 4 `Authorization` header that this stub checks with the test's secret key, as
 * S3 does: the canonical request rebuilt from what arrived, the signing key derived from the
 * secret, date, region and service, and the payload's SHA-256 against `x-amz-content-sha256`. A
 * request signed with another secret, for another region, or altered on the way is refused.
 * Docs: https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
 */

export const TEST_S3_ACCESS_KEY_ID = 'AKIAKHETITESTKEY0001';
export const TEST_S3_SECRET_ACCESS_KEY = 'kheti/test/secret+0123456789abcdefghijklm';
export const TEST_S3_REGION = 'ap-south-1';
export const TEST_S3_BUCKET = 'kheti-test-documents';

export interface StoredObject {
  bytes: Buffer;
  contentType: string;
  etag: string;
}

export interface S3Stub {
  baseUrl: string;
  /** The bucket's objects by key. */
  objects: Map<string, StoredObject>;
  /** Every request that reached the stub: its method, key and the status (and S3 error code) it was answered. */
  requests: { method: string; key: string; status: number; code?: string }[];
  close(): Promise<void>;
}

/** How far a request's x-amz-date may be from the stub's clock, as S3 allows. */
const MAX_SKEW_MS = 15 * 60 * 1000;
const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/\s]+)\/(\d{8})\/([^/\s]+)\/([^/\s]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
/** RFC 3986 encoding, as SigV4 asks: encodeURIComponent leaves !'()* alone. */
const encode = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

class S3Failure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function canonicalQuery(raw: string): string {
  if (!raw) return '';
  return raw
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf('=');
      const [name, value] = at < 0 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
      return [encode(decodeURIComponent(name)), encode(decodeURIComponent(value))] as const;
    })
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/** Checks the request's SigV4 signature; throws the S3 error a real bucket would answer. */
function verifySignature(req: IncomingMessage, path: string, query: string, body: Buffer, secrets: Map<string, string>, region: string) {
  const header = req.headers.authorization;
  if (!header) throw new S3Failure(403, 'AccessDenied', 'Access Denied');
  const match = AUTHORIZATION.exec(header);
  if (!match) throw new S3Failure(400, 'AuthorizationHeaderMalformed', 'The authorization header is malformed.');
  const [, accessKeyId, day, signedRegion, service, signedList, signature] = match as unknown as string[];
  const secret = secrets.get(accessKeyId!);
  if (secret === undefined)
    throw new S3Failure(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
  if (signedRegion !== region || service !== 's3') {
    throw new S3Failure(
      400,
      'AuthorizationHeaderMalformed',
      `The authorization header is malformed; the region '${signedRegion}' is wrong; expecting '${region}'`,
    );
  }
  const signedHeaders = signedList!.split(';');
  for (const required of ['host', 'x-amz-date', 'x-amz-content-sha256']) {
    if (!signedHeaders.includes(required)) throw new S3Failure(403, 'AccessDenied', `${required} must be signed`);
  }
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  const time = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!time || !amzDate.startsWith(day!)) throw new S3Failure(403, 'AccessDenied', 'x-amz-date is not the day of the credential scope');
  const at = Date.UTC(+time[1]!, +time[2]! - 1, +time[3]!, +time[4]!, +time[5]!, +time[6]!);
  if (Math.abs(at - Date.now()) > MAX_SKEW_MS) {
    throw new S3Failure(403, 'RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.');
  }
  const payloadHash = String(req.headers['x-amz-content-sha256']);
  if (payloadHash.startsWith('STREAMING-')) throw new S3Failure(501, 'NotImplemented', 'Chunked uploads are not implemented by this stub.');
  if (payloadHash !== 'UNSIGNED-PAYLOAD' && payloadHash !== sha256(body)) {
    throw new S3Failure(400, 'XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.");
  }
  const canonicalUri = path
    .split('/')
    .map((segment) => encode(decodeURIComponent(segment)))
    .join('/');
  const canonicalHeaders = signedHeaders
    .map((name) => {
      const value = req.headers[name];
      const text = Array.isArray(value) ? value.join(',') : (value ?? '');
      return `${name}:${text.trim().replace(/\s+/g, ' ')}\n`;
    })
    .join('');
  const canonicalRequest = [req.method, canonicalUri, canonicalQuery(query), canonicalHeaders, signedList, payloadHash].join('\n');
  const scope = `${day}/${region}/s3/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secret}`, day!), region), 's3'), 'aws4_request');
  const expected = hmac(signingKey, stringToSign);
  if (!timingSafeEqual(expected, Buffer.from(signature!, 'hex'))) {
    throw new S3Failure(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
  }
}

const xml = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startS3Stub(
  options: { bucket?: string; region?: string; accessKeyId?: string; secretAccessKey?: string } = {},
): Promise<S3Stub> {
  const bucket = options.bucket ?? TEST_S3_BUCKET;
  const region = options.region ?? TEST_S3_REGION;
  const secrets = new Map([[options.accessKeyId ?? TEST_S3_ACCESS_KEY_ID, options.secretAccessKey ?? TEST_S3_SECRET_ACCESS_KEY]]);
  const objects = new Map<string, StoredObject>();
  const requests: S3Stub['requests'] = [];

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const [path = '/', query = ''] = (req.url ?? '/').split('?', 2) as [string, string?];
    const [, bucketSegment = '', ...keySegments] = path.split('/');
    const key = decodeURIComponent(keySegments.join('/'));
    const requestId = randomBytes(8).toString('hex').toUpperCase();
    const answer = (status: number, headers: Record<string, string | number>, content?: Buffer, code?: string) => {
      requests.push({ method: req.method ?? '', key, status, ...(code ? { code } : {}) });
      res.writeHead(status, { 'x-amz-request-id': requestId, ...headers });
      res.end(req.method === 'HEAD' ? undefined : content);
    };
    try {
      verifySignature(req, path, query, body, secrets, region);
      if (decodeURIComponent(bucketSegment) !== bucket) throw new S3Failure(404, 'NoSuchBucket', 'The specified bucket does not exist');
      if (!key) throw new S3Failure(501, 'NotImplemented', 'Only object operations are implemented by this stub.');
      const stored = objects.get(key);
      switch (req.method) {
        case 'PUT': {
          if (req.headers['x-amz-copy-source']) throw new S3Failure(501, 'NotImplemented', 'CopyObject is not implemented by this stub.');
          const ifNoneMatch = req.headers['if-none-match'];
          if (ifNoneMatch !== undefined && ifNoneMatch !== '*') {
            throw new S3Failure(501, 'NotImplemented', 'If-None-Match on PUT takes only *.');
          }
          if (ifNoneMatch === '*' && stored) {
            throw new S3Failure(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold');
          }
          const etag = `"${createHash('md5').update(body).digest('hex')}"`;
          objects.set(key, { bytes: body, contentType: String(req.headers['content-type'] ?? 'binary/octet-stream'), etag });
          return answer(200, { etag, 'content-length': 0 });
        }
        case 'GET':
        case 'HEAD':
          if (!stored) throw new S3Failure(404, 'NoSuchKey', 'The specified key does not exist.');
          return answer(
            200,
            { 'content-type': stored.contentType, 'content-length': stored.bytes.length, etag: stored.etag, 'accept-ranges': 'bytes' },
            stored.bytes,
          );
        case 'DELETE':
          objects.delete(key);
          return answer(204, {});
        default:
          throw new S3Failure(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
      }
    } catch (error) {
      if (!(error instanceof S3Failure)) throw error;
      const content = Buffer.from(
        `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${error.code}</Code><Message>${xml(error.message)}</Message>` +
          `<Resource>${xml(path)}</Resource><RequestId>${requestId}</RequestId></Error>`,
      );
      answer(error.status, { 'content-type': 'application/xml', 'content-length': content.length }, content, error.code);
    }
  }

  const server = await listenLoopback(handle);
  return { baseUrl: server.baseUrl, objects, requests, close: () => server.close() };
}
