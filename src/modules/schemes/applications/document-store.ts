import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';

/**
 * Where uploaded application documents are kept: a port, so a deployment can keep them in an
 * S3-compatible bucket instead. Only the disk store exists today (DATA_DIR/uploads/<tenant>/...);
 * the bucket store is a seam to fill. Keys are made by the server, never from a file's name.
 */
export interface DocumentStore {
  put(key: string, bytes: Buffer): Promise<void>;
  get(key: string): Promise<Buffer>;
}

export function diskDocumentStore(dataDir: string): DocumentStore {
  const root = resolve(dataDir, 'uploads');
  const pathOf = (key: string) => {
    const path = resolve(root, key);
    // Keys are ours (tenant/application/document ids), but a key must never leave the root whatever it says.
    if (!path.startsWith(root + sep)) throw new Error(`document key outside the store: ${key}`);
    return path;
  };
  return {
    async put(key, bytes) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, bytes, { flag: 'wx' });
    },
    get: (key) => readFile(pathOf(key)),
  };
}

export const documentKey = (tenantId: string, applicationId: string, documentId: string) => join(tenantId, applicationId, documentId);

/** The accepted types and what their first bytes must be: a declared type the content belies is refused. */
export const DOCUMENT_TYPES = {
  'application/pdf': Buffer.from('%PDF-'),
  'image/jpeg': Buffer.from([0xff, 0xd8, 0xff]),
  'image/png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
} as const;
export type DocumentType = keyof typeof DOCUMENT_TYPES;
/** A scanned certificate or a phone photo of one fits in 5 MB. */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

export function isDocumentType(type: string): type is DocumentType {
  return Object.hasOwn(DOCUMENT_TYPES, type);
}

export const contentMatches = (type: DocumentType, bytes: Buffer) =>
  bytes.subarray(0, DOCUMENT_TYPES[type].length).equals(DOCUMENT_TYPES[type]);
