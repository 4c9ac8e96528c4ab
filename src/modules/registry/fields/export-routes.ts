import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type, { type Static } from 'typebox';
import { problemResponses } from '../../../errors.js';
import { tenantScope } from '../../../auth/index.js';
import { exportFieldsPage, type ExportedFieldRow } from './repository.js';
import { Boundary } from './schemas.js';

const security = [{ bearerAuth: [] }];

/** Rows per query: the export never holds more than one page of boundaries at a time. */
export const EXPORT_PAGE = 1000;

const ExportQuery = Type.Object({
  farmId: Type.Optional(Type.String({ format: 'uuid' })),
  farmerId: Type.Optional(Type.String({ format: 'uuid' })),
});

const ExportedFeature = Type.Object({
  type: Type.Literal('Feature'),
  id: Type.String(),
  geometry: Boundary,
  properties: Type.Object({
    id: Type.String(),
    name: Type.String(),
    farmId: Type.String(),
    farmerId: Type.String(),
    areaHa: Type.Number(),
    version: Type.Integer(),
  }),
});

const FeatureCollection = Type.Object({ type: Type.Literal('FeatureCollection'), features: Type.Array(ExportedFeature) });

const toFeature = (row: ExportedFieldRow) => ({
  type: 'Feature',
  id: row.id,
  geometry: row.boundary,
  properties: {
    id: row.id,
    name: row.name,
    farmId: row.farm_id,
    farmerId: row.farmer_id,
    areaHa: Number(row.area_ha),
    version: row.version,
  },
});

/** GET /v1/fields/export: a GeoJSON FeatureCollection streamed page by page. */
export const fieldExportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.resources;

  app.get(
    '/v1/fields/export',
    {
      schema: {
        operationId: 'exportFields',
        tags: ['fields'],
        summary: 'Every field you can see as a GeoJSON FeatureCollection (application/geo+json), for GIS tools and re-import',
        description:
          'Properties: id, name, farmId, farmerId, areaHa, version; the feature id is the field id. A farmer gets only their own fields. ' +
          `Streamed in pages of ${EXPORT_PAGE}, each read in its own transaction: a field written during a long export may or may not be in it. ` +
          'The file can be imported again (POST /v1/fields/import): every feature then answers `exists`.',
        security,
        querystring: ExportQuery,
        response: {
          200: { description: 'A GeoJSON FeatureCollection', content: { 'application/geo+json': { schema: FeatureCollection } } },
          ...problemResponses(401, 403, 422),
        },
      },
      config: { permission: 'registry:read' },
    },
    async (request, reply) => {
      const { tenantId, options } = tenantScope(request, true);
      const filters = { farmId: request.query.farmId, farmerId: request.query.farmerId };
      const page = (after?: string) => db.tenant(tenantId, (tx) => exportFieldsPage(tx, filters, after, EXPORT_PAGE), options);
      // The first page is read before answering, so a failure there is still a proper problem.
      const first = await page();

      async function* body() {
        yield '{"type":"FeatureCollection","features":[';
        let rows = first;
        let separator = '';
        for (;;) {
          if (rows.length > 0) {
            yield separator + rows.map((row) => JSON.stringify(toFeature(row))).join(',');
            separator = ',';
          }
          if (rows.length < EXPORT_PAGE) break;
          rows = await page(rows.at(-1)!.id);
        }
        yield ']}\n';
      }

      // The schema describes the document for OpenAPI; what is sent is the stream that writes it.
      const stream = Readable.from(body(), { objectMode: false }) as unknown as Static<typeof FeatureCollection>;
      return reply.type('application/geo+json').header('content-disposition', 'attachment; filename="fields.geojson"').send(stream);
    },
  );
};
