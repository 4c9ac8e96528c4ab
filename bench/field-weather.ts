/**
 * GET /v1/fields/{id}/weather with a warm cache, in requests per second over real HTTP sockets,
 * side by side: the embedded mode (PGlite, in-process cache) and PostgreSQL + Redis, each against
 * the same field; and, as the reference point, the same request with the cache turned off
 * (every request asks the OpenWeather stub on loopback, as a cold cache would).
 *
 *   node --import tsx bench/field-weather.ts [seconds=10] [connections=32]
 *
 * The weather comes from a loopback OpenWeather stub (test/stubs/openweather.ts). The load is
 * `connections` keep-alive connections, each sending its next request when the last one answered.
 * The per-caller rate limit stays on (it is part of every request) but is raised out of the way.
 */
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildTestApp } from '../test/support/app.js';
import { plot } from '../test/support/geometry.js';
import { bearer, createTenant } from '../test/support/identity.js';
import { testServices } from '../test/support/services.js';
import { embeddedMode, postgresMode, type StorageMode } from '../test/support/storage-modes.js';
import { TEST_OPENWEATHER_API_KEY, startOpenWeatherStub } from '../test/stubs/openweather.js';

const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 32);

interface Result {
  requests: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** Closed-loop load: each connection sends its next request when the previous one is answered. */
async function load(url: URL, headers: Record<string, string>, durationMs: number): Promise<Result> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  const end = performance.now() + durationMs;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const started = performance.now();
      const req = request(url, { agent, headers }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`status ${res.statusCode}`));
          latencies.push(performance.now() - started);
          resolve();
        });
      });
      req.on('error', reject);
      req.end();
    });
  const began = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) await one();
    }),
  );
  const elapsed = (performance.now() - began) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { requests: latencies.length, perSecond: latencies.length / elapsed, p50Ms: at(0.5), p99Ms: at(0.99) };
}

async function measure(mode: StorageMode, label: string, env: Record<string, string>) {
  const stub = await startOpenWeatherStub();
  const t = await buildTestApp(mode, {
    env: {
      OPENWEATHER_API_KEY: TEST_OPENWEATHER_API_KEY,
      OPENWEATHER_BASE_URL: stub.baseUrl,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '1000000',
      ...env,
    },
  });
  try {
    const tenant = await createTenant(t.app);
    const post = async (url: string, payload: Record<string, unknown>) =>
      (await t.app.inject({ method: 'POST', url, headers: bearer(tenant.tokens), payload })).json();
    const farmer = await post('/v1/farmers', { name: 'Bench Farmer', state: 'Maharashtra' });
    const farm = await post('/v1/farms', { farmerId: farmer.id, name: 'Farm' });
    const field = await post('/v1/fields', { farmId: farm.id, name: 'Plot', boundary: plot(19.99, 73.79) });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = t.app.server.address() as AddressInfo;
    const url = new URL(`http://127.0.0.1:${port}/v1/fields/${field.id}/weather`);
    const headers = bearer(tenant.tokens);
    await load(url, headers, 1000); // warm up: the cache, the JIT and the connection pools
    const upstreamBefore = stub.requestCount();
    const result = await load(url, headers, seconds * 1000);
    const upstream = stub.requestCount() - upstreamBefore;
    assert.ok(result.requests > 0);
    console.log(
      `${mode.name.padEnd(9)} ${label.padEnd(12)} ${Math.round(result.perSecond).toString().padStart(6)} req/s | p50 ${result.p50Ms.toFixed(1)} ms p99 ${result.p99Ms.toFixed(1)} ms | ${result.requests} requests, ${upstream} upstream calls`,
    );
  } finally {
    await t.close();
    await stub.close();
  }
}

const modes = testServices.embeddedOnly ? [embeddedMode] : [embeddedMode, postgresMode];
console.log(`GET /v1/fields/{id}/weather, ${seconds} s, ${connections} connections, node ${process.version}`);
for (const mode of modes) {
  await measure(mode, 'warm cache', {});
  await measure(mode, 'no cache', { WEATHER_CACHE_TTL_SECONDS: '0' });
}
