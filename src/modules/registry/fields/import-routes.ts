import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { GEOMETRY_RULES } from '../../../lib/geometry/index.js';
import { AppError, problemResponses } from '../../../errors.js';
import { tenantScope } from '../../../auth/index.js';
import { IMPORT_RULES, importFeatures } from './import.js';
import {
  MAX_FEATURES,
  MAX_GEOJSON_BYTES,
  MAX_KML_BYTES,
  Upload,
  readGeoJsonFeatures,
  readKmlFeatures,
  type UploadFormat,
} from './import-upload.js';
import { FieldWarning } from './schemas.js';

const security = [{ bearerAuth: [] }];
const MB = 1024 * 1024;

const FORMATS: Record<string, UploadFormat> = {
  'application/geo+json': 'geojson',
  'application/json': 'geojson',
  'application/vnd.google-earth.kml+xml': 'kml',
  // KML's registered type is the one above, but files saved from many tools travel as generic XML;
  // the reader checks for a <kml> root and says what it found otherwise.
  'application/xml': 'kml',
  'text/xml': 'kml',
};

const ImportQuery = Type.Object({
  farmId: Type.Optional(Type.String({ format: 'uuid', description: 'the farm of every feature that names none in `properties.farmId`' })),
});

const ImportResult = Type.Object({
  index: Type.Integer({ description: 'the position of the feature (or placemark) in the file, from 0' }),
  id: Type.Optional(Type.String({ description: "the field's id, when it was created or already existed" })),
  status: Type.Union([Type.Literal('created'), Type.Literal('exists'), Type.Literal('failed')]),
  errors: Type.Optional(
    Type.Array(
      Type.Object({
        path: Type.String({ description: 'into the file, e.g. features[12].geometry.coordinates[0]' }),
        message: Type.String(),
        rule: Type.Optional(Type.String()),
      }),
    ),
  ),
  warnings: Type.Optional(Type.Array(FieldWarning)),
});

const ImportSummary = Type.Object({
  created: Type.Integer(),
  existing: Type.Integer(),
  failed: Type.Integer(),
  results: Type.Array(ImportResult),
});

const formatOf = (request: FastifyRequest): UploadFormat => {
  const essence = String(request.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  return FORMATS[essence] ?? 'geojson';
};

/**
 * POST /v1/fields/import. The plugin keeps its own content-type parsers: they hand the raw body
 * stream to the handler, which parses GeoJSON as it arrives (KML is read whole, up to its cap).
 */
export const fieldImportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.resources;

  app.removeAllContentTypeParsers();
  app.addContentTypeParser(Object.keys(FORMATS), (request, payload, done) => {
    const length = Number(request.headers['content-length']);
    done(null, new Upload(payload, formatOf(request), Number.isFinite(length) ? length : undefined));
  });

  app.post(
    '/v1/fields/import',
    {
      // Read by the handler, which enforces this cap (and the smaller KML one) as the bytes arrive.
      bodyLimit: MAX_GEOJSON_BYTES,
      schema: {
        operationId: 'importFields',
        tags: ['fields'],
        summary: `Create fields from a GeoJSON FeatureCollection or a KML file (at most ${MAX_FEATURES} features); one result per feature`,
        description: [
          `Body: \`application/geo+json\` or \`application/json\` (a FeatureCollection, up to ${MAX_GEOJSON_BYTES / MB} MB) or \`application/vnd.google-earth.kml+xml\` (or \`application/xml\`, \`text/xml\`)` +
            ` (up to ${MAX_KML_BYTES / MB} MB; each Placemark is a feature, its \`<name>\` the field name, its \`<ExtendedData>\` its properties).`,
          'Per feature: `properties.farmId` (else `?farmId=`), `properties.name` (else "Field <n>"), optional `properties.id` (a UUID: the field\'s id); the geometry is a Polygon or MultiPolygon checked as in POST /v1/fields.',
          'A feature without an id gets one derived from its farm and boundary, so importing the same file again answers `exists` rather than creating duplicates.',
          'Each feature is created or fails on its own: `results[]` gives its index, status, and `errors[]` with a path into the file and the `rule` it broke — a geometry rule (' +
            `${GEOMETRY_RULES.join(', ')}) or one of ${IMPORT_RULES.join(', ')}. New fields that overlap another field of their farm carry warnings.`,
          'The whole request fails, creating nothing, when the body is not JSON (400), not a FeatureCollection or not KML (422), or too large or with too many features (413).',
        ].join('\n\n'),
        security,
        consumes: Object.keys(FORMATS),
        querystring: ImportQuery,
        response: { 200: ImportSummary, ...problemResponses(400, 401, 403, 413, 415, 422) },
      },
      config: { permission: 'registry:write' },
    },
    async (request, reply) => {
      const scope = tenantScope(request);
      const upload = request.body;
      if (!(upload instanceof Upload)) {
        throw new AppError(
          'bad_request',
          'The body is empty: send a GeoJSON FeatureCollection (application/geo+json) or a KML document (application/vnd.google-earth.kml+xml)',
        );
      }
      let features: unknown[];
      try {
        features = upload.format === 'kml' ? await readKmlFeatures(upload) : await readGeoJsonFeatures(upload);
      } catch (error) {
        // The rest of the body is dropped unread; a keep-alive connection would carry it into the next request.
        if (upload.abandoned) reply.header('connection', 'close');
        throw error;
      }
      return importFeatures(db, scope, features, {
        defaultFarmId: request.query.farmId,
        log: (error) => request.log.warn({ err: error }, 'an imported field was refused by the database'),
      });
    },
  );
};
