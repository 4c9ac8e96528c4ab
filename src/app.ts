import { readFileSync } from 'node:fs';
import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { pooledUuidV7 } from './lib/uuid.js';
import formbody from '@fastify/formbody';
import {
  accountRoutes,
  bearerAuthenticator,
  createIdentity,
  createSignInLimits,
  oauthRoutes,
  otpRoutes,
  registerAuthorization,
  type Authenticator,
} from './auth/index.js';
import { auditRoutes } from './modules/audit/index.js';
import { clientRoutes } from './modules/clients/index.js';
import { cropRoutes } from './modules/crops/index.js';
import {
  cropCycleRoutes,
  farmerImportRoutes,
  farmerRoutes,
  farmRoutes,
  fieldExportRoutes,
  fieldImportRoutes,
  fieldRoutes,
  soilTestRoutes,
  syncRoutes,
} from './modules/registry/index.js';
import {
  alertRuleRoutes,
  bestMarketRoutes,
  ingestionRoutes,
  marketRoutes,
  mspRoutes,
  priceRoutes,
  trendRoutes,
} from './modules/markets/index.js';
import { advisoryRoutes, irrigationRoutes } from './modules/advisories/index.js';
import { cropLossReportRoutes, pmfbyPremiumRoutes } from './modules/insurance/index.js';
import { vegetationAnalysisRoutes, vegetationMapRoutes } from './modules/imagery/index.js';
import { et0Routes, geocodeRoutes, weatherRoutes } from './modules/weather/index.js';
import { tenantRoutes } from './modules/tenants/index.js';
import { userRoutes } from './modules/users/index.js';
import { WEBHOOK_DELIVERY_OPENAPI, webhookRoutes } from './modules/webhooks/index.js';
import {
  schemeApplicationDocumentRoutes,
  schemeApplicationRoutes,
  schemeEligibilityRoutes,
  schemeRoutes,
} from './modules/schemes/index.js';
import type { Config } from './config.js';
import { AppError, ProblemSchema, registerErrorHandlers } from './errors.js';
import { registerJsonBodyParser } from './http/json-body.js';
import { registerEdgeInputChecks } from './http/edge-input.js';
import { registerFormBodyCheck } from './http/form-bodies.js';
import { registerIdempotency } from './http/idempotency.js';
import { openapiOptions } from './http/openapi.js';
import { registerRateLimit } from './http/rate-limit.js';
import type { Logger } from 'pino';
import { AccessLog, lazyChildLogger } from './http/access-log.js';
import { registerLoadShedding } from './http/load-shedding.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { registerConsole, tileSource } from './http/console.js';
import { stdoutDestination, loggerOptions } from './infra/logger.js';
import type { Resources } from './infra/resources.js';
import type { Outside, OutsideOverrides } from './integrations/outside.js';
import { notificationRoutes } from './modules/notifications/index.js';
import { openContainer, type Container } from './container.js';
import { jobRoutes } from './modules/jobs/index.js';
import { realtimeRoutes } from './modules/realtime/index.js';
import { opsRoutes } from './modules/ops/index.js';

export interface AppOptions {
  /** Tried before bearer tokens: lets a test name its caller when tokens are not what it exercises. */
  authenticate?: Authenticator;
  /** Extra plugins registered after the modules (tests use this for probe routes). */
  plugins?: FastifyPluginAsync[];
  /** Namespaces Redis keys and queues (tests run in parallel on one Redis). */
  redisPrefix?: string;
  /** Applies pending migrations when the database opens (`kheti serve --migrate`). */
  migrate?: boolean;
  /** A container opened by the caller (who closes it); else the app opens and closes its own. */
  container?: Container;
  /** Test doubles for outside ports, used by the container the app opens. */
  outside?: OutsideOverrides;
  /** Where the JSON log lines go; stdout by default. */
  logStream?: { write(line: string): void };
}

declare module 'fastify' {
  interface FastifyInstance {
    resources: Resources;
    /** The process's ports to the outside world (weather, geocoder, imagery, market prices, SMS, Firebase). */
    outside: Outside;
    /** True from the moment shutdown begins: /readyz answers 503 so load balancers stop sending. */
    shuttingDown: boolean;
  }
}

/** The certificate chain and key for HTTPS served by Kheti itself (TLS_CERT_FILE, TLS_KEY_FILE), read as they are now. */
export const readTlsFiles = (tls: NonNullable<Config['tls']>) => ({ cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) });

const REQUEST_ID = /^[\w.:-]{1,128}$/;
const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops;

/** Builds the whole HTTP application. Reads top-down as the boot order. */
export async function buildApp(config: Config, options: AppOptions = {}): Promise<FastifyInstance> {
  const logStream = options.logStream ?? stdoutDestination();
  const logOptions = loggerOptions(config);
  const app = Fastify({
    // Spread, not written out: with `https` Fastify's types name another server class, the same
    // routes and hooks either way (server.ts reloads the certificate through it).
    ...(config.tls ? { https: readTlsFiles(config.tls) } : {}),
    logger: { ...logOptions, stream: logStream },
    bodyLimit: config.http.bodyLimitBytes,
    logController: new AccessLog(logOptions, logStream),
    childLoggerFactory: (parent, bindings, options) => lazyChildLogger(parent as Logger, bindings, options),
    // A hop count trusts that many proxies nearest to us (what proxy-addr does for numbers).
    trustProxy: typeof config.http.trustProxy === 'number' ? trustHops(config.http.trustProxy) : config.http.trustProxy,
    // Honour a caller's request id when it is sane, so one id follows a request across services.
    requestIdHeader: false,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : pooledUuidV7();
    },
    return503OnClosing: true,
    // A path whose percent-encoding is not UTF-8 never reaches the router; our error handler makes
    // it problem+json like every other refusal, instead of Fastify's own body.
    frameworkErrors: (error, request, reply) =>
      request.server.errorHandler(
        error.code === 'FST_ERR_BAD_URL' ? new AppError('bad_request', 'The path is not valid percent-encoded UTF-8') : error,
        request,
        reply,
      ),
    ajv: { customOptions: { allErrors: true, removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // 1. Errors: every failure from here on becomes problem+json.
  registerErrorHandlers(app);
  app.addSchema(ProblemSchema);

  // 2. The container: database, cache, queue, event bus, metrics, and the outside world's ports
  // (weather, geocoder, imagery, market prices, SMS, Firebase), each built once; closed last.
  const ownsContainer = !options.container;
  const container =
    options.container ??
    (await openContainer(config, {
      logger: app.log,
      redisPrefix: options.redisPrefix,
      migrate: options.migrate,
      outside: options.outside,
    }));
  try {
    return await assemble(app, config, options, container, ownsContainer);
  } catch (error) {
    // A plugin that fails at start-up must not leave the database and connections open behind it.
    if (ownsContainer) await container.close();
    throw error;
  }
}

async function assemble(app: FastifyInstance, config: Config, options: AppOptions, container: Container, ownsContainer: boolean) {
  const { resources, outside } = container;
  app.decorate('resources', resources);
  app.decorate('outside', outside);
  app.decorate('shuttingDown', false);
  app.addHook('preClose', async () => {
    app.shuttingDown = true;
  });
  if (ownsContainer) app.addHook('onClose', async () => container.close());

  // 3. Cross-cutting HTTP behaviour.
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    // A keep-alive connection would otherwise hold shutdown open until its idle timeout (72 s).
    if (app.shuttingDown) reply.header('connection', 'close');
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    resources.metrics.httpRequestDuration.observe(
      { route: request.routeOptions.url ?? 'unmatched', method: request.method, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  // The console draws basemap tiles from their provider and NDVI maps fetched with the token (blob:).
  const imageSources = ["'self'", 'data:', 'blob:', tileSource(config.console.tileUrl)];
  registerSecurityHeaders(app, { contentSecurityPolicy: { directives: { 'img-src': imageSources } } });
  await app.register(cors, {
    origin: config.http.corsOrigins === '*' ? true : config.http.corsOrigins,
    credentials: config.http.corsOrigins !== '*',
    exposedHeaders: ['x-request-id', 'etag', 'location', 'retry-after', 'idempotent-replayed'],
  });
  registerLoadShedding(app, config.http.maxEventLoopDelayMs);
  registerJsonBodyParser(app);
  await app.register(formbody);
  registerFormBodyCheck(app);
  registerEdgeInputChecks(app);

  // 4. Identity: who is calling (bearer tokens), what their role allows, how often they may ask.
  app.decorate('identity', createIdentity(config, resources.db));
  const authenticators = [options.authenticate, bearerAuthenticator(app)].filter((a): a is Authenticator => Boolean(a));
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    for (const authenticate of authenticators) {
      request.principal = await authenticate(request);
      if (request.principal) return;
    }
  });
  registerAuthorization(app);
  await registerRateLimit(app, config, resources.redisNamespace);
  app.decorate('signInLimits', createSignInLimits(app));
  registerIdempotency(app);

  // 5. API description, generated from the route schemas.
  // The document's `webhooks`: what a webhook receiver gets, beside the routes that subscribe one.
  await app.register(swagger, { ...openapiOptions, openapi: { ...openapiOptions.openapi, webhooks: WEBHOOK_DELIVERY_OPENAPI } });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  app.get('/openapi.json', { schema: { hide: true }, config: { permission: 'public', rateLimit: false } }, async () => app.swagger());

  // 6. The web console at /, then the modules.
  await registerConsole(app, config);
  await app.register(opsRoutes);
  await app.register(oauthRoutes);
  await app.register(accountRoutes);
  await app.register(otpRoutes, { sms: outside.sms });
  await app.register(userRoutes);
  await app.register(tenantRoutes);
  await app.register(clientRoutes);
  await app.register(auditRoutes);
  await app.register(cropRoutes);
  await app.register(farmerRoutes);
  await app.register(farmerImportRoutes);
  await app.register(farmRoutes);
  await app.register(fieldRoutes);
  await app.register(fieldImportRoutes);
  await app.register(fieldExportRoutes);
  await app.register(cropCycleRoutes);
  await app.register(soilTestRoutes);
  await app.register(weatherRoutes);
  await app.register(geocodeRoutes);
  await app.register(et0Routes);
  await app.register(mspRoutes);
  await app.register(ingestionRoutes);
  await app.register(priceRoutes);
  await app.register(trendRoutes);
  await app.register(marketRoutes);
  await app.register(bestMarketRoutes);
  await app.register(alertRuleRoutes);
  await app.register(notificationRoutes);
  await app.register(advisoryRoutes);
  await app.register(irrigationRoutes);
  await app.register(pmfbyPremiumRoutes);
  await app.register(cropLossReportRoutes);
  await app.register(vegetationAnalysisRoutes);
  await app.register(vegetationMapRoutes);
  await app.register(syncRoutes);
  await app.register(jobRoutes);
  await app.register(realtimeRoutes);
  await app.register(webhookRoutes);
  await app.register(schemeRoutes);
  await app.register(schemeEligibilityRoutes);
  await app.register(schemeApplicationRoutes);
  await app.register(schemeApplicationDocumentRoutes);
  for (const plugin of options.plugins ?? []) await app.register(plugin);

  await app.ready();
  return app;
}
