import pino from 'pino';
import { workerLoggerOptions } from './infra/logger.js';
import type { Config } from './config.js';
import { registerJobHandlers } from './jobs.js';
import { openContainer } from './container.js';
import { startMetricsServer } from './infra/metrics-scrape.js';

/**
 * `kheti worker`: the job consumers and repeatable schedules, as a process of its own in
 * production. On SIGTERM it stops taking jobs, lets running ones finish (BullMQ returns any it
 * cannot finish to the queue), closes its connections and exits 0. With METRICS_PORT it serves
 * GET /metrics (its job counters, queue depth, events, process metrics) and GET /livez there.
 */
export async function runWorker(config: Config): Promise<void> {
  const logger = pino(workerLoggerOptions(config));
  const container = await openContainer(config, { logger });
  const { resources } = container;
  // Before any job runs: a port that is taken stops the worker while it has nothing to hand back.
  const metricsServer =
    config.metricsPort === undefined
      ? undefined
      : await startMetricsServer(resources, { host: config.host, port: config.metricsPort }, logger).catch(async (error: Error) => {
          await container.close();
          throw new Error(`METRICS_PORT ${config.metricsPort} on ${config.host}: ${error.message}`);
        });
  await registerJobHandlers(container);
  await resources.queue.start();
  logger.info({ mode: resources.db.mode, metrics: metricsServer?.url }, 'worker started');

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'worker shutting down');
    const timer = setTimeout(() => {
      logger.error('worker shutdown timed out; exiting');
      process.exit(1);
    }, config.http.shutdownTimeoutMs);
    timer.unref();
    await container.close();
    // Last, so a scrape or a liveness probe still gets an answer while jobs finish.
    await metricsServer?.close();
    clearTimeout(timer);
    logger.info('worker stopped');
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}
