import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Every Prometheus metric of the process, created once per app so that tests can build
 * several apps in one process without "metric already registered" clashes.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  return {
    registry,
    httpRequestDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by route template, method and status code',
      labelNames: ['route', 'method', 'status_code'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    cacheRequests: new Counter({
      name: 'kheti_cache_requests_total',
      help: 'Cache look-ups by result (hit or miss)',
      labelNames: ['result'] as const,
      registers: [registry],
    }),
    dbPool: new Gauge({
      name: 'kheti_db_pool_connections',
      help: 'Database pool connections by pool (primary, replica-N) and state (total, idle, waiting)',
      labelNames: ['pool', 'state'] as const,
      registers: [registry],
    }),
    replicaLag: new Gauge({
      name: 'kheti_db_replica_lag_bytes',
      help: 'Bytes of WAL a read replica has yet to replay, as of its last health check',
      labelNames: ['replica'] as const,
      // Every HTTP worker measures the same replica: a cluster reports the worst it saw.
      aggregator: 'max',
      registers: [registry],
    }),
    replicaUp: new Gauge({
      name: 'kheti_db_replica_up',
      help: '1 while a read replica serves reads (reachable, a standby, within REPLICA_MAX_LAG), else 0',
      labelNames: ['replica'] as const,
      // Down for one HTTP worker of a cluster is down for the cluster.
      aggregator: 'min',
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'kheti_queue_jobs',
      help: 'Jobs in the queue by job type and state (waiting, active, delayed, failed)',
      labelNames: ['type', 'state'] as const,
      // The queue is the deployment's, counted alike by every HTTP worker of a cluster: not summed.
      aggregator: 'max',
      registers: [registry],
    }),
    jobsCompleted: new Counter({
      name: 'kheti_jobs_finished_total',
      help: 'Jobs finished by job type and outcome (succeeded, failed)',
      labelNames: ['type', 'outcome'] as const,
      registers: [registry],
    }),
    eventsPublished: new Counter({
      name: 'kheti_events_published_total',
      help: 'Events raised (stored and announced), by type (job.progress, crop_health.drop, market.price_threshold, ...)',
      labelNames: ['type'] as const,
      registers: [registry],
    }),
    wsOpen: new Gauge({
      name: 'kheti_ws_connections',
      help: 'Open WebSocket event streams of this process',
      registers: [registry],
    }),
    wsMessages: new Counter({
      name: 'kheti_ws_messages_sent_total',
      help: 'Messages sent on WebSocket event streams, by kind (replay, live)',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
    wsClosed: new Counter({
      name: 'kheti_ws_closed_total',
      help: 'WebSocket event streams closed by the server, by reason (slow, expired, rights, dead, shutdown)',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    wsDeliveryLatency: new Histogram({
      name: 'kheti_ws_publish_to_send_seconds',
      help: 'From an event being raised to its live send on a WebSocket',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
