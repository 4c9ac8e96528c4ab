import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config.js';
import { createCache } from '../../src/infra/cache/index.js';
import { createMetrics } from '../../src/infra/metrics.js';
import type { SmsSender } from '../../src/integrations/sms/index.js';
import { buildOutside } from '../../src/integrations/outside.js';

/**
 * Every vendor client and port is built once per process, in one place: buildOutside
 * (src/integrations/outside.ts), called by the process container (src/container.ts), which the
 * app, the worker and the CLI open. The app and the job consumers of one process share it
 * (server.ts hands the app's container to the jobs). Counted here in the code, where a second
 * construction would have to be written.
 */

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

function sources(dir: string): { path: string; text: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') ? [{ path: relative(SRC, path), text: readFileSync(path, 'utf8') }] : [];
  });
}

/** Where `name(` is called in src (its definition and imports are not calls). */
function callSites(name: string): string[] {
  const call = new RegExp(`(?<![\\w.])${name}\\(`, 'g');
  return sources(SRC).flatMap(({ path, text }) => {
    const calls = [...text.matchAll(call)].filter((m) => !/function\s+$/.test(text.slice(Math.max(0, m.index - 40), m.index)));
    return calls.map(() => path);
  });
}

describe('the outside world, wired in one place', () => {
  it('builds each port exactly once in src, in buildOutside', () => {
    for (const factory of [
      'createWeatherService',
      'createWeatherProviders',
      'createGeocoder',
      'createImagerySource',
      'createMarketPriceSource',
      'createSmsSender',
      'createFirebaseVerifier',
    ]) {
      assert.deepEqual(callSites(factory), ['integrations/outside.ts'], factory);
    }
  });

  it('builds the vendor clients only inside the integrations, for those ports', () => {
    for (const factory of [
      'createOpenWeatherClient',
      'createOpenMeteoClient',
      'createSyntheticProvider',
      'createStacSource',
      'createSyntheticImagerySource',
      'createEarthEngineSource',
      'createEarthEngineClient',
      'createServiceAccountTokenSource',
      'createDataGovInClient',
      'createSampleSource',
      'createTwilioSmsSender',
      'createLogSmsSender',
      'createOutbound',
    ]) {
      const outside = callSites(factory).filter((path) => !path.startsWith('integrations/') && !path.startsWith('infra/outbound/'));
      // The demo seed reads the bundled sample itself: it is data, not a port of the process.
      assert.deepEqual(
        outside.filter((path) => !(factory === 'createSampleSource' && path === 'modules/markets/ingestion.ts')),
        [],
        factory,
      );
    }
  });

  it('has one outside world per process: built by the container, opened by the app, the worker and the CLI', () => {
    assert.deepEqual(callSites('buildOutside'), ['container.ts']);
    assert.deepEqual(callSites('openContainer').sort(), ['app.ts', 'cli.ts', 'worker.ts']);
    const server = readFileSync(join(SRC, 'server.ts'), 'utf8');
    assert.match(
      server,
      /registerJobHandlers\(\{ resources: app\.resources, outside: app\.outside \}\)/,
      "serve --worker hands the app's own ports to the jobs",
    );
  });

  it("keeps route files free of fastify augmentations and call sites free of the twin's name", () => {
    for (const { path, text } of sources(SRC)) {
      if (/routes\.ts$/.test(path)) assert.doesNotMatch(text, /declare module 'fastify'/, path);
      if (path.startsWith('modules/')) assert.doesNotMatch(text, /\.name === 'synthetic'/, path);
    }
  });

  it('uses what a test hands it instead of building that port, and builds the others from the configuration', async () => {
    const config = loadConfig({ NODE_ENV: 'test' });
    const sent: string[] = [];
    const sms: SmsSender = { send: async (to) => void sent.push(to) };
    const logger = { info: () => {}, warn: () => {} };
    const outside = buildOutside(
      { config, cache: createCache(config, { metrics: createMetrics() }), metrics: createMetrics(), logger },
      { sms },
    );
    assert.equal(outside.sms, sms);
    await outside.sms.send('+919876543210', 'hello');
    assert.deepEqual(sent, ['+919876543210']);
    assert.equal(outside.imagery.name, 'synthetic');
    assert.equal(outside.marketPrices.name, 'agmarknet-sample');
    assert.equal(outside.geocoder.primary, 'gazetteer');
    assert.equal(outside.firebase, undefined);
    assert.equal((await outside.weather.forecast(19.99, 73.79)).source, 'synthetic');
  });
});
