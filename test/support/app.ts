import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { buildApp } from '../../src/app.js';
import type { Principal } from '../../src/auth/principal.js';
import type { Config } from '../../src/config.js';
import { migrate } from '../../src/infra/db/index.js';
import type { StorageMode } from './storage-modes.js';

/**
 * Tests that exercise something other than identity may name their caller in a header instead
 * of signing in; real bearer tokens work as well. This authenticator exists only in the suite.
 */
export const TEST_PRINCIPAL_HEADER = 'x-test-principal';

export const asPrincipal = (principal: Partial<Principal> & { tenantId: string | null }) => ({
  [TEST_PRINCIPAL_HEADER]: Buffer.from(
    JSON.stringify({ userId: '00000000-0000-7000-8000-000000000001', role: 'tenant_admin', scopes: [], ...principal }),
  ).toString('base64url'),
});

const testAuthenticator = async (request: FastifyRequest): Promise<Principal | null> => {
  const header = request.headers[TEST_PRINCIPAL_HEADER];
  return typeof header === 'string' ? (JSON.parse(Buffer.from(header, 'base64url').toString()) as Principal) : null;
};

export interface TestApp {
  app: FastifyInstance;
  config: Config;
  close(): Promise<void>;
}

/** A migrated app in the given storage mode, on its own database and Redis prefix. */
export async function buildTestApp(
  mode: StorageMode,
  options: { env?: Record<string, string>; plugins?: FastifyPluginAsync[]; logStream?: { write(line: string): void } } = {},
): Promise<TestApp> {
  const { config, cleanup } = await mode.setup(options.env);
  const violations: string[] = [];
  const app = await buildApp(config, {
    authenticate: testAuthenticator,
    logStream: options.logStream,
    plugins: [problemJsonGuard(violations), ...(options.plugins ?? [])],
    redisPrefix: `test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
  });
  await migrate(app.resources.db);
  return {
    app,
    config,
    async close() {
      await app.close();
      await cleanup();
      if (violations.length > 0) throw new Error(`error responses that are not problem+json:\n${violations.join('\n')}`);
    },
  };
}

/**
 * Registered in every test app: any error response that is not problem+json (or, on the OAuth
 * endpoints, RFC 6749 JSON) fails the test that caused it, so the whole suite keeps the promise.
 */
function problemJsonGuard(violations: string[]): FastifyPluginAsync {
  const plugin: FastifyPluginAsync = async (app) => {
    app.addHook('onSend', async (request, reply, payload) => {
      const type = String(reply.getHeader('content-type') ?? '');
      // RFC 6749 §5.2 prescribes application/json with `error` for the OAuth endpoints.
      const oauthError =
        request.url.startsWith('/oauth/') && type.startsWith('application/json') && /"error":"[a-z_]+"/.test(String(payload));
      if (reply.statusCode >= 400 && !type.startsWith('application/problem+json') && !oauthError) {
        violations.push(`${request.method} ${request.url} answered ${reply.statusCode} as "${type}", not problem+json`);
      }
      return payload;
    });
  };
  // Applies the hook to the whole app rather than to this plugin's own scope.
  Object.assign(plugin, { [Symbol.for('skip-override')]: true });
  return plugin;
}
