import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import Fastify from 'fastify';
import { loadConfig } from '../../src/config.js';
import { ProblemSchema } from '../../src/errors.js';
import { registerConsole } from '../../src/http/console.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { embeddedMode } from '../support/storage-modes.js';

/** The built console (npm test builds it when stale) as Kheti serves it at /. */
describe('the web console', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp(embeddedMode, { env: { CONSOLE_TILE_URL: 'https://{s}.tiles.example.org/osm/{z}/{x}/{y}.png' } });
  });
  after(async () => t?.close());

  it('serves the page at / to be revalidated, and its hashed assets to be kept for a year', async () => {
    const page = await t.app.inject({ url: '/', headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 200, page.body);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.equal(page.headers['cache-control'], 'no-cache');
    assert.ok(page.headers.etag, 'the page carries an ETag to revalidate against');
    const again = await t.app.inject({ url: '/', headers: { 'if-none-match': String(page.headers.etag) } });
    assert.equal(again.statusCode, 304);

    const scripts = [...page.body.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    assert.ok(
      scripts.some((s) => s.endsWith('.js')),
      `the page loads a script from /assets: ${page.body}`,
    );
    for (const path of scripts) {
      const asset = await t.app.inject({ url: path });
      assert.equal(asset.statusCode, 200, path);
      assert.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable', path);
      assert.match(String(asset.headers['content-type']), /javascript|css/, path);
    }
  });

  it('sends the copies compressed at build time to browsers that accept them', async () => {
    const page = await t.app.inject({ url: '/' });
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(page.body)![1]!;
    const plain = await t.app.inject({ url: script });
    assert.equal(plain.headers['content-encoding'], undefined);
    for (const [encoding, decode] of [
      ['br', brotliDecompressSync],
      ['gzip', gunzipSync],
    ] as const) {
      const packed = await t.app.inject({ url: script, headers: { 'accept-encoding': encoding } });
      assert.equal(packed.statusCode, 200);
      assert.equal(packed.headers['content-encoding'], encoding);
      assert.match(String(packed.headers.vary), /accept-encoding/i);
      assert.equal(packed.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.ok(packed.rawPayload.length < plain.rawPayload.length / 2, `${encoding} is smaller`);
      assert.ok(decode(packed.rawPayload).equals(plain.rawPayload), `${encoding} decodes to the script itself`);
    }
  });

  it('answers a missing or escaping asset path with a problem, never a file outside the build', async () => {
    for (const url of ['/assets/missing-0000.js', '/assets/..%2f..%2fpackage.json', '/assets/%2e%2e%2fconfig.ts']) {
      const response = await t.app.inject({ url });
      assert.ok([400, 404, 422].includes(response.statusCode), `${url} answered ${response.statusCode}`);
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/, url);
    }
  });

  it('tells the console its basemap, and the CSP lets those tiles and token-fetched images in', async () => {
    const settings = await t.app.inject({ url: '/console-config.json' });
    assert.equal(settings.statusCode, 200);
    assert.deepEqual(settings.json(), {
      tileUrl: 'https://{s}.tiles.example.org/osm/{z}/{x}/{y}.png',
      tileAttribution: '© OpenStreetMap contributors',
    });
    assert.match(String(settings.headers['content-security-policy']), /img-src 'self' data: blob: https:\/\/\*\.tiles\.example\.org;/);
    assert.match(String(settings.headers['content-security-policy']), /script-src 'self';/);
  });

  it('refuses a tile URL without {z}, {x} and {y} at start', () => {
    assert.throws(() => loadConfig({ CONSOLE_TILE_URL: 'https://tiles.example.org/osm.png' }), /CONSOLE_TILE_URL/);
  });
});

describe('without a built console', () => {
  const empty = mkdtempSync(join(tmpdir(), 'kheti-no-console-'));
  after(() => rmSync(empty, { recursive: true, force: true }));

  it('sends a browser at / to the API documentation', async () => {
    const app = Fastify();
    app.addSchema(ProblemSchema);
    await registerConsole(app, loadConfig({}), `${empty}/`);
    const home = await app.inject({ url: '/' });
    assert.equal(home.statusCode, 302);
    assert.equal(home.headers.location, '/docs');
    assert.equal((await app.inject({ url: '/assets/index.js' })).statusCode, 404);
    await app.close();
  });
});
