import { createHash } from 'node:crypto';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { v7 as uuidv7 } from 'uuid';
import { requireTenant, tenantScope } from '../../../auth/index.js';
import { AppError, problemResponses } from '../../../errors.js';
import { findScheme } from '../repository.js';
import { DocumentStoreError } from '../../../integrations/documents/index.js';
import { contentMatches, DOCUMENT_TYPES, documentKey, isDocumentType, MAX_DOCUMENT_BYTES } from './document-store.js';
import { type DocumentRow, documentsOf, findApplication, findDocument, insertDocument } from './repository.js';
import { TRANSITIONS } from './status.js';

/**
 * The documents of an application: the scheme's checklist, and the files uploaded against it
 * (multipart/form-data: a `name` field, the checklist item, then one `file`; PDF, JPEG or PNG up to
 * 5 MB, the content checked against the type). Files are read back only through the application,
 * in the caller's tenant and, for a farmer, only their own: whatever the id, another tenant's or
 * farmer's document is not found. The files are kept in the process's document store (on disk or
 * in an S3-compatible bucket, DOCUMENT_STORE) under keys that begin with the tenant's id.
 */
const TAG = 'scheme applications';
const security = [{ bearerAuth: [] }];
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const DocumentParams = Type.Object({ id: Type.String({ format: 'uuid' }), documentId: Type.String({ format: 'uuid' }) });
const TYPES = Object.keys(DOCUMENT_TYPES);

const Document = Type.Object({
  id: Type.String({ format: 'uuid' }),
  applicationId: Type.String({ format: 'uuid' }),
  name: Type.String({ description: 'the checklist item it answers' }),
  fileName: Type.String(),
  contentType: Type.String(),
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
  uploadedBy: Type.Union([Type.String(), Type.Null()]),
  uploadedAt: Type.String({ format: 'date-time' }),
});

const presentDocument = (row: DocumentRow) => ({
  id: row.id,
  applicationId: row.application_id,
  name: row.name,
  fileName: row.file_name,
  contentType: row.content_type,
  sizeBytes: row.size_bytes,
  sha256: row.sha256,
  uploadedBy: row.uploaded_by,
  uploadedAt: row.uploaded_at.toISOString(),
});

const noSuchApplication = () => new AppError('not_found', 'No such scheme application');

/** What the store says, as the API says it: a missing file is not found, a store that fails is unavailable. */
function storeProblem(error: unknown): unknown {
  if (!(error instanceof DocumentStoreError)) return error;
  switch (error.reason) {
    case 'missing':
      return new AppError('not_found', "The document's file is not in the document store");
    case 'exists':
      return new AppError('conflict', 'A file is already kept under this document’s key; upload it again');
    case 'failed':
      return new AppError('upstream_unavailable', 'The document store is unavailable for the moment; retry shortly.', {
        headers: { 'retry-after': '5' },
      });
  }
}

export const schemeApplicationDocumentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.resources;
  const store = app.outside.documents;
  await app.register(multipart, { limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1, fields: 2, fieldSize: 1000 } });

  app.post(
    '/v1/scheme-applications/:id/documents',
    {
      schema: {
        operationId: 'uploadSchemeApplicationDocument',
        tags: [TAG],
        summary:
          'Upload a file for an item of the scheme’s document checklist (multipart: `name`, then `file`; PDF, JPEG or PNG, at most 5 MB)',
        security,
        consumes: ['multipart/form-data'],
        params: IdParams,
        response: { 201: Document, ...problemResponses(401, 403, 404, 409, 413, 415, 422, 503) },
      },
      config: { permission: 'schemeApplications:write' },
    },
    async (request, reply) => {
      const { tenantId, options } = tenantScope(request);
      const { userId } = requireTenant(request);
      if (!request.isMultipart()) {
        throw new AppError('unsupported_media_type', 'Upload a document as multipart/form-data with a `name` field and a `file`', {
          extensions: { acceptedContentTypes: ['multipart/form-data'] },
        });
      }
      const part = await request.file();
      if (!part)
        throw new AppError('validation_failed', 'No file in the form', { errors: [{ path: 'body.file', message: 'is required' }] });
      let bytes: Buffer;
      try {
        bytes = await part.toBuffer();
      } catch {
        throw new AppError('payload_too_large', `A document may be at most ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB`);
      }
      const nameField = part.fields.name;
      const name = nameField && 'value' in nameField && typeof nameField.value === 'string' ? nameField.value.trim() : '';
      if (!name || name.length > 300) {
        throw new AppError('validation_failed', 'The form needs a `name` field (the checklist item, 1–300 characters) before the file', {
          errors: [{ path: 'body.name', message: 'is required before the file' }],
        });
      }
      const type = part.mimetype;
      if (!isDocumentType(type)) {
        throw new AppError('unsupported_media_type', `A document is ${TYPES.join(', ')}; not ${type}`, {
          extensions: { acceptedContentTypes: TYPES },
        });
      }
      if (bytes.length === 0 || !contentMatches(type, bytes)) {
        throw new AppError('validation_failed', `The file is not a ${type} file`, {
          errors: [{ path: 'body.file', message: `content does not match ${type}` }],
        });
      }
      const fileName = (part.filename || 'document').slice(0, 255);
      const row = await db.tenant(
        tenantId,
        async (tx) => {
          const application = await findApplication(tx, request.params.id, true);
          if (!application) throw noSuchApplication();
          if (TRANSITIONS[application.status].length === 0) {
            throw new AppError('conflict', `The application is ${application.status}: no more documents`);
          }
          const scheme = await findScheme(tx, application.scheme_id);
          const checklist = scheme?.documents ?? [];
          if (checklist.length > 0 && !checklist.includes(name)) {
            throw new AppError('validation_failed', `"${name}" is not on the scheme's checklist`, {
              errors: [{ path: 'body.name', message: 'must be an item of the checklist' }],
              extensions: { checklist },
            });
          }
          const id = uuidv7();
          const storageKey = documentKey(tenantId, application.id, id);
          // Written before the row commits: a failed commit leaves an unreferenced file, never a row without its file.
          await store.put(storageKey, bytes, type).catch((error: unknown) => {
            if (error instanceof DocumentStoreError && error.reason === 'failed')
              request.log.error({ err: error }, 'a document was not stored');
            throw storeProblem(error);
          });
          return insertDocument(tx, tenantId, {
            id,
            application_id: application.id,
            name,
            file_name: fileName,
            content_type: type,
            size_bytes: bytes.length,
            storage_key: storageKey,
            sha256: createHash('sha256').update(bytes).digest('hex'),
            uploadedBy: userId,
          });
        },
        options,
      );
      return reply
        .code(201)
        .header('location', `/v1/scheme-applications/${row.application_id}/documents/${row.id}`)
        .send(presentDocument(row));
    },
  );

  app.get(
    '/v1/scheme-applications/:id/documents',
    {
      schema: {
        operationId: 'listSchemeApplicationDocuments',
        tags: [TAG],
        summary: "The scheme's document checklist for an application, and the files uploaded for it",
        security,
        params: IdParams,
        response: {
          200: Type.Object({
            checklist: Type.Array(Type.Object({ name: Type.String(), documentIds: Type.Array(Type.String({ format: 'uuid' })) })),
            items: Type.Array(Document),
          }),
          ...problemResponses(401, 403, 404, 422),
        },
      },
      config: { permission: 'schemeApplications:read' },
    },
    async (request) => {
      const { tenantId, options } = tenantScope(request, true);
      return db.tenant(
        tenantId,
        async (tx) => {
          const application = await findApplication(tx, request.params.id);
          if (!application) throw noSuchApplication();
          const scheme = await findScheme(tx, application.scheme_id);
          const rows = await documentsOf(tx, application.id);
          const checklist = [...new Set([...(scheme?.documents ?? []), ...rows.map((r) => r.name)])].map((item) => ({
            name: item,
            documentIds: rows.filter((r) => r.name === item).map((r) => r.id),
          }));
          return { checklist, items: rows.map(presentDocument) };
        },
        options,
      );
    },
  );

  app.get(
    '/v1/scheme-applications/:id/documents/:documentId',
    {
      schema: {
        operationId: 'getSchemeApplicationDocument',
        tags: [TAG],
        summary: 'The uploaded file itself, with its content type',
        security,
        params: DocumentParams,
        produces: TYPES,
        response: {
          200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'the file’s bytes' }),
          ...problemResponses(401, 403, 404, 422, 503),
        },
      },
      config: { permission: 'schemeApplications:read' },
    },
    async (request, reply) => {
      const { tenantId, options } = tenantScope(request, true);
      const row = await db.tenant(
        tenantId,
        async (tx) => {
          // Through the application: its policies decide who may see it (tenant, a farmer's own).
          const application = await findApplication(tx, request.params.id);
          return application && findDocument(tx, application.id, request.params.documentId);
        },
        options,
      );
      if (!row) throw new AppError('not_found', 'No such document');
      const bytes = await store.get(row.storage_key).catch((error: unknown) => {
        // A row whose file is gone is a fault of the store worth hearing about, whatever the caller is told.
        if (error instanceof DocumentStoreError) request.log.error({ err: error, documentId: row.id }, 'a document could not be read');
        throw storeProblem(error);
      });
      return reply
        .header('content-type', row.content_type)
        .header('content-disposition', `attachment; filename="${row.file_name.replace(/[^\w.-]/g, '_')}"`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(bytes);
    },
  );
};
