import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { asPrincipal, buildTestApp, type TestApp } from '../support/app.js';
import { embeddedMode } from '../support/storage-modes.js';

const TENANT = '00000000-0000-7000-8000-0000000000ab';

/** Query coordinates written in the other order are caught as the boundary validator catches them. */
describe('swapped latitude and longitude in field queries', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp(embeddedMode);
  });
  after(async () => t?.close());

  const errorsOf = async (query: string) => {
    const response = await t.app.inject({ url: `/v1/fields?${query}`, headers: asPrincipal({ tenantId: TENANT }) });
    assert.equal(response.statusCode, 422, `${query}: ${response.body}`);
    return response.json().errors;
  };

  it('a bbox around Pune written lat,lon first is named as swapped', async () => {
    assert.deepEqual(await errorsOf('bbox=18.4,73.7,18.6,73.9'), [
      {
        path: 'query.bbox',
        message: 'latitude and longitude look swapped: the order is minLon,minLat,maxLon,maxLat (longitude first)',
      },
    ]);
  });

  it('a swapped bbox in the far east, whose longitudes exceed 90 as latitudes, gets the same hint', async () => {
    assert.deepEqual(await errorsOf('bbox=27.0,93.5,27.5,94.0'), [
      {
        path: 'query.bbox',
        message: 'latitude and longitude look swapped: the order is minLon,minLat,maxLon,maxLat (longitude first)',
      },
    ]);
  });

  it('near written lon,lat is named as swapped', async () => {
    assert.deepEqual(await errorsOf('near=73.85,18.52&radiusKm=10'), [
      { path: 'query.near', message: 'latitude and longitude look swapped: the order is lat,lon (latitude first)' },
    ]);
  });

  it('the right order is accepted, and a box elsewhere in the world is not mistaken for a swap', async () => {
    for (const query of ['bbox=73.7,18.4,73.9,18.6', 'near=18.52,73.85&radiusKm=10', 'bbox=2.2,48.8,2.4,48.9', 'near=48.85,2.35']) {
      const response = await t.app.inject({ url: `/v1/fields?${query}`, headers: asPrincipal({ tenantId: TENANT }) });
      assert.equal(response.statusCode, 200, `${query}: ${response.body}`);
    }
  });
});
