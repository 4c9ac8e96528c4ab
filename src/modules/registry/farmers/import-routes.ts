import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { requireTenant, tenantScope } from '../../../auth/index.js';
import { AppError, problemResponses } from '../../../errors.js';
import { answerOnce } from '../../../http/idempotency.js';
import { createConfig, security } from '../record-routes.js';
import { FARMER_CSV_COLUMNS } from './csv.js';
import { FARMER_IMPORT_RULES, checkRows, writeRows } from './import.js';
import {
  CSV_CONTENT_TYPES,
  CsvUpload,
  IGNORED_COLUMNS,
  MAX_CSV_BYTES,
  MAX_ROWS,
  REQUIRED_COLUMNS,
  readFarmersCsv,
} from './import-upload.js';

const MB = 1024 * 1024;

const Column = Type.Union(
  FARMER_CSV_COLUMNS.filter((column) => !(IGNORED_COLUMNS as readonly string[]).includes(column)).map((column) => Type.Literal(column)),
);

const ImportResult = Type.Object({
  index: Type.Integer({ description: 'the position of the row in the file, from 0 (the header not counted)' }),
  line: Type.Integer({ description: 'the line of the file the row starts on; the header is line 1' }),
  id: Type.Optional(Type.String({ description: "the farmer's id, when they were created or already existed" })),
  status: Type.Union([Type.Literal('created'), Type.Literal('exists'), Type.Literal('failed')]),
  errors: Type.Optional(
    Type.Array(
      Type.Object({
        path: Type.String({ description: 'into the file, e.g. rows[12].phone' }),
        column: Type.Optional(Column),
        message: Type.String(),
        rule: Type.String({ description: FARMER_IMPORT_RULES.join(', ') }),
      }),
    ),
  ),
  warnings: Type.Optional(Type.Array(Type.Object({ column: Column, code: Type.Literal('masked_value'), message: Type.String() }))),
});

const ImportSummary = Type.Object({
  created: Type.Integer(),
  existing: Type.Integer(),
  failed: Type.Integer(),
  results: Type.Array(ImportResult),
});

const unsupported = (request: FastifyRequest) => {
  const got = request.headers['content-type'];
  return new AppError(
    'unsupported_media_type',
    `This endpoint takes a CSV file (${CSV_CONTENT_TYPES.join(' or ')})${got ? `, not ${got.split(';')[0]}` : ''}. ` +
      "With curl: -H 'content-type: text/csv' --data-binary @farmers.csv",
    { extensions: { acceptedContentTypes: CSV_CONTENT_TYPES } },
  );
};

/**
 * POST /v1/farmers/import. The plugin keeps its own content-type parsers: a CSV body is read
 * whole (up to its cap) and handed to the handler; any other type is refused naming CSV.
 */
export const farmerImportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { crypto } = app.identity;

  app.removeAllContentTypeParsers();
  app.addContentTypeParser([...CSV_CONTENT_TYPES], { parseAs: 'buffer', bodyLimit: MAX_CSV_BYTES }, (_request, body, done) =>
    done(null, new CsvUpload(body as Buffer)),
  );
  app.addContentTypeParser('*', (request, _payload, done) => done(unsupported(request), undefined));

  app.post(
    '/v1/farmers/import',
    {
      bodyLimit: MAX_CSV_BYTES,
      schema: {
        operationId: 'importFarmers',
        tags: ['farmers'],
        summary: `Register farmers from a CSV file (at most ${MAX_ROWS} rows); one result per row`,
        description: [
          `Body: \`text/csv\`, UTF-8 (a byte-order mark is fine), up to ${MAX_CSV_BYTES / MB} MB. The header row names the columns of GET /v1/farmers/export, in any order and case: ` +
            `${FARMER_CSV_COLUMNS.join(', ')}; ${REQUIRED_COLUMNS.join(' and ')} are required, the others may be left out. ${IGNORED_COLUMNS.join(' and ')} are read and ignored. ` +
            'Each row is checked as POST /v1/farmers checks its body (phone and Aadhaar normalised, personal data sealed).',
          'A row names its farmer by `id`; without one, by its Aadhaar number, else it gets an id derived from its content. A farmer that exists answers `exists` and is left unchanged, ' +
            'so importing the same file again creates nothing, and an export imports into another organisation (or after the farmers were deleted) as the same farmers, with the same ids.',
          'Personal data the export wrote masked (`XXXX-XXXX-1234`) is skipped with a `masked_value` warning.',
          'The eligibility profile (dateOfBirth, gender, socialCategory, landOwnership) is read as POST /v1/farmers reads it; each declaration column (true, false or empty) is made by the importing user at the time of the import, ' +
            'kept with them and that time and recorded as a `farmer.declaration_set` audit event, as a create records it.',
          `Each row is created or fails on its own: \`results[]\` gives its index, line and status, and \`errors[]\` with a path (\`rows[3].phone\`), the column and the rule it broke (${FARMER_IMPORT_RULES.join(', ')}). ` +
            'The good rows are stored in one transaction.',
          `The whole request fails, creating nothing, when the body is not CSV (415) or not UTF-8 CSV (400), is empty or its header lacks a required column or names an unknown one (422, naming the columns), or is too large or has more than ${MAX_ROWS} rows (413).`,
        ].join('\n\n'),
        security,
        consumes: [...CSV_CONTENT_TYPES],
        // Describes the body for OpenAPI and the typed client; the handler reads it (see validatorCompiler).
        body: Type.String({ description: 'a CSV file with a header row, in the columns of GET /v1/farmers/export' }),
        response: { 200: ImportSummary, ...problemResponses(400, 401, 403, 409, 413, 415, 422) },
      },
      config: createConfig,
      // The content-type parser has read the CSV into a CsvUpload, or refused it with 415: nothing is left to validate.
      validatorCompiler: () => () => true,
    },
    async (request, reply) => {
      const { tenantId, options } = tenantScope(request);
      const upload: unknown = request.body;
      if (!(upload instanceof CsvUpload)) throw unsupported(request);
      const file = readFarmersCsv(upload);
      const importer = { userId: requireTenant(request).userId, at: new Date(), requestId: request.id };
      const rows = await checkRows(crypto, tenantId, file.rows, importer);
      const log = (error: unknown) => request.log.warn({ err: error }, 'an imported farmer was refused by the database');
      return answerOnce(request, reply, tenantId, options, async (tx) => ({
        status: 200,
        body: await writeRows(tx, tenantId, rows, importer, log),
      }));
    },
  );
};
