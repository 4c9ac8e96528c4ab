import websocket from '@fastify/websocket';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { createAccessTokenResolver, invalidToken, requireTenant, type AccessTokenHolder, type Principal } from '../../auth/index.js';
import { AppError, problemResponses } from '../../errors.js';
import { farmerIdOfUser } from '../registry/index.js';
import type { Audience } from './audience.js';
import { parseTypes } from './audience.js';
import { tenantEventsAfterId } from './repository.js';
import { storedEvent } from './store.js';
import { CLOSE, EventStream } from './stream.js';

/** The subprotocol a browser names, with `bearer.<token>` beside it since it cannot set headers. */
export const PROTOCOL = 'kheti.v1';
const PROTOCOL_TOKEN = /^bearer\.([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;
const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/i;

const EventStreamQuery = Type.Object({
  since: Type.Optional(
    Type.String({
      pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-7[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$',
      description: 'The id of the last event received: every event after it the caller may see is replayed first, in order.',
    }),
  ),
  types: Type.Optional(
    Type.String({
      pattern: '^[a-z][a-z0-9_.]{0,99}(,[a-z][a-z0-9_.]{0,99}){0,19}$',
      description: 'Comma-separated type prefixes (e.g. `job.progress,alert.`): only events whose type starts with one are sent.',
    }),
  ),
  access_token: Type.Optional(
    Type.String({
      maxLength: 4096,
      description: 'The access token, for browsers that cannot send an Authorization header (never written to the logs).',
    }),
  ),
});

/** The token of an upgrade request: the Authorization header, else `access_token`, else the `bearer.<token>` subprotocol. */
function tokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header !== undefined) return BEARER.exec(header)?.[1];
  const { access_token } = request.query as { access_token?: string };
  if (access_token !== undefined) return access_token;
  const protocols = String(request.headers['sec-websocket-protocol'] ?? '').split(',');
  for (const protocol of protocols) {
    const match = PROTOCOL_TOKEN.exec(protocol.trim());
    if (match) return match[1];
  }
  return undefined;
}

/**
 * GET /v1/ws: the caller's events, as they happen, over a WebSocket (see docs/api.md, "Real time").
 * Authenticated before the upgrade, so a bad token is a 401 problem and never a socket.
 */
export const realtimeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, events, metrics, config } = app.resources;
  const streams = new Set<EventStream>();
  const resolve = createAccessTokenResolver(app);
  const holders = new WeakMap<FastifyRequest, { token: string; holder: AccessTokenHolder; audience: Audience }>();

  await app.register(websocket, {
    options: {
      // Clients send nothing but pongs and a close: a large frame is not one of ours.
      maxPayload: 4096,
      handleProtocols: (protocols) => (protocols.has(PROTOCOL) ? PROTOCOL : false),
    },
    // Shutdown: every stream is told 1001 (going away) and reconnects elsewhere with ?since=.
    preClose(done) {
      for (const stream of streams) stream.close('shutdown', CLOSE.shutdown, 'server shutting down');
      // A socket whose stream had already ended, or a peer that never answers, must not hold the server open.
      const wss = app.websocketServer;
      for (const client of wss.clients) if (client.readyState === client.OPEN) client.close(CLOSE.shutdown, 'server shutting down');
      setTimeout(() => {
        for (const client of wss.clients) client.terminate();
      }, 2_000).unref();
      wss.close();
      done();
    },
  });

  /** The farmer record a farmer sees events of; null for everyone else (the whole tenant). */
  const farmerOf = async (principal: Principal & { tenantId: string }): Promise<Audience['farmerId']> => {
    if (principal.role !== 'farmer') return null;
    return db.tenant(principal.tenantId, (tx) => farmerIdOfUser(tx, principal.userId), {
      readOnly: true,
      primaryOnly: true,
      farmerUserId: principal.userId,
    });
  };

  app.route({
    method: 'GET',
    url: '/v1/ws',
    config: { permission: 'events:read' },
    schema: {
      operationId: 'openEventStream',
      tags: ['realtime'],
      summary: "The caller's events as they happen (WebSocket)",
      description:
        'Upgrades to a WebSocket (send `Connection: Upgrade`, `Upgrade: websocket`). Authenticated with the access token: ' +
        'the Authorization header, the `access_token` parameter, or the subprotocols `kheti.v1, bearer.<token>`. ' +
        "The server sends JSON envelopes `{type, id, at, data}`: its tenant's events (a farmer: only about their own records), " +
        "after a replay of those after `since`. Closes with 4401 when the token expires, 4403 when the caller's membership " +
        'or role changes, 1013 when the client reads too slowly, 1001 when the server shuts down: reconnect with `since`.',
      security: [{ bearerAuth: [] }],
      querystring: EventStreamQuery,
      response: {
        101: { description: 'Switching Protocols: the event stream is open.' },
        ...problemResponses(401, 403, 422, 426),
      },
    },
    // The principal is resolved here, before the upgrade, from wherever a browser could put the token.
    onRequest: async (request) => {
      const token = tokenOf(request);
      if (token === undefined) {
        throw new AppError(
          'unauthorized',
          'Send an access token: Authorization: Bearer <token>, ?access_token= or the subprotocol bearer.<token>',
          {
            headers: { 'www-authenticate': 'Bearer' },
          },
        );
      }
      const holder = await resolve(token);
      request.principal = holder.principal;
      holders.set(request, { token, holder, audience: { farmerId: null, types: [] } });
    },
    preHandler: async (request) => {
      const principal = requireTenant(request);
      const held = holders.get(request);
      if (!held) throw invalidToken('The access token is invalid or expired');
      held.audience = { farmerId: await farmerOf(principal), types: parseTypes(request.query.types) };
    },
    // A refused upgrade leaves a socket that no HTTP parser owns any more: once the problem is
    // written it is ended here, else it would hold the server open (the plugin's own cleanup misses
    // a request refused by an earlier hook, such as the app's authenticator).
    onResponse: async (request, reply) => {
      if (reply.statusCode !== 101 && String(request.headers.upgrade).toLowerCase() === 'websocket') request.raw.socket.destroy();
    },
    handler: async () => {
      throw new AppError('upgrade_required', 'GET /v1/ws is a WebSocket: send Connection: Upgrade and Upgrade: websocket', {
        headers: { upgrade: 'websocket', connection: 'Upgrade' },
      });
    },
    wsHandler: async (socket, request) => {
      const { token, holder, audience } = holders.get(request)!;
      const principal = holder.principal as Principal & { tenantId: string };
      const scope = { readOnly: true, primaryOnly: true, ...(principal.role === 'farmer' ? { farmerUserId: principal.userId } : {}) };
      const stream = new EventStream(
        socket,
        {
          tenantId: principal.tenantId,
          audience,
          since: request.query.since?.toLowerCase(),
          expiresAt: holder.expiresAt,
          readAfter: async (afterId, limit) =>
            (await db.tenant(principal.tenantId, (tx) => tenantEventsAfterId(tx, principal.tenantId, afterId, limit), scope)).map(
              storedEvent,
            ),
          recheck: async () => {
            const current = await resolve(token).catch((error: unknown) => {
              if (error instanceof AppError && error.status === 401) return null;
              throw error;
            });
            if (!current || current.principal.role !== principal.role) return null;
            return { farmerId: await farmerOf(principal) };
          },
        },
        { events, metrics, settings: config.realtime, logger: request.log },
      );
      streams.add(stream);
      socket.on('close', () => streams.delete(stream));
      await stream.start().catch((err) => {
        request.log.error({ err }, 'the event stream failed');
        stream.close('error', CLOSE.error, 'internal error');
      });
    },
  });
};
