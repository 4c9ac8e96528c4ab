/**
 * POST /v1/fields/import of 5 000 generated fields, in features per second, side by side for the
 * two storage modes; with the re-import of the same file (every feature `exists`) and
 * GET /v1/fields/export of the result. Two shapes: squares (5 positions) and "walked" boundaries
 * (a jittered 64-gon, 65 positions, closer to what field staff draw with a phone).
 *
 *   node --import tsx bench/field-import.ts [runs=3] [features=5000]
 *
 * Requests go through app.inject (the whole Fastify stack, without a socket). Each run uses a
 * fresh tenant with five farms in five districts, so every run starts from the same state.
 * PostgreSQL mode needs the machine's PostgreSQL and Redis (KHETI_TEST_PG_ADMIN_URL, KHETI_TEST_REDIS_URL).
 */
import assert from 'node:assert/strict';
import type { Polygon, Position } from 'geojson';
import { buildTestApp } from '../test/support/app.js';
import { bearer, createTenant } from '../test/support/identity.js';
import { embeddedMode, postgresMode, type StorageMode } from '../test/support/storage-modes.js';
import { testServices } from '../test/support/services.js';

const runs = Number(process.argv[2] ?? 3);
const count = Number(process.argv[3] ?? 5000);

const DISTRICTS = [
  { district: 'Pune', state: 'Maharashtra', lat: 18.52, lon: 73.85 },
  { district: 'Nashik', state: 'Maharashtra', lat: 20.0, lon: 73.79 },
  { district: 'Guntur', state: 'Andhra Pradesh', lat: 16.3, lon: 80.44 },
  { district: 'Ludhiana', state: 'Punjab', lat: 30.9, lon: 75.85 },
  { district: 'Vidisha', state: 'Madhya Pradesh', lat: 23.52, lon: 77.81 },
];

/** A closed ring of `vertices` points around (lat, lon), about `radiusM` metres out, jittered ±10 %. */
function ring(lat: number, lon: number, radiusM: number, vertices: number, seed: number): Polygon {
  const mPerLat = 110_574;
  const mPerLon = 111_320 * Math.cos((lat * Math.PI) / 180);
  const points: Position[] = [];
  for (let i = 0; i < vertices; i++) {
    const angle = (2 * Math.PI * i) / vertices;
    const r = radiusM * (0.9 + 0.2 * Math.abs(Math.sin(seed * 12.9898 + i * 78.233)));
    points.push([lon + (r * Math.cos(angle)) / mPerLon, lat + (r * Math.sin(angle)) / mPerLat]);
  }
  points.push(points[0]!);
  return { type: 'Polygon', coordinates: [points] };
}

/** Fields on a grid 90 m apart around each farm's district centre, round-robin over the farms. */
function collection(farms: { farmId: string; lat: number; lon: number }[], vertices: number) {
  const features = Array.from({ length: count }, (_, i) => {
    const farm = farms[i % farms.length]!;
    const k = Math.floor(i / farms.length);
    const lat = farm.lat + Math.floor(k / 40) * 0.0009;
    const lon = farm.lon + (k % 40) * 0.00095;
    const geometry =
      vertices === 4
        ? ring(lat, lon, 42, 4, 0) // a square of about 60 m, corners 42 m out
        : ring(lat, lon, 35, vertices, i);
    return { type: 'Feature', properties: { farmId: farm.farmId, name: `Plot ${i + 1}` }, geometry };
  });
  return JSON.stringify({ type: 'FeatureCollection', features });
}

const median = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;

async function measure(mode: StorageMode, shape: { name: string; vertices: number }) {
  const t = await buildTestApp(mode);
  const first: number[] = [];
  const again: number[] = [];
  const exported: number[] = [];
  let megabytes = 0;
  try {
    for (let run = 0; run < runs; run++) {
      const tenant = await createTenant(t.app);
      const headers = bearer(tenant.tokens);
      const farms = [];
      for (const place of DISTRICTS) {
        const farmer = await t.app.inject({ method: 'POST', url: '/v1/farmers', headers, payload: { name: 'Owner', state: place.state } });
        const farm = await t.app.inject({
          method: 'POST',
          url: '/v1/farms',
          headers,
          payload: { farmerId: farmer.json().id, name: 'Farm', district: place.district },
        });
        farms.push({ farmId: farm.json().id as string, lat: place.lat, lon: place.lon });
      }
      const body = collection(farms, shape.vertices);
      megabytes = Buffer.byteLength(body) / 1024 / 1024;
      const upload = async () => {
        const started = performance.now();
        const response = await t.app.inject({
          method: 'POST',
          url: '/v1/fields/import',
          headers: { ...headers, 'content-type': 'application/geo+json' },
          payload: body,
        });
        const ms = performance.now() - started;
        assert.equal(response.statusCode, 200, response.body.slice(0, 500));
        return { ms, summary: response.json() as { created: number; existing: number; failed: number } };
      };
      const created = await upload();
      assert.equal(created.summary.created, count, JSON.stringify(created.summary).slice(0, 500));
      first.push(created.ms);
      const repeated = await upload();
      assert.equal(repeated.summary.existing, count);
      again.push(repeated.ms);
      const started = performance.now();
      const response = await t.app.inject({ url: '/v1/fields/export', headers });
      exported.push(performance.now() - started);
      assert.equal(response.json().features.length, count);
    }
  } finally {
    await t.close();
  }
  const rate = (ms: number) => Math.round(count / (ms / 1000));
  console.log(
    `${mode.name.padEnd(9)} ${shape.name.padEnd(18)} body ${megabytes.toFixed(1)} MB | import median ${Math.round(median(first))} ms = ${rate(median(first))} features/s` +
      ` | re-import (all exist) ${Math.round(median(again))} ms = ${rate(median(again))}/s | export ${Math.round(median(exported))} ms = ${rate(median(exported))}/s`,
  );
}

const modes = testServices.embeddedOnly ? [embeddedMode] : [embeddedMode, postgresMode];
for (const shape of [
  { name: 'squares (5 pos.)', vertices: 4 },
  { name: 'walked (65 pos.)', vertices: 64 },
]) {
  for (const mode of modes) await measure(mode, shape);
}
