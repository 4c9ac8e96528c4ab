import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { buildTestApp, type TestApp } from '../support/app.js';
import { bearer, createTenant, type TestTenant } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';

/** Positions near and far from India, sane and absurd. */
const position = fc.oneof(
  fc.tuple(fc.double({ min: 68, max: 97.5, noNaN: true }), fc.double({ min: 6.5, max: 37.5, noNaN: true })),
  fc.tuple(fc.double({ noNaN: false }), fc.double({ noNaN: false })),
  fc.array(fc.oneof(fc.double(), fc.string(), fc.constant(null)), { maxLength: 4 }),
);
const ring = fc.array(position, { maxLength: 12 });
/** A small closed random polygon around an Indian point: valid, self-crossing or degenerate. */
const closedRing = fc
  .tuple(
    fc.double({ min: 8, max: 35, noNaN: true }),
    fc.double({ min: 70, max: 95, noNaN: true }),
    fc.array(fc.tuple(fc.double({ min: -0.01, max: 0.01, noNaN: true }), fc.double({ min: -0.01, max: 0.01, noNaN: true })), {
      minLength: 3,
      maxLength: 9,
    }),
  )
  .map(([lat, lon, offsets]) => {
    const points = offsets.map(([dLon, dLat]) => [lon + dLon, lat + dLat]);
    return [...points, points[0]!];
  });
/** A convex polygon (points on a circle, in angle order) of a few hundred metres: a plausible field. */
const convexRing = fc
  .tuple(
    fc.double({ min: 8, max: 35, noNaN: true }),
    fc.double({ min: 70, max: 95, noNaN: true }),
    fc.double({ min: 0.0006, max: 0.004, noNaN: true }),
    fc.uniqueArray(fc.integer({ min: 0, max: 359 }), { minLength: 3, maxLength: 12 }),
  )
  .map(([lat, lon, radius, degrees]) => {
    const points = [...degrees]
      .sort((a, b) => a - b)
      .map((d) => [lon + radius * Math.cos((d * Math.PI) / 180), lat + radius * Math.sin((d * Math.PI) / 180)]);
    return [...points, points[0]!];
  });
/**
 * Any value, without the two keys a JSON body may not hold at all (`__proto__`, `constructor`):
 * such bodies are refused with 400 before any route sees them (test/http/errors.test.ts).
 */
const anyValue = fc.anything({ key: fc.string().filter((key) => key !== '__proto__' && key !== 'constructor') });
/** Text with a NUL character somewhere (PostgreSQL stores no text with one): refused with 422 at the edge. */
const withNul = fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })).map(([a, b]) => `${a}\u0000${b}`);
/** Values that hold a NUL character in a string or in a property name, somewhere inside. */
const nulValue = fc.oneof(
  withNul,
  fc.array(fc.oneof(fc.double(), withNul), { minLength: 1, maxLength: 4 }).map((items) => [...items, '\u0000']),
  fc.tuple(withNul, anyValue).map(([key, value]) => ({ [key]: value })),
);
const boundary = fc.oneof(
  fc.record({ type: fc.constant('Polygon'), coordinates: fc.tuple(convexRing) }),
  fc.record({ type: fc.constant('Polygon'), coordinates: fc.array(fc.oneof(ring, closedRing), { maxLength: 3 }) }),
  fc.record({
    type: fc.constant('MultiPolygon'),
    coordinates: fc.array(fc.array(fc.oneof(ring, closedRing), { maxLength: 2 }), { maxLength: 3 }),
  }),
  fc.record({ type: fc.constantFrom('Polygon', 'Point', 'LineString', 'Feature'), coordinates: anyValue }),
  fc.record({ type: fc.constantFrom('Polygon', 'Polygon\u0000'), coordinates: fc.oneof(nulValue, fc.tuple(closedRing, nulValue)) }),
  anyValue,
);
/** A field's name: usually plain, sometimes with a NUL character. */
const fieldName = fc.oneof({ weight: 4, arbitrary: fc.constant('Random') }, { weight: 1, arbitrary: withNul });

/**
 * The body as JSON text in which an infinite number is written as 1e309 (JSON has no Infinity,
 * JSON.stringify writes null, but a parser reads 1e309 as Infinity).
 */
const jsonText = (body: unknown) =>
  JSON.stringify(body, (_key, value) => (value === Infinity || value === -Infinity ? `<${value}>` : value))
    .replaceAll('"<Infinity>"', '1e309')
    .replaceAll('"<-Infinity>"', '-1e309');

/** A query parameter's value: non-finite spellings, text with a NUL character, numbers sane and absurd. */
const queryValue = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom('Infinity', '-Infinity', '1e309', '-1e309') },
  { weight: 2, arbitrary: withNul },
  { weight: 1, arbitrary: fc.constantFrom('NaN', '1e-400', '') },
  { weight: 1, arbitrary: fc.integer({ min: -5, max: 300 }).map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
/** A sane value, an absurd one, or none, by weight: a query of five absurd values teaches little. */
const someOf = (sane: fc.Arbitrary<string>, [none, good, absurd]: [number, number, number]) =>
  fc.oneof(
    { weight: none, arbitrary: fc.constant(undefined) },
    { weight: good, arbitrary: sane },
    { weight: absurd, arbitrary: queryValue },
  );
/**
 * Bytes that are not UTF-8: a byte that never occurs in it, a lone continuation byte, an overlong
 * encoding, a surrogate, a sequence cut short; each between random valid text.
 */
const brokenUtf8 = fc
  .tuple(
    fc.string({ maxLength: 6 }),
    fc.constantFrom([0xff], [0xfe], [0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe0, 0xa4], [0xf4, 0x90, 0x80, 0x80]),
    fc.string({ maxLength: 6 }),
  )
  .map(([before, bytes, after]) => ({ before, bytes: Uint8Array.from(bytes), after }));
/** The same bytes percent-encoded, as a query value. */
const percentEncoded = (bytes: Uint8Array) => [...bytes].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');

const near = fc.constant('19.9,73.8');
const fieldListQuery = fc
  .record({
    limit: someOf(fc.integer({ min: 1, max: 200 }).map(String), [2, 2, 3]),
    place: fc.oneof(
      { weight: 3, arbitrary: fc.constant({}) },
      { weight: 1, arbitrary: fc.record({ near: someOf(near, [0, 2, 1]) }) },
      { weight: 2, arbitrary: fc.record({ near, radiusKm: someOf(fc.constantFrom('1', '10', '99.5'), [0, 2, 1]) }) },
    ),
    bbox: someOf(fc.constant('73,19,74,20'), [3, 1, 1]),
    cursor: someOf(fc.constant(''), [6, 0, 1]),
  })
  .map(({ place, ...rest }) =>
    Object.fromEntries(Object.entries({ ...rest, ...place }).filter((entry): entry is [string, string] => entry[1] !== undefined)),
  );

for (const mode of storageModes) {
  describe(`random field boundaries through the API (${mode.name})`, () => {
    let t: TestApp;
    let tenant: TestTenant;
    let farmId: string;
    before(async () => {
      t = await buildTestApp(mode);
      tenant = await createTenant(t.app);
      const farmer = (
        await t.app.inject({
          method: 'POST',
          url: '/v1/farmers',
          headers: bearer(tenant.tokens),
          payload: { name: 'Property', state: 'Bihar' },
        })
      ).json();
      farmId = (
        await t.app.inject({
          method: 'POST',
          url: '/v1/farms',
          headers: bearer(tenant.tokens),
          payload: { farmerId: farmer.id, name: 'Farm' },
        })
      ).json().id;
    });
    after(async () => t?.close());

    it('never answer 5xx: 201 with measures, or 422 naming the rule', async () => {
      const statuses: Record<number, number> = {};
      await fc.assert(
        fc.asyncProperty(boundary, fieldName, async (candidate, name) => {
          const response = await t.app.inject({
            method: 'POST',
            url: '/v1/fields',
            headers: { ...bearer(tenant.tokens), 'content-type': 'application/json' },
            payload: jsonText({ farmId, name, boundary: candidate }),
          });
          assert.ok(response.statusCode === 201 || response.statusCode === 422, `${response.statusCode}: ${response.body.slice(0, 300)}`);
          statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
          if (response.statusCode === 201) {
            const field = response.json();
            assert.ok(field.areaHa >= 0.01 && field.areaHa <= 10_000);
          } else {
            assert.ok(response.json().errors.length > 0);
          }
        }),
        { numRuns: mode.name === 'embedded' ? 150 : 100 },
      );
      // The generators must reach both outcomes, or the property says little.
      assert.ok((statuses[201] ?? 0) > 0 && (statuses[422] ?? 0) > 0, JSON.stringify(statuses));
    });

    it('a body or query that is not UTF-8 is 400 naming it, never stored or searched with U+FFFD', async () => {
      const countFields = async () =>
        (await t.app.inject({ url: '/v1/fields?limit=200', headers: bearer(tenant.tokens) })).json().items.length;
      const before = await countFields();
      await fc.assert(
        fc.asyncProperty(brokenUtf8, convexRing, async ({ before: head, bytes, after: tail }, ring) => {
          const prefix = JSON.stringify({ farmId, boundary: { type: 'Polygon', coordinates: [ring] } }).slice(0, -1);
          const body = Buffer.concat([
            Buffer.from(`${prefix},"name":${JSON.stringify(head).slice(0, -1)}`),
            bytes,
            Buffer.from(`${JSON.stringify(tail).slice(1)}}`),
          ]);
          const created = await t.app.inject({
            method: 'POST',
            url: '/v1/fields',
            headers: { ...bearer(tenant.tokens), 'content-type': 'application/json' },
            payload: body,
          });
          assert.equal(created.statusCode, 400, created.body);
          assert.match(created.json().detail, /not valid UTF-8/);

          const value = `${encodeURIComponent(head)}${percentEncoded(bytes)}${encodeURIComponent(tail)}`;
          const listed = await t.app.inject({ url: `/v1/fields?cursor=${value}&limit=3`, headers: bearer(tenant.tokens) });
          assert.equal(listed.statusCode, 400, listed.body);
          assert.match(String(listed.headers['content-type']), /^application\/problem\+json/);
          assert.match(listed.json().detail, /query\.cursor is not valid percent-encoded UTF-8/);
        }),
        { numRuns: 60 },
      );
      assert.equal(await countFields(), before);
    });

    it('list filters never answer 5xx: 200, or a 4xx problem naming a query parameter', async () => {
      const statuses: Record<number, number> = {};
      await fc.assert(
        fc.asyncProperty(fieldListQuery, async (query) => {
          const response = await t.app.inject({ url: '/v1/fields', query, headers: bearer(tenant.tokens) });
          statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
          if (response.statusCode === 200) return;
          assert.ok(response.statusCode === 400 || response.statusCode === 422, `${response.statusCode}: ${response.body.slice(0, 300)}`);
          assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
          assert.match(response.json().detail, /limit|radiusKm|near|bbox|cursor/);
        }),
        { numRuns: mode.name === 'embedded' ? 150 : 100 },
      );
      assert.ok((statuses[200] ?? 0) > 0 && (statuses[422] ?? 0) > 0, JSON.stringify(statuses));
    });
  });
}
