import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { requirePrincipal } from '../../auth/index.js';
import { problemResponses } from '../../errors.js';
import type { Tx } from '../../infra/db/index.js';
import type { JobRecord } from '../../infra/queue/index.js';
import { lockRunStart, runningRunJobIds } from './ingestion-repository.js';
import { INGEST_ATTEMPTS, INGEST_BACKOFF_MS, INGEST_PRICES_JOB, type IngestPricesData } from './ingestion-jobs.js';

const Accepted = Type.Object({
  id: Type.String({ description: 'the job id: follow it at GET /v1/jobs/{id}' }),
  type: Type.String(),
  status: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('succeeded'), Type.Literal('failed')]),
  progress: Type.Number({ minimum: 0, maximum: 100 }),
  attempts: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
});

/** Where the queued manual run is remembered until a worker takes it up and records it. */
const PENDING_RUN_KEY = 'markets:ingestion:pending-job';
const PENDING_RUN_TTL_MS = 24 * 3_600_000;

const stillGoing = (job: JobRecord | undefined) => (job && (job.status === 'queued' || job.status === 'running') ? job : undefined);

/**
 * Starting a price ingestion now, besides the daily schedule. Prices are shared reference data:
 * whoever starts it fetches for everyone, so only a platform_admin may, and while a run is queued
 * or running (asked for by hand or on the schedule) asking again answers with that run instead of
 * starting another. The job belongs to no tenant; a platform_admin follows it at /v1/jobs/{id}.
 */
export const ingestionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { queue, db, cache } = app.resources;

  /** The run already queued or running, if any: the one asked for by hand, else a recorded one. */
  const currentRun = async (tx: Tx): Promise<JobRecord | undefined> => {
    const pending = await cache.get<string>(PENDING_RUN_KEY);
    for (const id of [...(pending ? [pending] : []), ...(await runningRunJobIds(tx))]) {
      const job = stillGoing(await queue.get(id));
      if (job) return job;
    }
    return undefined;
  };

  app.post(
    '/v1/admin/ingestions/market-prices',
    {
      schema: {
        operationId: 'startMarketPriceIngestion',
        tags: ['markets'],
        summary: 'Fetch Agmarknet mandi prices now (platform_admin): 202 with the job, or with the run already going',
        description:
          'Pages through data.gov.in (or, without DATA_GOV_IN_API_KEY, the bundled real sample), upserts every valid price and records ' +
          'the run; the job result has the counts: fetched, inserted, updated, unchanged, rejected with reasons. While a run is queued ' +
          'or running, the answer is that run (202 with its job), not a new one.',
        security: [{ bearerAuth: [] }],
        response: { 202: Accepted, ...problemResponses(401, 403, 503) },
      },
      config: { permission: 'markets:ingest' },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const job = await db.platform(async (tx) => {
        await lockRunStart(tx);
        const current = await currentRun(tx);
        if (current) return current;
        const started = await queue.enqueue<IngestPricesData>(
          INGEST_PRICES_JOB,
          { kind: 'manual', requestedBy: principal.userId },
          { tenantId: null, attempts: INGEST_ATTEMPTS, backoffMs: INGEST_BACKOFF_MS },
        );
        await cache.set(PENDING_RUN_KEY, started.id, PENDING_RUN_TTL_MS);
        return started;
      });
      reply.header('location', `/v1/jobs/${job.id}`);
      return reply
        .code(202)
        .send({ id: job.id, type: job.type, status: job.status, progress: job.progress, attempts: job.attempts, createdAt: job.createdAt });
    },
  );
};
