import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type S3Stub, startS3Stub, TEST_S3_ACCESS_KEY_ID, TEST_S3_BUCKET, TEST_S3_REGION, TEST_S3_SECRET_ACCESS_KEY } from '../stubs/s3.js';

/**
 * The document stores a test of uploaded files runs against: the disk under DATA_DIR, and an S3
 * bucket (the real AWS SDK against the loopback S3 of test/stubs/s3.ts, which checks every
 * request's signature). Each gives the app's environment and a look at what it keeps.
 */
export interface DocumentStoreUnderTest {
  name: 'disk' | 's3';
  /** Starts what the store needs; answers the environment variables that choose it. */
  start(): Promise<Record<string, string>>;
  /** Every key kept, as the app made it (for the bucket, without its prefix). */
  keys(dataDir: string): string[];
  /** Takes a file away behind the app's back. */
  remove(dataDir: string, key: string): void;
  /** Makes the store unreachable (the bucket's server stops), where that can be done; answers whether it was. */
  breakDown(): Promise<boolean>;
  stop(): Promise<void>;
}

const PREFIX = 'kheti/documents/';

function diskStore(): DocumentStoreUnderTest {
  const root = (dataDir: string) => join(dataDir, 'uploads');
  return {
    name: 'disk',
    start: async () => ({}),
    keys: (dataDir) =>
      existsSync(root(dataDir))
        ? readdirSync(root(dataDir), { recursive: true, withFileTypes: true })
            .filter((entry) => entry.isFile())
            .map((entry) => relative(root(dataDir), join(entry.parentPath, entry.name)))
        : [],
    remove: (dataDir, key) => rmSync(join(root(dataDir), key)),
    // The suite runs as root, whom file modes do not stop: a broken disk is not staged here.
    breakDown: async () => false,
    stop: async () => undefined,
  };
}

function s3Store(): DocumentStoreUnderTest {
  let stub: S3Stub | undefined;
  return {
    name: 's3',
    async start() {
      stub = await startS3Stub();
      return {
        DOCUMENT_STORE: 's3',
        S3_BUCKET: TEST_S3_BUCKET,
        S3_REGION: TEST_S3_REGION,
        S3_ENDPOINT: stub.baseUrl,
        S3_ACCESS_KEY_ID: TEST_S3_ACCESS_KEY_ID,
        S3_SECRET_ACCESS_KEY: TEST_S3_SECRET_ACCESS_KEY,
        S3_KEY_PREFIX: PREFIX,
      };
    },
    keys: () =>
      [...(stub?.objects.keys() ?? [])].map((key) => (key.startsWith(PREFIX) ? key.slice(PREFIX.length) : `(outside the prefix) ${key}`)),
    remove: (_dataDir, key) => {
      stub!.objects.delete(PREFIX + key);
    },
    async breakDown() {
      await stub?.close();
      stub = undefined;
      return true;
    },
    stop: async () => stub?.close(),
  };
}

export const documentStores = (): DocumentStoreUnderTest[] => [diskStore(), s3Store()];
