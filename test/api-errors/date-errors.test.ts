import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { asPrincipal, buildTestApp, type TestApp } from '../support/app.js';
import { embeddedMode } from '../support/storage-modes.js';

const TENANT = '00000000-0000-7000-8000-0000000000aa';
const FIELD = '00000000-0000-7000-8000-0000000000bb';
const MESSAGE = 'must be a date written YYYY-MM-DD, and a day that exists';

describe('every date a request carries is refused the same way when it is not a day written YYYY-MM-DD', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp(embeddedMode);
  });
  after(async () => t?.close());

  const errorAt = async (url: string, payload: Record<string, unknown>, path: string) => {
    const response = await t.app.inject({ method: 'POST', url, payload, headers: asPrincipal({ tenantId: TENANT }) });
    assert.equal(response.statusCode, 422, response.body);
    const errors = (response.json() as { errors: { path: string; message: string }[] }).errors;
    return errors.find((e) => e.path === path);
  };

  for (const bad of ['2026-02-30', '2026-13-01', '6/12/2026', '2026-2-3']) {
    it(`refuses ${bad} with one message on analyses, crop cycles, soil tests and the ET0 tool`, async () => {
      const cases: [string, Record<string, unknown>, string][] = [
        [`/v1/fields/${FIELD}/vegetation-analyses`, { from: bad, to: '2026-03-01' }, 'body.from'],
        [`/v1/fields/${FIELD}/crop-cycles`, { crop: 'wheat', sowingDate: bad }, 'body.sowingDate'],
        [`/v1/fields/${FIELD}/soil-tests`, { sampledOn: bad, ph: 7 }, 'body.sampledOn'],
        ['/v1/tools/et0', { date: bad, latitudeDeg: 20, elevationM: 100, tMaxC: 30, tMinC: 20 }, 'body.date'],
      ];
      for (const [url, payload, path] of cases) {
        assert.deepEqual(await errorAt(url, payload, path), { path, message: MESSAGE }, url);
      }
    });
  }

  it('accepts a leap day', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/v1/tools/et0',
      payload: {
        date: '2024-02-29',
        latitudeDeg: 20,
        elevationM: 100,
        tMaxC: 30,
        tMinC: 20,
        rhMeanPct: 60,
        windSpeedMs: 2,
        sunshineHours: 8,
      },
      headers: asPrincipal({ tenantId: TENANT }),
    });
    assert.equal(response.statusCode, 200, response.body);
  });
});
