/**
 * What an application's documents are: their key in the document store (integrations/documents)
 * and the types and size accepted.
 */

/** Made by the server from ids, never from a file's name; the tenant first, so tenants never share a key. */
export const documentKey = (tenantId: string, applicationId: string, documentId: string) => [tenantId, applicationId, documentId].join('/');

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
