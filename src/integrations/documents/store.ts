/**
 * Where uploaded files are kept: on disk under DATA_DIR, or in an S3-compatible bucket
 * (DOCUMENT_STORE). Keys are made by the server, never from a file's name, and begin with the
 * tenant's id, so two tenants never share a key; a file is read back only through a row that
 * the caller's row-level policies let them see.
 */
export interface DocumentStore {
  /** Keeps the bytes under a new key; a key that is already taken is never overwritten (`exists`). */
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The bytes kept under the key; `missing` when there are none. */
  get(key: string): Promise<Buffer>;
  /** Which store it is: `disk` or `s3`. */
  readonly kind: 'disk' | 's3';
}

/** missing: nothing under the key. exists: the key is taken. failed: the store refused or could not be reached. */
export type DocumentStoreErrorReason = 'missing' | 'exists' | 'failed';

export class DocumentStoreError extends Error {
  override name = 'DocumentStoreError';
  constructor(
    readonly reason: DocumentStoreErrorReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
