import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { plot } from '../support/geometry.js';
import { addMember, bearer, createTenant, type TestTenant, type TokenSet } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';

/**
 * Irrigation and rain recorded on a field (POST/GET /v1/fields/{id}/irrigations, GET/DELETE
 * /v1/irrigations/{id}) and the advisory's water balance counting them, on the offline twin's weather.
 */

/** A calendar day `days` from today in India (UTC+05:30). */
const dayFromToday = (days: number) => new Date(Date.now() + 5.5 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);

interface Irrigation {
  action: string;
  depletionMm: number;
  totalAvailableWaterMm: number;
  balanceStartsOn: string;
  startsFrom: string;
  refilledOn?: string;
  lastIrrigation: { date: string; depthMm: number; counted: boolean } | null;
  recordedEventsCounted: number;
  assumption: string;
  text: string;
}

for (const mode of storageModes) {
  describe(`irrigation and rain events (${mode.name})`, () => {
    let t: TestApp;
    let tenant: TestTenant;
    let fieldId: string;

    const post = (url: string, payload: unknown, tokens: TokenSet = tenant.tokens, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url, headers: { ...bearer(tokens), ...headers }, payload: payload as Record<string, unknown> });
    const get = (url: string, tokens: TokenSet = tenant.tokens, headers: Record<string, string> = {}) =>
      t.app.inject({ url, headers: { ...bearer(tokens), ...headers } });
    const del = (url: string, tokens: TokenSet = tenant.tokens, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'DELETE', url, headers: { ...bearer(tokens), ...headers } });

    /** A farmer (optionally linked to a user), a farm and a field of theirs, with a crop when given. */
    async function newField(
      tokens: TokenSet = tenant.tokens,
      options: { userId?: string; lat?: number; crop?: Record<string, unknown> } = {},
    ) {
      const created = async (url: string, payload: Record<string, unknown>) => {
        const response = await post(url, payload, tokens);
        assert.equal(response.statusCode, 201, response.body);
        return response.json();
      };
      const farmer = await created('/v1/farmers', {
        name: 'Grower',
        state: 'Maharashtra',
        ...(options.userId ? { userId: options.userId } : {}),
      });
      const farm = await created('/v1/farms', { farmerId: farmer.id, name: 'Farm' });
      const field = await created('/v1/fields', { farmId: farm.id, name: 'Field', boundary: plot(options.lat ?? 19.99, 73.79) });
      if (options.crop) await created(`/v1/fields/${field.id}/crop-cycles`, options.crop);
      return field.id as string;
    }

    const list = async (field: string, query = '', tokens: TokenSet = tenant.tokens) => {
      const response = await get(`/v1/fields/${field}/irrigations${query}`, tokens);
      assert.equal(response.statusCode, 200, response.body);
      return response.json() as { items: { id: string; date: string; kind: string; depthMm: number }[]; nextCursor: string | null };
    };

    before(async () => {
      t = await buildTestApp(mode);
      tenant = await createTenant(t.app);
      fieldId = await newField();
    });
    after(async () => t?.close());

    it('records an irrigation (kind irrigation by default) and reads it back with an ETag', async () => {
      const created = await post(`/v1/fields/${fieldId}/irrigations`, { date: dayFromToday(-3), depthMm: 45.5, note: 'tubewell, 3 h' });
      assert.equal(created.statusCode, 201, created.body);
      const event = created.json();
      assert.deepEqual(
        { fieldId: event.fieldId, date: event.date, kind: event.kind, depthMm: event.depthMm, note: event.note, version: event.version },
        { fieldId, date: dayFromToday(-3), kind: 'irrigation', depthMm: 45.5, note: 'tubewell, 3 h', version: 1 },
      );
      assert.equal(event.createdBy, tenant.admin.id);
      assert.equal(created.headers.location, `/v1/irrigations/${event.id}`);
      assert.equal(created.headers.etag, '"v1"');
      const read = await get(`/v1/irrigations/${event.id}`);
      assert.equal(read.statusCode, 200);
      assert.deepEqual(read.json(), event);
      assert.equal((await get(`/v1/irrigations/${event.id}`, tenant.tokens, { 'if-none-match': '"v1"' })).statusCode, 304);
    });

    it('a retried create with the same client id answers the first event; an Idempotency-Key replays its answer', async () => {
      const id = '0193b1de-7a00-7000-8000-00000000a001';
      const body = { id, date: dayFromToday(-2), depthMm: 12, kind: 'rain' };
      const first = await post(`/v1/fields/${fieldId}/irrigations`, body);
      assert.equal(first.statusCode, 201, first.body);
      const retry = await post(`/v1/fields/${fieldId}/irrigations`, body);
      assert.equal(retry.statusCode, 200, retry.body);
      assert.deepEqual(retry.json(), first.json());
      assert.equal((await list(fieldId)).items.filter((e) => e.id === id).length, 1);

      // The same id on another field of the tenant is another record's id: a conflict, not that record.
      const elsewhere = await newField(tenant.tokens, { lat: 20.1 });
      const clash = await post(`/v1/fields/${elsewhere}/irrigations`, body);
      assert.equal(clash.statusCode, 409, clash.body);
      assert.deepEqual((await list(elsewhere)).items, []);

      const key = { 'idempotency-key': `irrigation-${Date.now()}` };
      const once = await post(`/v1/fields/${fieldId}/irrigations`, { date: dayFromToday(-1), depthMm: 20 }, tenant.tokens, key);
      assert.equal(once.statusCode, 201, once.body);
      const again = await post(`/v1/fields/${fieldId}/irrigations`, { date: dayFromToday(-1), depthMm: 20 }, tenant.tokens, key);
      assert.equal(again.statusCode, 201);
      assert.equal(again.headers['idempotent-replayed'], 'true');
      assert.equal(again.json().id, once.json().id);
      const changed = await post(`/v1/fields/${fieldId}/irrigations`, { date: dayFromToday(-1), depthMm: 25 }, tenant.tokens, key);
      assert.equal(changed.statusCode, 422, changed.body);
      assert.equal((await list(fieldId, `?from=${dayFromToday(-1)}&to=${dayFromToday(-1)}`)).items.length, 1);
    });

    it('refuses bad events with a 422 problem naming the field, and stores nothing', async () => {
      const field = await newField(tenant.tokens, { lat: 20.2 });
      const cases: [Record<string, unknown>, string][] = [
        [{ date: dayFromToday(1), depthMm: 10 }, 'body.date'],
        [{ date: '2024-02-30', depthMm: 10 }, 'body.date'],
        [{ date: '06/12/2024', depthMm: 10 }, 'body.date'],
        [{ depthMm: 10 }, 'body.date'],
        [{ date: dayFromToday(-1), depthMm: 0 }, 'body.depthMm'],
        [{ date: dayFromToday(-1), depthMm: -4 }, 'body.depthMm'],
        [{ date: dayFromToday(-1), depthMm: 501 }, 'body.depthMm'],
        [{ date: dayFromToday(-1) }, 'body.depthMm'],
        [{ date: dayFromToday(-1), depthMm: 10, kind: 'flood' }, 'body.kind'],
        [{ date: dayFromToday(-1), depthMm: 10, note: '' }, 'body.note'],
        [{ date: dayFromToday(-1), depthMm: 10, method: 'drip' }, 'body'],
        [{ date: dayFromToday(-1), depthMm: 10, id: 'not-a-uuid' }, 'body.id'],
      ];
      for (const [payload, path] of cases) {
        const response = await post(`/v1/fields/${field}/irrigations`, payload);
        assert.equal(response.statusCode, 422, `${JSON.stringify(payload)}: ${response.body}`);
        assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
        const problem = response.json();
        assert.ok(
          (problem.errors ?? []).some(
            (e: { path: string }) => e.path === path || e.path.startsWith(`${path}.`) || e.path.startsWith(`${path}/`),
          ),
          `${JSON.stringify(payload)} names ${path}: ${response.body}`,
        );
      }
      assert.match((await post(`/v1/fields/${field}/irrigations`, { date: dayFromToday(1), depthMm: 5 })).json().detail, /in the future/);
      assert.deepEqual((await list(field)).items, []);

      for (const query of ['?from=2024-13-01', `?from=${dayFromToday(-1)}&to=${dayFromToday(-5)}`, '?cursor=garbage', '?limit=0']) {
        const response = await get(`/v1/fields/${field}/irrigations${query}`);
        assert.equal(response.statusCode, 422, `${query}: ${response.body}`);
        assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
      }
      const missing = await post('/v1/fields/0193b1de-7a00-7000-8000-0000000000ff/irrigations', { date: dayFromToday(-1), depthMm: 5 });
      assert.equal(missing.statusCode, 404);
      assert.match(String(missing.headers['content-type']), /^application\/problem\+json/);
    });

    it('lists a field’s events newest day first, a page at a time, within from..to', async () => {
      const field = await newField(tenant.tokens, { lat: 20.3 });
      for (const [days, depthMm, kind] of [
        [-10, 30, 'irrigation'],
        [-7, 8, 'rain'],
        [-4, 40, 'irrigation'],
        [-4, 6, 'rain'],
        [-1, 25, 'irrigation'],
      ] as const) {
        assert.equal((await post(`/v1/fields/${field}/irrigations`, { date: dayFromToday(days), depthMm, kind })).statusCode, 201);
      }
      const all = await list(field);
      assert.deepEqual(
        all.items.map((e) => e.date),
        [-1, -4, -4, -7, -10].map(dayFromToday),
      );
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await list(field, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        assert.ok(page.items.length <= 2);
        seen.push(...page.items.map((e) => e.id));
        cursor = page.nextCursor;
      } while (cursor);
      assert.deepEqual(
        seen,
        all.items.map((e) => e.id),
      );
      const window = await list(field, `?from=${dayFromToday(-7)}&to=${dayFromToday(-4)}`);
      assert.deepEqual(
        window.items.map((e) => [e.date, e.kind]).sort(),
        [
          [dayFromToday(-4), 'irrigation'],
          [dayFromToday(-4), 'rain'],
          [dayFromToday(-7), 'rain'],
        ].sort(),
      );
      assert.deepEqual(
        (await list(field, `?from=${dayFromToday(-2)}`)).items.map((e) => e.depthMm),
        [25],
      );
    });

    it('deletes a mistaken event (If-Match when sent); it is gone from the list', async () => {
      const field = await newField(tenant.tokens, { lat: 20.4 });
      const event = (await post(`/v1/fields/${field}/irrigations`, { date: dayFromToday(-2), depthMm: 300 })).json();
      const stale = await del(`/v1/irrigations/${event.id}`, tenant.tokens, { 'if-match': '"v9"' });
      assert.equal(stale.statusCode, 412, stale.body);
      assert.equal((await del(`/v1/irrigations/${event.id}`, tenant.tokens, { 'if-match': '"v1"' })).statusCode, 204);
      assert.equal((await get(`/v1/irrigations/${event.id}`)).statusCode, 404);
      assert.equal((await del(`/v1/irrigations/${event.id}`)).statusCode, 404);
      assert.deepEqual((await list(field)).items, []);

      // A deleted field takes its events with it.
      const kept = (await post(`/v1/fields/${field}/irrigations`, { date: dayFromToday(-2), depthMm: 30 })).json();
      const gone = await del(`/v1/fields/${field}`);
      assert.equal(gone.statusCode, 204, gone.body);
      assert.equal((await get(`/v1/irrigations/${kept.id}`)).statusCode, 404);
    });

    it('keeps each organisation’s events to itself', async () => {
      const stranger = await createTenant(t.app);
      const event = (await post(`/v1/fields/${fieldId}/irrigations`, { date: dayFromToday(-5), depthMm: 15 })).json();
      assert.equal(
        (await post(`/v1/fields/${fieldId}/irrigations`, { date: dayFromToday(-5), depthMm: 15 }, stranger.tokens)).statusCode,
        404,
      );
      assert.equal((await get(`/v1/fields/${fieldId}/irrigations`, stranger.tokens)).statusCode, 404);
      assert.equal((await get(`/v1/irrigations/${event.id}`, stranger.tokens)).statusCode, 404);
      assert.equal((await del(`/v1/irrigations/${event.id}`, stranger.tokens)).statusCode, 404);
      assert.equal((await get(`/v1/irrigations/${event.id}`)).statusCode, 200, 'still there for its own organisation');
      assert.equal((await t.app.inject({ url: `/v1/fields/${fieldId}/irrigations` })).statusCode, 401);
    });

    it('a viewer reads but may not record or delete; a farmer records on their own fields only', async () => {
      const place = await createTenant(t.app);
      const viewer = await addMember(t.app, place, 'viewer');
      const farmer = await addMember(t.app, place, 'farmer');
      const own = await newField(place.tokens, { userId: farmer.user.id, lat: 21.1 });
      const theirs = await newField(place.tokens, { lat: 21.2 });
      const staffEvent = (await post(`/v1/fields/${theirs}/irrigations`, { date: dayFromToday(-3), depthMm: 50 }, place.tokens)).json();

      const refused = await post(`/v1/fields/${own}/irrigations`, { date: dayFromToday(-1), depthMm: 10 }, viewer.tokens);
      assert.equal(refused.statusCode, 403, refused.body);
      assert.match(String(refused.headers['content-type']), /^application\/problem\+json/);
      assert.equal((await del(`/v1/irrigations/${staffEvent.id}`, viewer.tokens)).statusCode, 403);
      assert.equal((await list(theirs, '', viewer.tokens)).items.length, 1);

      const mine = await post(`/v1/fields/${own}/irrigations`, { date: dayFromToday(-1), depthMm: 10, kind: 'rain' }, farmer.tokens);
      assert.equal(mine.statusCode, 201, mine.body);
      assert.equal(mine.json().createdBy, farmer.user.id);
      assert.deepEqual(
        (await list(own, '', farmer.tokens)).items.map((e) => e.id),
        [mine.json().id],
      );
      assert.equal(
        (await post(`/v1/fields/${theirs}/irrigations`, { date: dayFromToday(-1), depthMm: 10 }, farmer.tokens)).statusCode,
        404,
      );
      assert.equal((await get(`/v1/fields/${theirs}/irrigations`, farmer.tokens)).statusCode, 404);
      assert.equal((await get(`/v1/irrigations/${staffEvent.id}`, farmer.tokens)).statusCode, 404);
      assert.equal((await del(`/v1/irrigations/${staffEvent.id}`, farmer.tokens)).statusCode, 404);
      assert.equal((await del(`/v1/irrigations/${mine.json().id}`, farmer.tokens)).statusCode, 204);
      assert.equal((await get(`/v1/irrigations/${staffEvent.id}`, place.tokens)).statusCode, 200);
    });

    it("the advisory's water balance counts recorded irrigation and gauge rain, and forgets a deleted one", async () => {
      // Wheat sown 40 days ago: the balance looks back its 30 days over the offline twin's weather.
      const field = await newField(tenant.tokens, {
        lat: 20.5,
        crop: { crop: 'wheat', season: 'rabi', sowingDate: dayFromToday(-40) },
      });
      const advise = async (language = 'en') => {
        const response = await get(`/v1/fields/${field}/advisories`, tenant.tokens, { 'accept-language': language });
        assert.equal(response.statusCode, 200, response.body);
        const advisory = response.json();
        return {
          irrigation: advisory.irrigation as Irrigation,
          days: advisory.days as { date: string; rainMm: number; et0Mm: number; etcMm: number }[],
          today: advisory.today as string,
        };
      };
      const before = await advise();
      assert.notEqual(before.irrigation.action, 'unavailable', before.irrigation.text);
      assert.equal(before.irrigation.lastIrrigation, null);
      assert.equal(before.irrigation.recordedEventsCounted, 0);
      if (before.irrigation.startsFrom !== 'refill') {
        assert.equal(before.irrigation.balanceStartsOn, dayFromToday(-30));
        assert.equal(before.irrigation.startsFrom, 'look-back-limit');
        assert.match(before.irrigation.assumption, /taken to be at field capacity/);
      }

      // 200 mm yesterday is more than the root zone holds (TAW) plus a day's ETc: by Eq. 85–88 the
      // depletion is 0 at the end of yesterday whatever it was, the rest percolating, and today's
      // depletion is today's ETc less today's effective rain (Ks = 1 below RAW).
      const yesterday = dayFromToday(-1);
      assert.ok(before.irrigation.totalAvailableWaterMm + 10 < 200);
      const big = (await post(`/v1/fields/${field}/irrigations`, { date: yesterday, depthMm: 200 })).json();
      const refilled = await advise();
      assert.equal(refilled.irrigation.startsFrom, 'refill');
      assert.equal(refilled.irrigation.refilledOn, yesterday);
      assert.deepEqual(refilled.irrigation.lastIrrigation, { date: yesterday, depthMm: 200, counted: true });
      assert.equal(refilled.irrigation.recordedEventsCounted, 1);
      assert.match(refilled.irrigation.assumption, /at field capacity at the end of/);
      assert.match(refilled.irrigation.text, /Last recorded irrigation: 200 mm on .*counted in the water balance\./);
      const today = refilled.days.find((d) => d.date === refilled.today)!;
      const effectiveRain = today.rainMm < 0.2 * today.et0Mm ? 0 : today.rainMm;
      const expected = Math.max(0, today.etcMm - effectiveRain);
      assert.ok(Math.abs(refilled.irrigation.depletionMm - expected) <= 0.06, `${refilled.irrigation.depletionMm} vs ${expected}`);
      assert.ok(refilled.irrigation.depletionMm <= before.irrigation.depletionMm);
      const hindi = await advise('hi');
      assert.match(hindi.irrigation.text, /अंतिम दर्ज सिंचाई: .* 200 मिमी/);

      // A mistaken entry deleted is no longer counted: the advice is what it was before it.
      assert.equal((await del(`/v1/irrigations/${big.id}`)).statusCode, 204);
      assert.deepEqual((await advise()).irrigation, before.irrigation);

      // Rain read from the field's gauge stands in for the weather's rain that day: 200 mm refills too.
      const gauge = (await post(`/v1/fields/${field}/irrigations`, { date: yesterday, depthMm: 200, kind: 'rain' })).json();
      const rained = await advise();
      assert.equal(rained.irrigation.startsFrom, 'refill');
      assert.equal(rained.irrigation.refilledOn, yesterday);
      assert.equal(rained.irrigation.lastIrrigation, null, 'rain is not an irrigation');
      assert.equal(rained.irrigation.depletionMm, refilled.irrigation.depletionMm);
      assert.equal((await del(`/v1/irrigations/${gauge.id}`)).statusCode, 204);

      // An irrigation older than the 30 days the balance counts is named, but not counted.
      await post(`/v1/fields/${field}/irrigations`, { date: dayFromToday(-35), depthMm: 60 });
      const old = await advise();
      assert.deepEqual(old.irrigation.lastIrrigation, { date: dayFromToday(-35), depthMm: 60, counted: false });
      assert.equal(old.irrigation.recordedEventsCounted, 0);
      assert.equal(old.irrigation.depletionMm, before.irrigation.depletionMm);
      assert.match(old.irrigation.text, /before the 30 days the water balance counts/);
    });
  });
}
