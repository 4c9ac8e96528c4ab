import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { asPrincipal, buildTestApp, type TestApp } from '../support/app.js';
import { embeddedMode } from '../support/storage-modes.js';

const TENANT = '00000000-0000-7000-8000-0000000000aa';
const FIELD = '00000000-0000-7000-8000-0000000000bb';

describe('a value outside a fixed list is refused with the list, once', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp(embeddedMode);
  });
  after(async () => t?.close());

  const errorsOf = async (url: string) => {
    const response = await t.app.inject({ url, headers: asPrincipal({ tenantId: TENANT }) });
    assert.equal(response.statusCode, 422, response.body);
    const body = response.json() as { detail: string; errors: { path: string; message: string }[] };
    return body;
  };

  it('names the soil textures the advisory accepts (a union of literals)', async () => {
    const body = await errorsOf(`/v1/fields/${FIELD}/advisories?soil=sandy`);
    assert.deepEqual(body.errors, [
      {
        path: 'query.soil',
        message:
          'must be one of clay, clay-loam, loam, loamy-sand, sand, sandy-clay, sandy-clay-loam, sandy-loam, silt, silty-clay, silty-clay-loam, silt-loam',
      },
    ]);
    assert.equal(body.detail, `query.soil ${body.errors[0]!.message}`);
  });

  it('names the farmer categories (an enum)', async () => {
    const body = await errorsOf('/v1/farmers?category=tiny');
    assert.deepEqual(body.errors, [{ path: 'query.category', message: 'must be one of marginal, small, semi_medium, medium, large' }]);
  });
});
