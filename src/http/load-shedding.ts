import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';

const SAMPLE_INTERVAL_MS = 200;
/** Samples in a row over the limit before requests are shed: at least 400 ms of lateness. */
const SUSTAINED_SAMPLES = 2;
const RESOLUTION_MS = 10;

/**
 * Answers 503 with Retry-After while the event loop has stayed late: its mean delay over each
 * 200 ms sample above MAX_EVENT_LOOP_DELAY_MS in two samples in a row. One long pause says nothing
 * of the load to come (a garbage collection, a fresh process compiling its first requests, a
 * blocked moment already over), and shedding after it only fails requests that would now be
 * answered at once: @fastify/under-pressure, which this replaces, shed for a whole sample after any
 * single pause, so every new worker of a rolling restart failed a burst of requests.
 */
export function registerLoadShedding(app: FastifyInstance, maxEventLoopDelayMs: number) {
  if (maxEventLoopDelayMs <= 0) return;
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  let lateSamples = 0;
  let lastDelayMs = 0;
  const sampler = setInterval(() => {
    // No sample at all means the loop never ran within the interval: as late as it gets.
    lastDelayMs = histogram.count === 0 ? Number.POSITIVE_INFINITY : Math.max(0, histogram.mean / 1e6 - RESOLUTION_MS);
    histogram.reset();
    lateSamples = lastDelayMs > maxEventLoopDelayMs ? lateSamples + 1 : 0;
  }, SAMPLE_INTERVAL_MS);
  sampler.unref();

  app.addHook('onRequest', (_request, _reply, done) => {
    if (lateSamples < SUSTAINED_SAMPLES) return done();
    done(
      new AppError('service_unavailable', `The server is overloaded (eventLoopDelay: ${Math.round(lastDelayMs)}); retry shortly.`, {
        headers: { 'retry-after': '5' },
      }),
    );
  });
  app.addHook('onClose', (_app, done) => {
    clearInterval(sampler);
    histogram.disable();
    done();
  });
}
