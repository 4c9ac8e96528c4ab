/**
 * Round trips to PostgreSQL and Redis per request on the hot paths, counted at the clients: every
 * message pg sends and waits for (pg never pipelines: one `client.query` is one round trip) and
 * every command ioredis sends. The app runs in-process on PostgreSQL + Redis (no replicas), as
 * one `kheti serve` worker does; each route is called 20 times after a warm-up and averaged.
 *
 *   node --import tsx bench/round-trips.ts            # add -v to see each statement of one GET
 */
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { createTestDatabase } from '../test/support/database.js';
import { plot } from '../test/support/geometry.js';
import { bearer, createTenant } from '../test/support/identity.js';
import { postgresMode } from '../test/support/storage-modes.js';
import { TEST_OPENWEATHER_API_KEY, startOpenWeatherStub } from '../test/stubs/openweather.js';
import { loadConfig } from '../src/config.js';
import { testServices } from '../test/support/services.js';

const verbose = process.argv.includes('-v');
let counting = false;
const statements: string[] = [];
const redisCommands: string[] = [];

const pgQuery = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  if (counting) statements.push(typeof args[0] === 'string' ? args[0] : String((args[0] as { text?: string }).text));
  return pgQuery.apply(this, args);
} as typeof pg.Client.prototype.query;
const sendCommand = Redis.prototype.sendCommand as (...args: unknown[]) => unknown;
Redis.prototype.sendCommand = function (this: Redis, ...args: unknown[]) {
  if (counting) redisCommands.push((args[0] as { name: string }).name);
  return sendCommand.apply(this, args);
} as typeof Redis.prototype.sendCommand;

const stub = await startOpenWeatherStub();
const database = await createTestDatabase();
void postgresMode;
const app = await buildApp(
  loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    MAX_EVENT_LOOP_DELAY_MS: '0',
    DATABASE_URL: database.url,
    REDIS_URL: testServices.redisUrl,
    RATE_LIMIT_PER_MINUTE: '1000000',
    OPENWEATHER_API_KEY: TEST_OPENWEATHER_API_KEY,
    OPENWEATHER_BASE_URL: stub.baseUrl,
  }),
  { migrate: true, redisPrefix: `rt-${process.pid}` },
);
try {
  const tenant = await createTenant(app);
  const headers = bearer(tenant.tokens);
  const post = async (url: string, payload: object) => (await app.inject({ method: 'POST', url, headers, payload })).json();
  const farmer = await post('/v1/farmers', { name: 'Round-trip Farmer', state: 'Maharashtra' });
  const farm = await post('/v1/farms', { farmerId: farmer.id, name: 'Farm' });
  const field = await post('/v1/fields', { farmId: farm.id, name: 'Plot', boundary: plot(19.99, 73.79) });
  for (let i = 0; i < 60; i++) await post('/v1/fields', { farmId: farm.id, name: `Plot ${i}`, boundary: plot(20 + i * 0.01, 74) });

  let version = field.version as number;
  const routes: [string, () => Promise<number>][] = [
    ['GET /v1/fields/{id}', async () => (await app.inject({ url: `/v1/fields/${field.id}`, headers })).statusCode],
    ['GET /v1/fields?limit=50', async () => (await app.inject({ url: '/v1/fields?limit=50', headers })).statusCode],
    [
      'PATCH /v1/fields/{id} with If-Match',
      async () => {
        const response = await app.inject({
          method: 'PATCH',
          url: `/v1/fields/${field.id}`,
          headers: { ...headers, 'if-match': `"${version}"` },
          payload: { name: `Plot v${version}` },
        });
        version = response.json().version ?? version;
        return response.statusCode;
      },
    ],
    ['GET /v1/fields/{id}/weather (warm)', async () => (await app.inject({ url: `/v1/fields/${field.id}/weather`, headers })).statusCode],
  ];
  console.log('| request | PostgreSQL round trips | of which transactions | Redis commands |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const [name, call] of routes) {
    assert.equal(await call(), 200, name); // warm-up: key import, caches
    statements.length = 0;
    redisCommands.length = 0;
    counting = true;
    const n = 20;
    for (let i = 0; i < n; i++) assert.equal(await call(), 200, name);
    counting = false;
    const transactions = statements.filter((s) => /^BEGIN/i.test(s.trim())).length;
    console.log(
      `| ${name} | ${statements.length / n} | ${transactions / n} | ${redisCommands.length / n} (${[...new Set(redisCommands)].join(', ')}) |`,
    );
    if (verbose && name.startsWith('GET /v1/fields/{id}')) {
      for (const s of statements.slice(0, statements.length / n))
        console.log(`    ${s.replace(/\s+/g, ' ').slice(0, Number(process.env.ROUND_TRIPS_WIDTH ?? 140))}`);
    }
  }
} finally {
  await app.close();
  await database.drop();
  await stub.close();
}
