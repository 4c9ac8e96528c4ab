import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { asPrincipal, buildTestApp, type TestApp } from '../support/app.js';
import { embeddedMode } from '../support/storage-modes.js';

const TENANT = '00000000-0000-7000-8000-0000000000aa';

describe('crop codes are read with one rule for case and separators', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp(embeddedMode);
  });
  after(async () => t?.close());

  const msp = (crop: string) =>
    t.app.inject({ url: `/v1/msp?crop=${encodeURIComponent(crop)}`, headers: asPrincipal({ tenantId: TENANT, role: 'viewer' }) });

  it('/v1/msp answers Wheat, WHEAT and " wheat " as wheat, and Tur-Arhar as tur_arhar', async () => {
    const expected = (await msp('wheat')).json();
    assert.ok(expected.items.length > 0);
    for (const crop of ['Wheat', 'WHEAT', ' wheat ']) {
      const response = await msp(crop);
      assert.equal(response.statusCode, 200, `${crop}: ${response.body}`);
      assert.deepEqual(response.json(), expected, crop);
    }
    const tur = await msp('Tur-Arhar');
    assert.equal(tur.statusCode, 200, tur.body);
    assert.ok(tur.json().items.every((item: { crop: string }) => item.crop === 'tur_arhar'));
    assert.ok(tur.json().items.length > 0);
  });
});
