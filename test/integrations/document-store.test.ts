import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ConfigError, loadConfig } from '../../src/config.js';
import {
  createDocumentStore,
  type DocumentStore,
  DocumentStoreError,
  type DocumentStoreErrorReason,
  diskDocumentStore,
  s3DocumentStore,
} from '../../src/integrations/documents/index.js';
import { createTempDataDir } from '../support/database.js';
import { type S3Stub, startS3Stub, TEST_S3_ACCESS_KEY_ID, TEST_S3_BUCKET, TEST_S3_REGION, TEST_S3_SECRET_ACCESS_KEY } from '../stubs/s3.js';

/**
 * The document store, on disk and in an S3 bucket (the real AWS SDK against a loopback S3 that
 * checks every request's Signature Version 4): a round trip, no overwrite, a missing key, and
 * for the bucket, credentials it refuses.
 */

async function failure(promise: Promise<unknown>, reason: DocumentStoreErrorReason): Promise<DocumentStoreError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DocumentStoreError, `expected DocumentStoreError, got ${String(error)}`);
    assert.equal(error.reason, reason, error.message);
    assert.ok(!error.message.includes(TEST_S3_SECRET_ACCESS_KEY), 'the secret leaked into the message');
    return error;
  }
  assert.fail(`expected a ${reason} DocumentStoreError, but it succeeded`);
}

const TENANT = '0193b1de-7a00-7000-8000-00000000aaaa';
const key = (n: number) => `${TENANT}/0193b1de-7a00-7000-8000-0000000000${String(n).padStart(2, '0')}/0193b1de-7a00-7000-8000-0000000000ff`;
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 256))]);

let stub: S3Stub;
const data = createTempDataDir();
before(async () => {
  stub = await startS3Stub();
});
after(async () => {
  await stub?.close();
  data.remove();
});

const s3Options = () => ({
  bucket: TEST_S3_BUCKET,
  region: TEST_S3_REGION,
  endpoint: stub.baseUrl,
  credentials: { accessKeyId: TEST_S3_ACCESS_KEY_ID, secretAccessKey: TEST_S3_SECRET_ACCESS_KEY },
  keyPrefix: 'kheti/documents/',
});

const stores: { name: string; make: () => DocumentStore }[] = [
  { name: 'disk', make: () => diskDocumentStore(data.dir) },
  { name: 's3', make: () => s3DocumentStore(s3Options()) },
];

for (const { name, make } of stores) {
  describe(`document store (${name})`, () => {
    it('gives back the bytes it was given', async () => {
      const store = make();
      await store.put(key(1), PDF, 'application/pdf');
      assert.ok((await store.get(key(1))).equals(PDF));
    });

    it('never replaces what is kept under a key', async () => {
      const store = make();
      await store.put(key(2), PDF, 'application/pdf');
      await failure(store.put(key(2), Buffer.from('%PDF-other'), 'application/pdf'), 'exists');
      assert.ok((await store.get(key(2))).equals(PDF));
    });

    it('says a key with nothing under it is missing', async () => {
      await failure(make().get(key(3)), 'missing');
    });
  });
}

describe('document store (s3): the bucket', () => {
  it('keeps the object under the prefix and the key as made, with its content type, signed and checked', async () => {
    const store = s3DocumentStore(s3Options());
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const before = stub.requests.length;
    await store.put(key(10), png, 'image/png');
    const object = stub.objects.get(`kheti/documents/${key(10)}`);
    assert.ok(object, [...stub.objects.keys()].join(', '));
    assert.equal(object.contentType, 'image/png');
    assert.ok(object.bytes.equals(png));
    assert.deepEqual(
      stub.requests.slice(before).map((r) => [r.method, r.status]),
      [['PUT', 200]],
    );
  });

  it('refuses a wrong secret, an unknown key id and another region, and stores nothing', async () => {
    const wrong = [
      {
        credentials: { accessKeyId: TEST_S3_ACCESS_KEY_ID, secretAccessKey: `${TEST_S3_SECRET_ACCESS_KEY}x` },
        code: 'SignatureDoesNotMatch',
      },
      { credentials: { accessKeyId: 'AKIAKHETIUNKNOWN0001', secretAccessKey: TEST_S3_SECRET_ACCESS_KEY }, code: 'InvalidAccessKeyId' },
      { region: 'eu-west-1', code: 'AuthorizationHeaderMalformed' },
    ];
    for (const { code, ...options } of wrong) {
      const store = s3DocumentStore({ ...s3Options(), ...options });
      const before = stub.requests.length;
      const error = await failure(store.put(key(20), PDF, 'application/pdf'), 'failed');
      assert.match(error.message, new RegExp(code));
      assert.equal(stub.requests.at(-1)?.code, code);
      assert.ok(stub.requests.length > before);
      assert.equal(stub.objects.has(`kheti/documents/${key(20)}`), false);
      await failure(store.get(key(1)), 'failed');
    }
  });

  it('the loopback S3 refuses a request altered after it was signed, or not signed at all', async () => {
    const client = new S3Client({
      region: TEST_S3_REGION,
      endpoint: stub.baseUrl,
      forcePathStyle: true,
      credentials: { accessKeyId: TEST_S3_ACCESS_KEY_ID, secretAccessKey: TEST_S3_SECRET_ACCESS_KEY },
      maxAttempts: 1,
    });
    // After the signature: the content type changes, as a proxy in the middle might change it.
    type Handler = (args: { request: unknown }) => Promise<unknown>;
    const tamper = (next: Handler) => async (args: { request: unknown }) => {
      (args.request as { headers: Record<string, string> }).headers['content-type'] = 'text/html';
      return next(args);
    };
    client.middlewareStack.addRelativeTo(tamper as unknown as Parameters<typeof client.middlewareStack.addRelativeTo>[0], {
      relation: 'after',
      toMiddleware: 'httpSigningMiddleware',
      name: 'tamper',
    });
    await assert.rejects(
      client.send(new PutObjectCommand({ Bucket: TEST_S3_BUCKET, Key: 'tampered', Body: PDF, ContentType: 'application/pdf' })),
      (error: Error) => error.name === 'SignatureDoesNotMatch',
    );
    assert.equal(stub.objects.has('tampered'), false);
    const unsigned = await fetch(`${stub.baseUrl}/${TEST_S3_BUCKET}/unsigned`, { method: 'PUT', body: 'x' });
    assert.equal(unsigned.status, 403);
    assert.match(await unsigned.text(), /<Error><Code>AccessDenied<\/Code>/);
    assert.equal(stub.objects.has('unsigned'), false);
  });
});

describe('document store configuration', () => {
  const env = { NODE_ENV: 'test', DATA_DIR: data.dir };
  it('is the disk under DATA_DIR unless DOCUMENT_STORE=s3', () => {
    assert.equal(createDocumentStore(loadConfig(env)).kind, 'disk');
    const config = loadConfig({
      ...env,
      DOCUMENT_STORE: 's3',
      S3_BUCKET: TEST_S3_BUCKET,
      S3_REGION: TEST_S3_REGION,
      S3_ENDPOINT: 'http://127.0.0.1:9000/',
      S3_KEY_PREFIX: 'kheti/documents/',
    });
    assert.deepEqual(config.documents, {
      store: 's3',
      bucket: TEST_S3_BUCKET,
      region: TEST_S3_REGION,
      endpoint: 'http://127.0.0.1:9000',
      keyPrefix: 'kheti/documents/',
    });
    assert.equal(createDocumentStore(config).kind, 's3');
  });

  it('stops start-up with one line naming what is wrong, never echoing a secret', () => {
    const s3 = { ...env, DOCUMENT_STORE: 's3', S3_BUCKET: TEST_S3_BUCKET, S3_REGION: TEST_S3_REGION };
    const cases: [Record<string, string>, RegExp][] = [
      [{ ...env, DOCUMENT_STORE: 'ftp' }, /DOCUMENT_STORE must be one of disk, s3/],
      [{ ...env, DOCUMENT_STORE: 's3', S3_REGION: TEST_S3_REGION }, /DOCUMENT_STORE=s3 needs S3_BUCKET and S3_REGION/],
      [{ ...env, S3_BUCKET: TEST_S3_BUCKET }, /S3_BUCKET set while DOCUMENT_STORE is disk/],
      [{ ...s3, S3_BUCKET: 'Not_A_Bucket' }, /S3_BUCKET must be an S3 bucket name/],
      [{ ...s3, S3_ENDPOINT: 'minio:9000' }, /S3_ENDPOINT must be the http\(s\):\/\/ URL/],
      [{ ...s3, S3_KEY_PREFIX: '../up/' }, /S3_KEY_PREFIX must be folders/],
      [{ ...s3, S3_ACCESS_KEY_ID: TEST_S3_ACCESS_KEY_ID }, /S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together/],
      [{ ...s3, S3_ACCESS_KEY_ID: TEST_S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY: 'short' }, /S3_SECRET_ACCESS_KEY must be/],
    ];
    for (const [environment, message] of cases) {
      assert.throws(
        () => loadConfig(environment),
        (error: Error) =>
          error instanceof ConfigError && message.test(error.message) && !error.message.includes('\n') && !error.message.includes('short'),
        JSON.stringify(environment),
      );
    }
  });
});
