import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { usesRedis } from '../../config.js';
import { problemResponses, sendProblem } from '../../errors.js';
import { scrapeMetrics } from '../../infra/cluster-metrics.js';
import { withTimeout } from '../../lib/timeout.js';

const Check = Type.Object({
  ok: Type.Boolean(),
  latencyMs: Type.Optional(Type.Number()),
  error: Type.Optional(Type.String()),
  lagBytes: Type.Optional(Type.Number()),
  name: Type.Optional(Type.String()),
});

const Readiness = Type.Object({
  status: Type.Literal('ok'),
  mode: Type.Union([Type.Literal('embedded'), Type.Literal('postgres')]),
  checks: Type.Object({
    db: Check,
    redis: Type.Optional(Check),
    replicas: Type.Optional(Type.Array(Check)),
  }),
});

/** Liveness, readiness and Prometheus metrics: what an orchestrator and a monitoring stack need. */
export const opsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, cache, queue, events, metrics, config } = app.resources;

  // Probes and scrapes are never rate limited: an orchestrator must always get an answer.
  const probe = { permission: 'public', rateLimit: false } as const;

  app.get(
    '/livez',
    {
      config: probe,
      schema: {
        operationId: 'getLiveness',
        tags: ['operations'],
        summary: 'The process is alive',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config: probe,
      schema: {
        operationId: 'getReadiness',
        tags: ['operations'],
        summary: 'Ready to serve: every required dependency answers and the process is not shutting down',
        description: 'Replicas are reported but not required: reads fall back to the primary.',
        response: { 200: Readiness, ...problemResponses(503) },
      },
    },
    async (request, reply) => {
      const health = await db.check();
      const checks: {
        db: typeof health.primary;
        redis?: { ok: boolean; latencyMs?: number; error?: string };
        replicas?: typeof health.replicas;
      } = {
        db: health.primary,
      };
      if (health.replicas.length > 0) checks.replicas = health.replicas;
      if (usesRedis(config)) checks.redis = await checkRedis();

      const failed = Object.entries({ db: checks.db, redis: checks.redis })
        .filter(([, c]) => c && !c.ok)
        .map(([name]) => name);
      const status = app.shuttingDown ? 'shutting_down' : failed.length > 0 ? 'unavailable' : 'ok';
      if (status === 'ok') return { status: 'ok' as const, mode: db.mode, checks };
      const detail = app.shuttingDown ? 'The server is shutting down' : `Unreachable: ${failed.join(', ')}`;
      // problem+json owns `status` (the HTTP code), so the readiness state travels as `readiness`.
      return sendProblem(request, reply, 'service_unavailable', detail, {
        extensions: { readiness: status, mode: db.mode, checks },
        headers: { 'retry-after': '5' },
      });
    },
  );

  async function checkRedis() {
    const started = performance.now();
    try {
      await withTimeout(Promise.all([cache.check(), queue.check(), events.check()]), 2000);
      return { ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
    } catch (error) {
      return { ok: false, error: (error as Error).message };
    }
  }

  // With several HTTP workers (WEB_CONCURRENCY > 1) one scrape answers for all of them.
  app.get('/metrics', { schema: { hide: true }, config: probe }, async (request, reply) => {
    let text: string;
    try {
      text = await scrapeMetrics(app.resources);
    } catch (error) {
      // A partial sum would read to Prometheus as counters going backwards; a failed scrape does not.
      request.log.warn({ err: error }, 'metrics scrape failed');
      return sendProblem(request, reply, 'service_unavailable', 'The metrics of every HTTP worker could not be gathered', {
        headers: { 'retry-after': '5' },
      });
    }
    reply.type(metrics.registry.contentType);
    return text;
  });
};
