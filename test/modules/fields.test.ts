import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Polygon, Position } from 'geojson';
import { buildTestApp, type TestApp } from '../support/app.js';
import { addMember, bearer, createTenant, type TestTenant, type TokenSet } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';

/** Fields: measured boundaries, geometry rules, overlap warnings, spatial filters, isolation and the farmer scope. */

/** A square of `sideM` metres centred on (lat, lon), from the WGS84 lengths of a degree there. */
function square(lat: number, lon: number, sideM: number): Polygon {
  const phi = (lat * Math.PI) / 180;
  const mPerLat = 111132.92 - 559.82 * Math.cos(2 * phi) + 1.175 * Math.cos(4 * phi);
  const mPerLon = 111412.84 * Math.cos(phi) - 93.5 * Math.cos(3 * phi) + 0.118 * Math.cos(5 * phi);
  const dLat = sideM / mPerLat / 2;
  const dLon = sideM / mPerLon / 2;
  const ring: Position[] = [
    [lon - dLon, lat - dLat],
    [lon + dLon, lat - dLat],
    [lon + dLon, lat + dLat],
    [lon - dLon, lat + dLat],
    [lon - dLon, lat - dLat],
  ];
  return { type: 'Polygon', coordinates: [ring] };
}

const ring = (polygon: Polygon) => polygon.coordinates[0]!;

interface Problem {
  errors: { path: string; message: string }[];
  rules: string[];
}

for (const mode of storageModes) {
  describe(`fields (${mode.name})`, () => {
    let t: TestApp;
    let tenant: TestTenant;
    let other: TestTenant;

    before(async () => {
      t = await buildTestApp(mode);
      tenant = await createTenant(t.app);
      other = await createTenant(t.app);
    });
    after(async () => t?.close());

    const post = (url: string, payload: Record<string, unknown>, tokens: TokenSet = tenant.tokens) =>
      t.app.inject({ method: 'POST', url, headers: bearer(tokens), payload });
    const get = (url: string, tokens: TokenSet = tenant.tokens, headers: Record<string, string> = {}) =>
      t.app.inject({ url, headers: { ...bearer(tokens), ...headers } });

    async function farm(tokens: TokenSet = tenant.tokens, farmerUserId?: string) {
      const farmer = await post(
        '/v1/farmers',
        { name: 'Field Owner', state: 'Maharashtra', ...(farmerUserId ? { userId: farmerUserId } : {}) },
        tokens,
      );
      assert.equal(farmer.statusCode, 201, farmer.body);
      const created = await post('/v1/farms', { farmerId: farmer.json().id, name: 'Home farm' }, tokens);
      assert.equal(created.statusCode, 201, created.body);
      return { farmerId: farmer.json().id as string, farmId: created.json().id as string };
    }

    async function field(farmId: string, boundary: Polygon, name = 'Field', tokens: TokenSet = tenant.tokens) {
      const response = await post('/v1/fields', { farmId, name, boundary }, tokens);
      assert.equal(response.statusCode, 201, response.body);
      return response.json();
    }

    async function refused(farmId: string, boundary: unknown) {
      const response = await post('/v1/fields', { farmId, name: 'Bad', boundary });
      assert.equal(response.statusCode, 422, response.body);
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
      return response.json() as Problem;
    }

    it('measures a drawn field: geodesic area of a 1 ha square near 21°N 78°E, centroid and bbox', async () => {
      const { farmId, farmerId } = await farm();
      const boundary = square(21, 78, 100);
      const response = await post('/v1/fields', { farmId, name: 'North plot', boundary });
      assert.equal(response.statusCode, 201, response.body);
      const created = response.json();
      assert.ok(Math.abs(created.areaHa - 1) < 0.001, `areaHa ${created.areaHa}`);
      assert.equal(created.areaHa, Number(created.areaHa.toFixed(4)), 'rounded to 4 decimals');
      assert.ok(Math.abs(created.centroid.lat - 21) < 1e-6 && Math.abs(created.centroid.lon - 78) < 1e-6, JSON.stringify(created.centroid));
      const [west, south] = ring(boundary)[0]!;
      const [east, north] = ring(boundary)[2]!;
      assert.deepEqual(created.bbox, [west, south, east, north]);
      assert.equal(created.farmerId, farmerId);
      assert.deepEqual(created.warnings, []);
      assert.equal(response.headers.etag, '"v1"');
      assert.equal(response.headers.location, `/v1/fields/${created.id}`);

      const read = await get(`/v1/fields/${created.id}`);
      assert.equal(read.statusCode, 200);
      assert.deepEqual(read.json().boundary, boundary);
      assert.equal(read.json().areaHa, created.areaHa);
      assert.equal((await get(`/v1/fields/${created.id}`, tenant.tokens, { 'if-none-match': '"v1"' })).statusCode, 304);
    });

    it('refuses invalid geometry with 422 naming the rule and pointing into the body', async () => {
      const { farmId } = await farm();
      const box = ring(square(21, 78, 200));
      const [sw, se, ne, nw] = box as [Position, Position, Position, Position];

      const bowTie = await refused(farmId, { type: 'Polygon', coordinates: [[sw, ne, se, nw, sw]] });
      assert.deepEqual(bowTie.rules, ['self_intersection']);
      assert.ok(
        bowTie.errors.every((e) => e.path.startsWith('body.boundary.coordinates[0]')),
        JSON.stringify(bowTie.errors),
      );

      const open = await refused(farmId, { type: 'Polygon', coordinates: [[sw, se, ne, nw]] });
      assert.deepEqual(open.rules, ['ring_not_closed']);
      assert.equal(open.errors[0]!.path, 'body.boundary.coordinates[0][3]');

      const swapped = await refused(farmId, { type: 'Polygon', coordinates: [box.map(([lon, lat]) => [lat!, lon!])] });
      assert.deepEqual(swapped.rules, ['outside_india']);
      assert.match(swapped.errors[0]!.message, /swapped/);

      const huge = await refused(farmId, square(21, 78, Math.sqrt(20_000 * 10_000)));
      assert.deepEqual(huge.rules, ['area_out_of_range']);
      assert.match(huge.errors[0]!.message, /10000 ha/);

      const tiny = await refused(farmId, square(21, 78, 5));
      assert.deepEqual(tiny.rules, ['area_out_of_range']);

      const outOfRange = await refused(farmId, {
        type: 'Polygon',
        coordinates: [
          [
            [78, 21],
            [200, 21],
            [78, 95],
            [78, 21],
          ],
        ],
      });
      assert.deepEqual(outOfRange.rules, ['coordinates_out_of_range']);
      assert.deepEqual(
        outOfRange.errors.map((e) => e.path),
        ['body.boundary.coordinates[0][1]', 'body.boundary.coordinates[0][2]'],
      );

      const point = await refused(farmId, { type: 'Point', coordinates: [78, 21] });
      assert.deepEqual(point.rules, ['not_geojson']);
      assert.equal(point.errors[0]!.path, 'body.boundary.type');

      const list = (await get(`/v1/fields?farmId=${farmId}`)).json();
      assert.deepEqual(list.items, [], 'nothing stored');
    });

    it('a tenant that works abroad may allow boundaries outside India', async () => {
      const abroad = await createTenant(t.app);
      const { farmId } = await farm(abroad.tokens);
      const kenya = square(-1.29, 36.82, 150);
      assert.equal((await post('/v1/fields', { farmId, name: 'Nairobi plot', boundary: kenya }, abroad.tokens)).statusCode, 422);
      await t.app.resources.db.platform((tx) =>
        tx.query(`UPDATE tenants SET settings = settings || '{"allowOutsideIndia": true}' WHERE id = $1`, [abroad.id]),
      );
      const created = await field(farmId, kenya, 'Nairobi plot', abroad.tokens);
      assert.ok(Math.abs(created.areaHa - 2.25) < 0.002, `areaHa ${created.areaHa}`);
    });

    it('stores an overlapping field of the same farm with a warning; neighbours and other farms do not warn', async () => {
      const { farmId } = await farm();
      const first = await field(farmId, square(21.5, 78.5, 100), 'East');
      const overlapping = await field(farmId, square(21.5, 78.5005, 100), 'East again');
      assert.deepEqual(
        overlapping.warnings.map((w: { code: string; fieldId: string }) => [w.code, w.fieldId]),
        [['overlaps_field', first.id]],
      );
      assert.match(overlapping.warnings[0].message, /East/);

      // The neighbour to the north shares the first field's northern edge exactly.
      const [sw, , ne, nw] = ring(square(21.5, 78.5, 100)) as [Position, Position, Position, Position];
      const height = nw[1]! - sw[1]!;
      const north: Polygon = { type: 'Polygon', coordinates: [[nw, ne, [ne[0]!, ne[1]! + height], [nw[0]!, nw[1]! + height], nw]] };
      const neighbour = await post('/v1/fields', { farmId, name: 'North neighbour', boundary: north });
      assert.equal(neighbour.statusCode, 201, neighbour.body);
      assert.deepEqual(neighbour.json().warnings, []);

      const elsewhere = await farm();
      assert.deepEqual((await field(elsewhere.farmId, square(21.5, 78.5, 100), 'Same spot, other farm')).warnings, []);

      // Redrawing onto the first field warns as well; moving it away clears the warning.
      const redrawn = await t.app.inject({
        method: 'PATCH',
        url: `/v1/fields/${neighbour.json().id}`,
        headers: bearer(tenant.tokens),
        payload: { boundary: square(21.5, 78.5, 50) },
      });
      assert.equal(redrawn.statusCode, 200, redrawn.body);
      assert.deepEqual(new Set(redrawn.json().warnings.map((w: { fieldId: string }) => w.fieldId)), new Set([first.id, overlapping.id]));
    });

    it('a retried offline create returns the first record; another tenant may use the same id for its own field', async () => {
      const { farmId } = await farm();
      const id = '01930000-0000-7000-8000-0000000f1e1d';
      const payload = { id, farmId, name: 'Offline field', boundary: square(22, 77, 120) };
      const first = await post('/v1/fields', payload);
      const retry = await post('/v1/fields', payload);
      assert.equal(first.statusCode, 201, first.body);
      assert.equal(retry.statusCode, 200, retry.body);
      assert.deepEqual(retry.json() as object, first.json() as object);
      const foreign = await farm(other.tokens);
      // Ids are unique per tenant: the answer must not tell the other tenant that this one uses the id.
      assert.equal((await post('/v1/fields', { ...payload, farmId: foreign.farmId }, other.tokens)).statusCode, 201);
    });

    it("names farmId when the farm is unknown or another tenant's (422)", async () => {
      const foreign = await farm(other.tokens);
      for (const farmId of [foreign.farmId, '01930000-0000-7000-8000-000000000bad']) {
        const response = await post('/v1/fields', { farmId, name: 'Nowhere', boundary: square(21, 78, 100) });
        assert.equal(response.statusCode, 422, response.body);
        assert.deepEqual(
          response.json().errors.map((e: { path: string }) => e.path),
          ['body.farmId'],
        );
      }
    });

    it('renames and redraws with If-Match; a stale edit gets 412 with the current record; delete', async () => {
      const { farmId } = await farm();
      const created = await field(farmId, square(23, 79, 100), 'Old name');
      const url = `/v1/fields/${created.id}`;
      const patch = (payload: Record<string, unknown>, etag?: string) =>
        t.app.inject({ method: 'PATCH', url, headers: { ...bearer(tenant.tokens), ...(etag ? { 'if-match': etag } : {}) }, payload });

      const renamed = await patch({ name: 'New name' }, '"v1"');
      assert.equal(renamed.statusCode, 200, renamed.body);
      assert.equal(renamed.json().version, 2);
      assert.equal(renamed.json().areaHa, created.areaHa);
      assert.equal(renamed.headers.etag, '"v2"');

      const stale = await patch({ name: 'Lost edit' }, '"v1"');
      assert.equal(stale.statusCode, 412);
      assert.equal(stale.json().current.name, 'New name');
      assert.equal(stale.json().current.version, 2);

      const redrawn = await patch({ boundary: square(23, 79, 200) }, '"v2"');
      assert.equal(redrawn.statusCode, 200, redrawn.body);
      assert.ok(Math.abs(redrawn.json().areaHa - 4) < 0.004, `areaHa ${redrawn.json().areaHa}`);
      assert.equal(redrawn.json().version, 3);
      assert.equal(
        (
          await patch({
            boundary: {
              type: 'Polygon',
              coordinates: [
                [
                  [79, 23],
                  [79.001, 23],
                  [79, 23.001],
                ],
              ],
            },
          })
        ).statusCode,
        422,
      );
      assert.equal((await get(url)).json().version, 3, 'a refused redraw changes nothing');

      const staleDelete = await t.app.inject({ method: 'DELETE', url, headers: { ...bearer(tenant.tokens), 'if-match': '"v1"' } });
      assert.equal(staleDelete.statusCode, 412);
      const deleted = await t.app.inject({ method: 'DELETE', url, headers: { ...bearer(tenant.tokens), 'if-match': '"v3"' } });
      assert.equal(deleted.statusCode, 204);
      assert.equal((await get(url)).statusCode, 404);
    });

    it('filters by farm, farmer and bounding box, paging by name', async () => {
      const place = await createTenant(t.app);
      const a = await farm(place.tokens);
      const b = await farm(place.tokens);
      const nagpur = await field(a.farmId, square(21.15, 79.09, 100), 'Nagpur', place.tokens);
      const wardha = await field(a.farmId, square(20.74, 78.6, 100), 'Wardha', place.tokens);
      const pune = await field(b.farmId, square(18.52, 73.86, 100), 'Pune', place.tokens);
      const names = async (query: string) => {
        const response = await get(`/v1/fields?${query}`, place.tokens);
        assert.equal(response.statusCode, 200, response.body);
        return response.json().items.map((f: { name: string }) => f.name);
      };
      assert.deepEqual(await names(`farmId=${a.farmId}`), ['Nagpur', 'Wardha']);
      assert.deepEqual(await names(`farmerId=${b.farmerId}`), ['Pune']);
      assert.deepEqual(await names('bbox=78,20,80,22'), ['Nagpur', 'Wardha']);
      assert.deepEqual(await names('bbox=79.0,21.0,79.0902,21.2'), ['Nagpur'], "a box touching the field's box finds it");
      assert.deepEqual(await names(`bbox=70,15,80,25&farmerId=${b.farmerId}`), ['Pune']);
      assert.deepEqual(await names('bbox=60,10,65,12'), []);

      const page1 = (await get('/v1/fields?limit=2', place.tokens)).json();
      assert.deepEqual(
        page1.items.map((f: { id: string }) => f.id),
        [nagpur.id, pune.id],
      );
      const page2 = (await get(`/v1/fields?limit=2&cursor=${page1.nextCursor}`, place.tokens)).json();
      assert.deepEqual(
        page2.items.map((f: { id: string }) => f.id),
        [wardha.id],
      );
      assert.equal(page2.nextCursor, null);
    });

    it('finds fields near a point, nearest first with distanceKm, within radiusKm ≤ 100', async () => {
      const place = await createTenant(t.app);
      const { farmId } = await farm(place.tokens);
      const near = await field(farmId, square(21.0, 78.0, 100), 'At the point', place.tokens);
      const ten = await field(farmId, square(21.09, 78.0, 100), 'Ten km north', place.tokens);
      const fifty = await field(farmId, square(21.0, 78.48, 100), 'Fifty km east', place.tokens);
      await field(farmId, square(22.5, 78.0, 100), 'Far north', place.tokens);
      const query = async (q: string) => {
        const response = await get(`/v1/fields?${q}`, place.tokens);
        assert.equal(response.statusCode, 200, response.body);
        return response.json();
      };
      const within20 = await query('near=21.0,78.0&radiusKm=20');
      assert.deepEqual(
        within20.items.map((f: { id: string }) => f.id),
        [near.id, ten.id],
      );
      assert.ok(within20.items[0].distanceKm < 0.01);
      assert.ok(Math.abs(within20.items[1].distanceKm - 9.96) < 0.05, `distance ${within20.items[1].distanceKm}`);

      const within100 = await query('near=21.0,78.0&radiusKm=100&limit=2');
      assert.deepEqual(
        within100.items.map((f: { id: string }) => f.id),
        [near.id, ten.id],
      );
      const rest = await query(`near=21.0,78.0&radiusKm=100&limit=2&cursor=${within100.nextCursor}`);
      assert.deepEqual(
        rest.items.map((f: { id: string }) => f.id),
        [fifty.id],
      );
      assert.ok(Math.abs(rest.items[0].distanceKm - 49.8) < 0.5, `distance ${rest.items[0].distanceKm}`);
      assert.equal(rest.nextCursor, null);

      // A radius just short of the field's centroid leaves it out: the test is exact, not the box.
      const justShort = await query(`near=21.0,78.0&radiusKm=${(rest.items[0].distanceKm - 0.01).toFixed(3)}`);
      assert.ok(!justShort.items.some((f: { id: string }) => f.id === fifty.id));
    });

    it('answers 422 naming the parameter for malformed bbox, near or radiusKm', async () => {
      const cases: [string, string][] = [
        ['bbox=78,20,80', 'query.bbox'],
        ['bbox=80,20,78,22', 'query.bbox'],
        ['bbox=a,b,c,d', 'query.bbox'],
        ['bbox=78,20,80,95', 'query.bbox'],
        ['near=21', 'query.near'],
        ['near=95,78', 'query.near'],
        ['near=21,east', 'query.near'],
        ['near=21,78&radiusKm=500', 'query.radiusKm'],
        ['near=21,78&radiusKm=0', 'query.radiusKm'],
        ['radiusKm=5', 'query.radiusKm'],
      ];
      for (const [query, path] of cases) {
        const response = await get(`/v1/fields?${query}`);
        assert.equal(response.statusCode, 422, `${query}: ${response.body}`);
        assert.deepEqual(
          response.json().errors.map((e: { path: string }) => e.path),
          [path],
          query,
        );
      }
    });

    it('another tenant gets 404 on the field and lists none of it', async () => {
      const { farmId } = await farm();
      const mine = await field(farmId, square(24, 80, 100), 'Private');
      const url = `/v1/fields/${mine.id}`;
      assert.equal((await get(url, other.tokens)).statusCode, 404);
      assert.equal(
        (await t.app.inject({ method: 'PATCH', url, headers: bearer(other.tokens), payload: { name: 'Taken' } })).statusCode,
        404,
      );
      assert.equal((await t.app.inject({ method: 'DELETE', url, headers: bearer(other.tokens) })).statusCode, 404);
      const theirs = (await get('/v1/fields?limit=200', other.tokens)).json();
      assert.ok(!theirs.items.some((f: { id: string }) => f.id === mine.id));
      assert.deepEqual((await get(`/v1/fields?farmId=${farmId}`, other.tokens)).json().items, []);
      assert.deepEqual((await get('/v1/fields?near=24,80&radiusKm=5', other.tokens)).json().items, []);
      assert.equal((await get(url)).json().name, 'Private');
    });

    it('a farmer sees only their own fields and may not write', async () => {
      const place = await createTenant(t.app);
      const member = await addMember(t.app, place, 'farmer');
      const own = await farm(place.tokens, member.user.id);
      const theirs = await farm(place.tokens);
      const ownField = await field(own.farmId, square(25, 81, 100), 'Own', place.tokens);
      const otherField = await field(theirs.farmId, square(25, 81.01, 100), 'Not own', place.tokens);

      assert.equal((await get(`/v1/fields/${ownField.id}`, member.tokens)).statusCode, 200);
      assert.equal((await get(`/v1/fields/${otherField.id}`, member.tokens)).statusCode, 404);
      const listed = (await get('/v1/fields', member.tokens)).json();
      assert.deepEqual(
        listed.items.map((f: { id: string }) => f.id),
        [ownField.id],
      );
      assert.deepEqual(
        (await get('/v1/fields?near=25,81&radiusKm=10', member.tokens)).json().items.map((f: { id: string }) => f.id),
        [ownField.id],
      );
      assert.deepEqual((await get(`/v1/fields?farmerId=${theirs.farmerId}`, member.tokens)).json().items, []);

      assert.equal(
        (await post('/v1/fields', { farmId: own.farmId, name: 'Mine too', boundary: square(25, 81.02, 100) }, member.tokens)).statusCode,
        403,
      );
      assert.equal(
        (
          await t.app.inject({
            method: 'PATCH',
            url: `/v1/fields/${ownField.id}`,
            headers: bearer(member.tokens),
            payload: { name: 'Renamed' },
          })
        ).statusCode,
        403,
      );
      assert.equal(
        (await t.app.inject({ method: 'DELETE', url: `/v1/fields/${ownField.id}`, headers: bearer(member.tokens) })).statusCode,
        403,
      );
    });
  });
}
