import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { requirePrincipal } from '../../auth/index.js';
import { problemResponses } from '../../errors.js';
import { INGEST_ATTEMPTS, INGEST_BACKOFF_MS, INGEST_PRICES_JOB, type IngestPricesData } from './ingestion-jobs.js';

const Accepted = Type.Object({
  id: Type.String({ description: 'the job id: follow it at GET /v1/jobs/{id}' }),
  type: Type.String(),
  status: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('succeeded'), Type.Literal('failed')]),
  progress: Type.Number({ minimum: 0, maximum: 100 }),
  attempts: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
});

/**
 * Starting a price ingestion now, besides the daily schedule. Prices are shared reference data:
 * whoever starts it fetches for everyone. The job is filed under the caller's tenant so that the
 * caller can follow it at /v1/jobs/{id}; the work itself has no tenant.
 */
export const ingestionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { queue } = app.resources;

  app.post(
    '/v1/admin/ingestions/market-prices',
    {
      schema: {
        tags: ['markets'],
        summary: 'Fetch Agmarknet mandi prices now (tenant_admin or platform_admin): 202 with the job',
        description:
          'Pages through data.gov.in (or, without DATA_GOV_IN_API_KEY, the bundled real sample), upserts every valid price and records ' +
          'the run; the job result has the counts: fetched, inserted, updated, unchanged, rejected with reasons.',
        security: [{ bearerAuth: [] }],
        response: { 202: Accepted, ...problemResponses(401, 403, 503) },
      },
      config: { permission: 'markets:ingest' },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const job = await queue.enqueue<IngestPricesData>(
        INGEST_PRICES_JOB,
        { kind: 'manual', requestedBy: principal.userId },
        {
          tenantId: principal.tenantId ?? null,
          attempts: INGEST_ATTEMPTS,
          backoffMs: INGEST_BACKOFF_MS,
        },
      );
      reply.header('location', `/v1/jobs/${job.id}`);
      return reply
        .code(202)
        .send({ id: job.id, type: job.type, status: job.status, progress: job.progress, attempts: job.attempts, createdAt: job.createdAt });
    },
  );
};
