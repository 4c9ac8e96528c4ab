import { createServer, type Server } from 'node:http';
import type { Resources } from './resources.js';
import { withTimeout } from '../lib/timeout.js';
import type { InfraLogger } from './redis.js';

type Scraped = Pick<Resources, 'db' | 'queue' | 'metrics'>;

/**
 * Sets the gauges that are read rather than kept (pool connections, queue depth) just before a
 * scrape, so Prometheus sees them as of now and nothing polls between scrapes.
 */
export async function refreshScrapedGauges({ db, queue, metrics }: Scraped) {
  for (const stats of db.poolStats()) {
    for (const state of ['total', 'idle', 'waiting'] as const) metrics.dbPool.set({ pool: stats.pool, state }, stats[state]);
  }
  try {
    const counts = await withTimeout(queue.counts(), 1000);
    for (const [type, byState] of Object.entries(counts)) {
      for (const [state, value] of Object.entries(byState)) metrics.queueDepth.set({ type, state }, value);
    }
  } catch {
    // Queue depth is unknown while Redis is down; the other metrics still matter most then.
  }
}

/** This process's metrics in the Prometheus text format. */
export async function scrapeProcess(resources: Scraped) {
  await refreshScrapedGauges(resources);
  return resources.metrics.registry.metrics();
}

/**
 * GET /metrics and GET /livez on a plain HTTP server, for a process without the API (`kheti worker`),
 * so Prometheus and a supervisor reach it as they reach the API processes.
 */
export async function startMetricsServer(
  resources: Scraped,
  address: { host: string; port: number },
  logger: InfraLogger,
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
    } else if (path === '/livez') {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    } else if (path === '/metrics') {
      scrapeProcess(resources).then(
        (text) => response.writeHead(200, { 'content-type': resources.metrics.registry.contentType }).end(text),
        (error: Error) => {
          logger.warn({ err: error }, 'metrics scrape failed');
          response.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n');
        },
      );
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as { port: number };
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Prometheus keeps its connection alive between scrapes; it must not hold the process open.
        server.closeAllConnections();
      }),
  };
}
