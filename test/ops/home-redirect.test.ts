import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { embeddedMode } from '../support/storage-modes.js';

/** The bare address answers a browser with the API documentation, not a 404. */
describe('GET /', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp(embeddedMode);
  });
  after(async () => t?.close());

  it('redirects to /docs, which answers', async () => {
    const home = await t.app.inject({ url: '/', headers: { accept: 'text/html' } });
    assert.equal(home.statusCode, 302, home.body);
    assert.equal(home.headers.location, '/docs');
    const docs = await t.app.inject({ url: String(home.headers.location) });
    assert.ok(docs.statusCode < 400, `/docs answered ${docs.statusCode}`);
  });
});
