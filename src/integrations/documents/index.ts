import type { Config } from '../../config.js';
import { diskDocumentStore } from './disk.js';
import { s3DocumentStore } from './s3.js';
import type { DocumentStore } from './store.js';

export { diskDocumentStore } from './disk.js';
export { s3DocumentStore, type S3DocumentStoreOptions } from './s3.js';
export { DocumentStoreError, type DocumentStore, type DocumentStoreErrorReason } from './store.js';

/** The store DOCUMENT_STORE names: `disk` (DATA_DIR/uploads, the default) or `s3`. */
export function createDocumentStore(config: Config): DocumentStore {
  const documents = config.documents;
  switch (documents.store) {
    case 's3':
      return s3DocumentStore(documents);
    case 'disk':
      return diskDocumentStore(config.dataDir);
  }
}
