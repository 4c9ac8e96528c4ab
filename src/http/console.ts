import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import Type from 'typebox';
import type { Config } from '../config.js';
import { problemResponses } from '../errors.js';

/** Where `npm run build:console` (run by `npm install`, `npm start` and `npm test` when stale) puts the console. */
export const CONSOLE_DIR = fileURLToPath(new URL('../../console/dist/', import.meta.url));

/** Hashed file names never change content, so a browser or the CDN may keep them for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** The page itself is small and names the current hashed files: always revalidated (ETag). */
const REVALIDATE = 'no-cache';

const ConsoleConfig = Type.Object({
  tileUrl: Type.String({ description: 'basemap tile URL template ({z}/{x}/{y}, optionally {s})' }),
  tileAttribution: Type.String({ description: 'attribution the tile provider requires' }),
});

/**
 * The web console: a single-page app built into static files and served here at `/`, beside the
 * API (`/v1`, `/oauth`), its documentation (`/docs`) and the probes. @fastify/static only lends
 * `reply.sendFile` (its `send` keeps every path inside the root and answers ranges and
 * conditional requests); the routes are declared here so that each carries its permission like
 * every other route. Without a built console (a server-only install), `/` sends a browser to the
 * API documentation as before.
 */
export async function registerConsole(app: FastifyInstance, config: Config, dir = CONSOLE_DIR) {
  const built = existsSync(`${dir}index.html`);
  // preCompressed: the .br and .gz copies written at build time go to browsers that accept them.
  if (built) await app.register(fastifyStatic, { root: dir, serve: false, preCompressed: true });
  const page = { permission: 'public' } as const;

  app.get(
    '/',
    {
      config: page,
      schema: {
        operationId: 'home',
        tags: ['operations'],
        summary: 'The web console (HTML); without a built console, a redirect to the API documentation at /docs',
        response: {
          200: Type.String({ description: 'the console page (text/html)' }),
          302: Type.Null({ description: 'Location: /docs' }),
          ...problemResponses(429),
        },
      },
    },
    async (_request, reply) => (built ? sendConsoleFile(reply, dir, 'index.html', REVALIDATE) : reply.redirect('/docs', 302)),
  );

  // What the console needs to know at run time, so that one build serves every deployment.
  app.get(
    '/console-config.json',
    {
      config: page,
      schema: {
        operationId: 'getConsoleConfig',
        tags: ['operations'],
        summary: 'The web console settings',
        response: { 200: ConsoleConfig },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-cache');
      return config.console;
    },
  );

  if (!built) return;
  app.get(
    '/assets/:file',
    { config: page, schema: { hide: true, params: Type.Object({ file: Type.String({ pattern: '^[A-Za-z0-9._-]+$' }) }) } },
    async (request, reply) => sendConsoleFile(reply, dir, `assets/${(request.params as { file: string }).file}`, IMMUTABLE),
  );
  // Files Vite copies unhashed from console/public (the icon, the web manifest): one route each.
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isFile() || entry.name === 'index.html' || entry.name.startsWith('.') || /\.(br|gz)$/.test(entry.name)) continue;
    app.get(`/${entry.name}`, { config: page, schema: { hide: true } }, async (_request, reply) =>
      sendConsoleFile(reply, dir, entry.name, REVALIDATE),
    );
  }
}

function sendConsoleFile(reply: FastifyReply, dir: string, path: string, cacheControl: string) {
  return reply.header('cache-control', cacheControl).sendFile(path, dir, { cacheControl: false });
}

/** The CSP's img-src source for the basemap: the tile template's origin, `{s}` subdomains as a wildcard. */
export function tileSource(tileUrl: string): string {
  const origin = /^(https?:\/\/[^/]+)/.exec(tileUrl)![1]!;
  return origin.replace('{s}', '*');
}
