import { releaseStartUpMemory } from './infra/start-up-memory.js';
import cluster from 'node:cluster';
import type { Server as TlsServer } from 'node:tls';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp, readTlsFiles } from './app.js';
import { isEmbeddedDatabase, usesRedis, type Config } from './config.js';
import { runHttpWorkers } from './infra/cluster-workers.js';
import { joinClusterMetrics, serveClusterMetrics } from './infra/cluster-metrics.js';
import { openCrypto } from './infra/crypto.js';
import { loggerOptions, stdoutDestination } from './infra/logger.js';
import { registerJobHandlers } from './jobs.js';
import { createPlatformAdmin, seedDemo } from './seed.js';

export interface ServeOptions {
  /** Apply pending migrations before listening (npm start; production runs `kheti migrate` as a step). */
  migrate?: boolean;
  /** Seed the demo tenant when SEED_DEMO is not false and the database has no tenants. */
  seed?: boolean;
  /** Also consume jobs in this process (one-box setups); always so when the queue is in-process. */
  worker?: boolean;
}

/**
 * `kheti serve`: the HTTP API. With WEB_CONCURRENCY > 1 a primary process forks that many HTTP
 * workers sharing the port (node:cluster), like Gunicorn. When the queue is in-process (no Redis),
 * this process also consumes jobs, since nobody else can; `--worker` asks for that with Redis too.
 */
export async function serve(config: Config, options: ServeOptions = {}): Promise<void> {
  if (config.webConcurrency > 1) {
    if (isEmbeddedDatabase(config) || !usesRedis(config)) {
      throw new Error(
        'WEB_CONCURRENCY > 1 needs DATABASE_URL and REDIS_URL (or REDIS_CLUSTER_NODES): the embedded database and in-process queue serve one process',
      );
    }
    if (cluster.isPrimary) return runClusterPrimary(config, options);
    return runHttpProcess(config, { worker: options.worker }); // the primary has migrated and seeded
  }
  return runHttpProcess(config, options);
}

async function runHttpProcess(config: Config, options: ServeOptions) {
  // Migrations first: the Redis namespace may be read from the database (infra/deployment.ts).
  const app = await buildApp(config, { migrate: options.migrate });
  installShutdown(app, config);
  const { db, queue } = app.resources;
  // Joined before listening: the primary asks a worker for its metrics once it listens.
  if (cluster.isWorker) joinClusterMetrics(app.resources);
  // Only a cluster primary restarts on SIGHUP; this process would otherwise die of it, undrained.
  // With TLS it means a renewed certificate: re-read for new connections, open ones kept.
  process.on('SIGHUP', () => {
    if (config.tls) reloadCertificate(app, config.tls);
    else
      app.log.warn({ signal: 'SIGHUP' }, 'SIGHUP ignored: a rolling restart is for the primary of a kheti serve with WEB_CONCURRENCY > 1');
  });

  if (config.bootstrapAdmin) await ensureBootstrapAdmin(app, config);
  const demo = options.seed && config.seedDemo ? await seedDemoData(app) : undefined;
  if (options.worker || !usesRedis(config)) {
    // The app's own container: routes and jobs share one instance of every outside port.
    await registerJobHandlers({ resources: app.resources, outside: app.outside });
    await queue.start();
  }

  await app.listen({ port: config.port, host: config.host });
  const url = publicUrl(app, config);
  app.log.info(
    { 'url.full': url, mode: db.mode, redis: usesRedis(config) },
    `Kheti is serving on ${url} (the console: ${url}/, API docs: ${url}/docs)`,
  );
  if (demo) announceDemo(demo, url);
  // After the first requests' burst of lazy compilation, not in the way of the very first answer.
  setTimeout(releaseStartUpMemory, START_UP_SETTLE_MS).unref();
}

const START_UP_SETTLE_MS = 2000;

/** Where a person on this machine reaches the server (0.0.0.0 is an address to bind, not to visit). */
function publicUrl(app: FastifyInstance, config: Config) {
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return `${config.tls ? 'https' : 'http'}://${host}:${(app.server.address() as { port: number }).port}`;
}

/**
 * Certificates renewed in place (certbot, cert-manager) take effect without a restart: new
 * handshakes use the files as they are now. A pair that cannot be read or does not match keeps the
 * certificate in use, so a renewal caught half-written costs nothing but a logged error.
 */
function reloadCertificate(app: FastifyInstance, tls: NonNullable<Config['tls']>) {
  try {
    (app.server as unknown as TlsServer).setSecureContext(readTlsFiles(tls));
    app.log.info({ signal: 'SIGHUP', 'file.path': tls.certFile }, 'TLS certificate and key reloaded');
  } catch (error) {
    app.log.error({ signal: 'SIGHUP', err: error }, 'TLS certificate and key not reloaded; the previous ones stay in use');
  }
}

async function ensureBootstrapAdmin(app: FastifyInstance, config: Config) {
  const { email, password } = config.bootstrapAdmin!;
  const admin = await createPlatformAdmin(app.resources.db, email, password);
  app.log.info({ email: admin.email, created: admin.created }, 'bootstrap platform administrator is in place');
}

async function seedDemoData(app: FastifyInstance) {
  const result = await seedDemo(app.resources.db, app.identity.crypto);
  if (!result.seeded) return undefined;
  app.log.info({ tenant: 'demo' }, 'demo data created');
  return result;
}

/** Printed, not only logged, once the server listens: the password is shown once and the logs may go elsewhere. */
function announceDemo(result: Awaited<ReturnType<typeof seedDemo>>, url: string) {
  process.stdout.write(
    `\n  Demo data created: organisation "demo" with its administrator\n` +
      `    email:    ${result.adminEmail}\n    password: ${result.adminPassword}   (shown once; stored only as a hash)\n` +
      `  and a farmer who signs in by phone: ${result.farmerPhone} (POST /v1/auth/otp/request;` +
      ` with SMS_PROVIDER=log the code is written to this log)\n\n` +
      `  Open the console at ${url}/ and sign in with that email and password.\n\n`,
  );
}

/**
 * SIGTERM/SIGINT: readiness turns 503 at once and every response carries `Connection: close`
 * (app.ts), so a load balancer takes the process out of rotation and a proxy's kept-alive
 * connections end after their current request. For SHUTDOWN_DRAIN_MS the server keeps answering;
 * then it stops accepting and lets in-flight requests finish, queues and pools close, and the
 * process exits 0. SHUTDOWN_TIMEOUT_MS bounds the whole, drain included: past it the process exits 1.
 */
export function installShutdown(app: FastifyInstance, config: Config) {
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.shuttingDown = true;
    const drainMs = config.http.shutdownDrainMs;
    app.log.info({ signal, drainMs }, 'shutting down');
    const timer = setTimeout(() => {
      app.log.error({ timeoutMs: config.http.shutdownTimeoutMs }, 'shutdown timed out; exiting');
      process.exit(1);
    }, config.http.shutdownTimeoutMs);
    timer.unref();
    try {
      if (drainMs > 0) {
        await new Promise((resolve) => setTimeout(resolve, drainMs));
        app.log.info({ drainMs }, 'drained; no longer accepting connections');
      }
      await app.close();
      app.log.info('shutdown complete');
      process.exitCode = 0;
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exitCode = 1;
    }
    clearTimeout(timer);
    // A cluster worker's IPC channel would keep it alive after everything else has closed.
    if (cluster.isWorker) process.exit();
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

async function runClusterPrimary(config: Config, options: ServeOptions) {
  const log = pino(loggerOptions(config), stdoutDestination()).child({ role: 'cluster-primary' });
  // Migrate and seed once, before any worker starts, through a short-lived app of our own.
  if (options.migrate || options.seed || config.bootstrapAdmin) {
    const { openResources } = await import('./infra/resources.js');
    const resources = await openResources(config, { logger: log, migrate: options.migrate });
    try {
      if (config.bootstrapAdmin) await createPlatformAdmin(resources.db, config.bootstrapAdmin.email, config.bootstrapAdmin.password);
      if (options.seed && config.seedDemo) await seedDemo(resources.db, openCrypto(config));
    } finally {
      await resources.close();
    }
  }
  serveClusterMetrics();
  runHttpWorkers(config, log);
}
