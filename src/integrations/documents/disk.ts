import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { DocumentStoreError, type DocumentStore } from './store.js';

const codeOf = (error: unknown) => (error as { code?: unknown }).code;
/** A disk that is full, read-only or not ours any more: the store failed, as a bucket that cannot be reached. */
const failed = (error: unknown, action: string, key: string) =>
  new DocumentStoreError('failed', `${action} of ${key} under DATA_DIR/uploads failed: ${String(codeOf(error) ?? error)}`, {
    cause: error,
  });

/** Files under DATA_DIR/uploads, one per key (`<tenant>/<...>` becomes directories). */
export function diskDocumentStore(dataDir: string): DocumentStore {
  const root = resolve(dataDir, 'uploads');
  const pathOf = (key: string) => {
    const path = resolve(root, key);
    // Keys are ours (tenant/application/document ids), but a key must never leave the root whatever it says.
    if (!path.startsWith(root + sep)) throw new Error(`document key outside the store: ${key}`);
    return path;
  };
  return {
    kind: 'disk',
    async put(key, bytes) {
      const path = pathOf(key);
      try {
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, bytes, { flag: 'wx' });
      } catch (error) {
        if (codeOf(error) === 'EEXIST') throw new DocumentStoreError('exists', `a document is already kept under ${key}`, { cause: error });
        throw failed(error, 'writing', key);
      }
    },
    async get(key) {
      try {
        return await readFile(pathOf(key));
      } catch (error) {
        if (codeOf(error) === 'ENOENT') throw new DocumentStoreError('missing', `no document is kept under ${key}`, { cause: error });
        throw failed(error, 'reading', key);
      }
    },
  };
}
