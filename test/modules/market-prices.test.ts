import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { v7 as uuidv7 } from 'uuid';
import type { Role } from '../../src/auth/index.js';
import { createSampleSource } from '../../src/integrations/datagovin/index.js';
import type { BusEvent } from '../../src/infra/events/events.js';
import type { Db } from '../../src/infra/db/index.js';
import { distanceKm } from '../../src/lib/geometry/index.js';
import { ingestMarketPrices } from '../../src/modules/markets/ingestion.js';
import { createDistrictLocator, districtSpellings, placeAllMarkets } from '../../src/modules/markets/market-places.js';
import { marketingYearOf } from '../../src/modules/markets/msp-on-date.js';
import { round2, trendPoints, windowChange } from '../../src/modules/markets/trend-math.js';
import { asPrincipal, buildTestApp, type TestApp } from '../support/app.js';
import { plot } from '../support/geometry.js';
import { bearer, createTenant, type TestTenant } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';
import { paddyRecord } from '../support/agmarknet.js';

/**
 * Mandi price queries: the listing with its filters and names (codes, Agmarknet spellings, places
 * as Agmarknet or the gazetteer writes them, case ignored) and its pages, newest first; trends equal
 * to moving averages worked out by hand below; markets placed at their district's point and ordered
 * by distance; best markets for a field with every term of the ranking; the 422s; who may read; and
 * price alert rules that stay in their tenant and raise market.price_threshold on a crossing only.
 */

interface SeedMarket {
  state: string;
  district: string;
  name: string;
  /** The mandi's own point, when the test places it exactly. */
  at?: [lat: number, lon: number];
}

/** Markets and prices written as the ingestion would (platform role), then placed like after a run. */
async function seed(
  db: Db,
  markets: Record<string, SeedMarket>,
  prices: [market: string, commodity: string, agmarknet: string, variety: string, date: string, modal: number][],
) {
  const ids: Record<string, string> = {};
  await db.platform(async (tx) => {
    for (const [key, m] of Object.entries(markets)) {
      ids[key] = uuidv7();
      await tx.query('INSERT INTO markets (id, state, district, name, lat, lon) VALUES ($1, $2, $3, $4, $5, $6)', [
        ids[key],
        m.state,
        m.district,
        m.name,
        m.at?.[0] ?? null,
        m.at?.[1] ?? null,
      ]);
    }
    for (const month of new Set(prices.map((p) => `${p[4].slice(0, 7)}-01`)))
      await tx.query('SELECT market_prices_partition($1::date)', [month]);
    const run = uuidv7();
    for (const [key, commodity, agmarknet, variety, date, modal] of prices) {
      const m = markets[key]!;
      await tx.query(
        `INSERT INTO market_prices (market_id, commodity, variety, grade, arrival_date, state, district, agmarknet_commodity,
           min_price_inr_per_quintal, max_price_inr_per_quintal, modal_price_inr_per_quintal, source, ingestion_run_id, fetched_at)
         VALUES ($1, $2, $3, 'FAQ', $4, $5, $6, $7, $8, $9, $10, 'agmarknet', $11, now())`,
        [ids[key], commodity, variety, date, m.state, m.district, agmarknet, modal - 100, modal + 100, modal, run],
      );
    }
  });
  await placeAllMarkets(db);
  return ids;
}

/**
 * The trend fixture: wheat in two Madhya Pradesh markets (A Gautampura in Indore, B Sagar), and
 * one Punjab market (C) on the last day only. Madhya Pradesh's daily means are
 *   02-01 2300 · 04-10 2410 · 04-11 2450 · 04-13 2480 · 04-16 2520 · 04-17 2470 (three records) · 04-19 2600 · 04-20 2540
 */
const MARKETS: Record<string, SeedMarket> = {
  A: { state: 'Madhya Pradesh', district: 'Indore', name: 'Gautampura' },
  B: { state: 'Madhya Pradesh', district: 'Sagar', name: 'Sagar' },
  C: { state: 'Punjab', district: 'Ludhiana', name: 'Khanna' },
  H: { state: 'Haryana', district: 'Hissar', name: 'Adampur' },
  X: { state: 'Chattisgarh', district: 'Durg', name: 'Durg' },
  // Best markets around a field at 22.70, 75.80 (the first three are placed exactly).
  N: { state: 'Madhya Pradesh', district: 'Dhar', name: 'Near Mandi', at: [22.7, 75.9] },
  F: { state: 'Madhya Pradesh', district: 'Dewas', name: 'Far Mandi', at: [22.7, 76.3] },
  G: { state: 'Madhya Pradesh', district: 'Shajapur', name: 'Farther Mandi', at: [22.7, 76.6] },
  O: { state: 'Madhya Pradesh', district: 'Bhopal', name: 'Outside Mandi', at: [22.7, 78.0] },
  S: { state: 'Madhya Pradesh', district: 'Dhar', name: 'Stale Mandi', at: [22.75, 75.85] },
  D: { state: 'Madhya Pradesh', district: 'Indore', name: 'Mhow' },
  U: { state: 'Rajasthan', district: 'Sanchore', name: 'Sanchore' },
};

const W = 'Wheat';
const PRICES: [string, string, string, string, string, number][] = [
  ['A', 'wheat', W, 'Lokwan', '2025-02-01', 2300],
  ['A', 'wheat', W, 'Lokwan', '2025-04-10', 2400],
  ['B', 'wheat', W, 'Lokwan', '2025-04-10', 2420],
  ['A', 'wheat', W, 'Lokwan', '2025-04-11', 2450],
  ['A', 'wheat', W, 'Lokwan', '2025-04-13', 2500],
  ['B', 'wheat', W, 'Lokwan', '2025-04-13', 2460],
  ['B', 'wheat', W, 'Lokwan', '2025-04-16', 2520],
  ['A', 'wheat', W, 'Lokwan', '2025-04-17', 2440],
  ['B', 'wheat', W, 'Lokwan', '2025-04-17', 2500],
  ['A', 'wheat', W, 'Sharbati', '2025-04-17', 2470],
  ['A', 'wheat', W, 'Lokwan', '2025-04-19', 2600],
  ['B', 'wheat', W, 'Lokwan', '2025-04-20', 2550],
  ['A', 'wheat', W, 'Lokwan', '2025-04-20', 2530],
  ['C', 'wheat', W, 'Dara', '2025-04-20', 2700],
  ['H', 'rapeseed_mustard', 'Mustard', 'Mustard', '2025-04-19', 5600],
  ['X', 'gram', 'Bengal Gram(Gram)(Whole)', 'Desi', '2025-04-18', 5500],
  // Maize for the best markets, on and before 2025-05-10.
  ['N', 'maize', 'Maize', 'Yellow', '2025-05-09', 2200],
  ['N', 'maize', 'Maize', 'Yellow', '2025-05-10', 2300],
  ['F', 'maize', 'Maize', 'Yellow', '2025-05-08', 2360],
  ['F', 'maize', 'Maize', 'Local', '2025-05-08', 2400],
  ['G', 'maize', 'Maize', 'Yellow', '2025-05-10', 2390],
  ['O', 'maize', 'Maize', 'Yellow', '2025-05-10', 3000],
  ['S', 'maize', 'Maize', 'Yellow', '2025-04-01', 2900],
  ['D', 'maize', 'Maize', 'Yellow', '2025-05-10', 2250],
  ['U', 'maize', 'Maize', 'Yellow', '2025-05-10', 2800],
];

/** The hand-worked trend of wheat in Madhya Pradesh, 2025-04-11 to 2025-04-20 (see the means above). */
const MP_TREND = [
  // date, daily mean, records, 7-day, 30-day, 90-day moving averages
  ['2025-04-11', 2450, 1, 2430, 2430, 2386.67], // ma90: (2300 + 2410 + 2450) / 3
  ['2025-04-12', null, 0, 2430, 2430, 2386.67],
  ['2025-04-13', 2480, 2, 2446.67, 2446.67, 2410], // ma7: (2410 + 2450 + 2480) / 3; ma90: 9640 / 4
  ['2025-04-14', null, 0, 2446.67, 2446.67, 2410],
  ['2025-04-15', null, 0, 2446.67, 2446.67, 2410],
  ['2025-04-16', 2520, 1, 2465, 2465, 2432], // ma7: 9860 / 4; ma90: 12160 / 5
  ['2025-04-17', 2470, 3, 2480, 2466, 2438.33], // ma7 from 04-11: 9920 / 4; ma30: 12330 / 5; ma90: 14630 / 6
  ['2025-04-18', null, 0, 2490, 2466, 2438.33], // ma7 from 04-12: (2480 + 2520 + 2470) / 3
  ['2025-04-19', 2600, 1, 2517.5, 2488.33, 2461.43], // ma7: 10070 / 4; ma30: 14930 / 6; ma90: 17230 / 7
  ['2025-04-20', 2540, 2, 2532.5, 2495.71, 2471.25], // ma7 from 04-14: 10130 / 4; ma30: 17470 / 7; ma90: 19770 / 8
] as const;

describe('trend arithmetic and marketing years (no database)', () => {
  it('moving averages over calendar days skip days without prices', () => {
    const totals = [
      { date: '2025-02-01', sumInrPerQuintal: 2300, count: 1 },
      { date: '2025-04-10', sumInrPerQuintal: 4820, count: 2 },
      { date: '2025-04-11', sumInrPerQuintal: 2450, count: 1 },
      { date: '2025-04-13', sumInrPerQuintal: 4960, count: 2 },
      { date: '2025-04-16', sumInrPerQuintal: 2520, count: 1 },
      { date: '2025-04-17', sumInrPerQuintal: 7410, count: 3 },
      { date: '2025-04-19', sumInrPerQuintal: 2600, count: 1 },
      { date: '2025-04-20', sumInrPerQuintal: 5080, count: 2 },
    ];
    const points = trendPoints(totals, '2025-04-11', '2025-04-20');
    assert.deepEqual(
      points.map((p) => [p.date, p.modalPriceInrPerQuintal, p.priceCount, p.ma7InrPerQuintal, p.ma30InrPerQuintal, p.ma90InrPerQuintal]),
      MP_TREND.map((r) => [...r]),
    );
    assert.deepEqual(windowChange(totals, '2025-04-11', '2025-04-20'), {
      fromDate: '2025-04-11',
      toDate: '2025-04-20',
      fromModalPriceInrPerQuintal: 2450,
      toModalPriceInrPerQuintal: 2540,
      changeInrPerQuintal: 90,
      changePct: 3.67,
    });
    assert.equal(windowChange(totals.slice(0, 1), '2025-02-01', '2025-02-01'), null, 'one priced day is no change');
    assert.equal(round2(2412.345), 2412.35);
    assert.equal(round2(-12.345), -12.35);
  });

  it('dates fall in the KMS, RMS, jute and copra years of reference/README.md', () => {
    assert.equal(marketingYearOf('kharif', '2025-09-30'), '2024-25');
    assert.equal(marketingYearOf('kharif', '2025-10-01'), '2025-26');
    assert.equal(marketingYearOf('rabi', '2026-03-31'), '2025-26');
    assert.equal(marketingYearOf('rabi', '2026-04-01'), '2026-27');
    assert.equal(marketingYearOf('jute_season', '2025-06-30'), '2024-25');
    assert.equal(marketingYearOf('jute_season', '2025-07-01'), '2025-26');
    assert.equal(marketingYearOf('calendar_year', '2025-12-31'), '2025');
    assert.equal(marketingYearOf('rabi', '2099-05-01'), '2099-00');
  });

  it("finds Agmarknet's districts in the gazetteer, or nowhere rather than somewhere wrong", () => {
    const locate = createDistrictLocator();
    const place = (state: string, district: string) => {
      const p = locate(state, district);
      return p ? `${p.state} / ${p.district}` : null;
    };
    assert.equal(place('Haryana', 'Hissar'), 'Haryana / Hisar');
    assert.equal(place('Uttrakhand', 'Haridwar'), 'Uttarakhand / Haridwar');
    assert.equal(place('Chattisgarh', 'Durg'), 'Chhattisgarh / Durg');
    assert.equal(place('Kerala', 'Kozhikode(Calicut)'), 'Kerala / Kozhikode');
    assert.equal(place('Haryana', 'Mahendragarh-Narnaul'), 'Haryana / Mahendragarh');
    assert.equal(place('Rajasthan', 'Jaipur Rural'), 'Rajasthan / Jaipur');
    assert.equal(place('Punjab', 'Tarntaran'), 'Punjab / Tarn Taran');
    assert.equal(place('Uttar Pradesh', 'Allahabad'), 'Uttar Pradesh / Prayagraj');
    assert.equal(place('NCT of Delhi', 'Delhi'), 'Delhi / Delhi');
    assert.equal(place('Maharashtra', 'Maharashtra'), null, 'a large state is no district');
    assert.equal(place('Rajasthan', 'Sanchore'), null, 'a district the gazetteer does not have');
    assert.equal(place('Atlantis', 'Indore'), null, 'no state, no district');
    assert.deepEqual(districtSpellings('Kozhikode(Calicut)'), ['kozhikodecalicut', 'kozhikode', 'calicut']);
  });
});

for (const mode of storageModes) {
  describe(`market price queries (${mode.name})`, () => {
    let t: TestApp;
    let ids: Record<string, string>;
    let tenant: TestTenant;
    const anyone = asPrincipal({ tenantId: null, role: 'user' });
    const get = async (url: string, headers: Record<string, string> = anyone) => {
      const response = await t.app.inject({ url, headers });
      return { status: response.statusCode, body: response.json() };
    };
    const trendOf = (
      points: {
        date: string;
        modalPriceInrPerQuintal: number | null;
        priceCount: number;
        ma7InrPerQuintal: number | null;
        ma30InrPerQuintal: number | null;
        ma90InrPerQuintal: number | null;
      }[],
    ) => points.map((p) => [p.date, p.modalPriceInrPerQuintal, p.priceCount, p.ma7InrPerQuintal, p.ma30InrPerQuintal, p.ma90InrPerQuintal]);

    before(async () => {
      t = await buildTestApp(mode);
      ids = await seed(t.app.resources.db, MARKETS, PRICES);
      tenant = await createTenant(t.app);
    });
    after(() => t.close());

    it('lists prices newest first, page by page, every record once', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const { status, body } = await get(`/v1/market-prices?commodity=wheat&limit=4${cursor ? `&cursor=${cursor}` : ''}`);
        assert.equal(status, 200);
        for (const item of body.items) seen.push(`${item.arrivalDate}|${item.market}|${item.variety}`);
        cursor = body.nextCursor;
        pages += 1;
      } while (cursor);
      const wheat = PRICES.filter((p) => p[1] === 'wheat');
      assert.equal(seen.length, wheat.length);
      assert.equal(new Set(seen).size, wheat.length);
      assert.equal(pages, Math.ceil(wheat.length / 4));
      const dates = seen.map((s) => s.slice(0, 10));
      assert.deepEqual(dates, [...dates].sort().reverse(), 'newest arrival date first');

      const { body } = await get('/v1/market-prices?commodity=wheat&market=khanna');
      assert.deepEqual(body.items, [
        {
          marketId: ids.C,
          market: 'Khanna',
          state: 'Punjab',
          district: 'Ludhiana',
          commodity: 'wheat',
          agmarknetCommodity: 'Wheat',
          variety: 'Dara',
          grade: 'FAQ',
          arrivalDate: '2025-04-20',
          minPriceInrPerQuintal: 2600,
          maxPriceInrPerQuintal: 2800,
          modalPriceInrPerQuintal: 2700,
          source: 'agmarknet',
          fetchedAt: body.items[0].fetchedAt,
        },
      ]);
      assert.equal(body.nextCursor, null);
    });

    it('takes the commodity as a code or an Agmarknet name and places by name, whatever the case or spelling', async () => {
      const count = async (query: string) => {
        const { status, body } = await get(`/v1/market-prices?limit=200&${query}`);
        assert.equal(status, 200, query);
        return body.items.length as number;
      };
      const wheat = PRICES.filter((p) => p[1] === 'wheat').length;
      assert.equal(await count('commodity=wheat'), wheat);
      assert.equal(await count('commodity=WHEAT'), wheat);
      assert.equal(await count('commodity=%20Wheat%20'), wheat);
      assert.equal(await count(`commodity=${encodeURIComponent('bengal gram(gram)(whole)')}`), 1, 'an Agmarknet name, case ignored');
      assert.equal(
        await count(`commodity=${encodeURIComponent('Bengal Gram (Gram) (Whole)')}`),
        1,
        'spaces ignored as the ingestion ignores them',
      );
      assert.equal(await count('commodity=gram'), 1);
      assert.equal(await count('commodity=mustard'), 1, 'Mustard is an Agmarknet name of rapeseed_mustard');
      assert.equal(await count('commodity=wheat&state=madhya%20pradesh'), wheat - 1);
      assert.equal(await count('commodity=wheat&district=SAGAR'), 5);
      assert.equal(await count('commodity=wheat&market=GAUTAMPURA'), 8);
      assert.equal(await count('commodity=wheat&state=madhya%20pradesh&district=indore&market=gautampura'), 8);
      assert.equal(await count('district=hisar'), 1, "the gazetteer's spelling of Agmarknet's Hissar");
      assert.equal(await count('district=Hissar'), 1);
      assert.equal(await count('state=chhattisgarh'), 1, "the gazetteer's spelling of Agmarknet's Chattisgarh");
      assert.equal(await count('state=Chattisgarh'), 1);
      assert.equal(await count('commodity=wheat&from=2025-04-17&to=2025-04-19'), 4);
      assert.equal(await count('commodity=wheat&from=2025-04-20'), 3);
      assert.equal(await count('commodity=wheat&to=2025-04-10'), 3);
      assert.equal(await count('commodity=wheat&state=&district='), wheat, 'empty parameters are no filter');
    });

    it('answers 422 for an unknown commodity or place, a bad date or cursor, and 401 without a token', async () => {
      const problem = async (url: string, path: string) => {
        const { status, body } = await get(url);
        assert.equal(status, 422, url);
        assert.ok(
          body.errors.some((e: { path: string }) => e.path === path),
          `${url}: ${JSON.stringify(body.errors)}`,
        );
        return body;
      };
      const unknown = await problem('/v1/market-prices?commodity=dragonfruit', 'query.commodity');
      assert.ok(unknown.acceptedCommodities.includes('wheat'));
      await problem('/v1/market-prices/trends?commodity=dragonfruit', 'query.commodity');
      await problem('/v1/market-prices?market=Nowhere%20Mandi', 'query.market');
      await problem('/v1/market-prices?state=Atlantis', 'query.state');
      await problem('/v1/market-prices?district=Indore&state=Punjab', 'query.district');
      await problem('/v1/market-prices?from=2025-02-30', 'query.from');
      await problem('/v1/market-prices?to=2025-13-01', 'query.to');
      await problem('/v1/market-prices?from=2025-04-20&to=2025-04-01', 'query.from');
      await problem('/v1/market-prices?from=20250420', 'query.from');
      await problem('/v1/market-prices?cursor=bm90LWEtY3Vyc29y', 'query.cursor');
      await problem('/v1/market-prices/trends?commodity=wheat&to=2025-02-29', 'query.to');
      await problem('/v1/market-prices/trends?commodity=wheat&days=0', 'query.days');
      await problem('/v1/market-prices/trends?commodity=wheat&days=366', 'query.days');
      await problem('/v1/market-prices/trends', 'query.commodity');
      await problem('/v1/markets?radiusKm=5', 'query.radiusKm');
      await problem('/v1/markets?near=91,0', 'query.near');

      for (const url of [
        '/v1/market-prices',
        '/v1/market-prices/trends?commodity=wheat',
        '/v1/markets',
        '/v1/commodities',
        '/v1/alert-rules',
        `/v1/fields/${uuidv7()}/best-markets?commodity=maize`,
      ]) {
        const response = await t.app.inject({ url });
        assert.equal(response.statusCode, 401, url);
      }
    });

    it('every role reads the price reference data, with or without a tenant', async () => {
      const roles: Role[] = ['platform_admin', 'tenant_admin', 'agronomist', 'farmer', 'viewer', 'user'];
      for (const role of roles) {
        const headers = asPrincipal({ tenantId: role === 'user' || role === 'platform_admin' ? null : uuidv7(), role });
        for (const url of [
          '/v1/market-prices?commodity=wheat&limit=1',
          '/v1/market-prices/trends?commodity=wheat&days=7',
          '/v1/markets?limit=1',
          '/v1/commodities',
        ]) {
          assert.equal((await get(url, headers)).status, 200, `${role} ${url}`);
        }
      }
      const signedIn = await get('/v1/market-prices/trends?commodity=wheat&days=7', bearer(tenant.tokens));
      assert.equal(signedIn.status, 200, 'with a real access token');
      const commodities = await get('/v1/commodities');
      const gram = commodities.body.items.find((c: { code: string }) => c.code === 'gram');
      assert.deepEqual(gram, {
        code: 'gram',
        nameEn: 'Gram (chickpea)',
        nameHi: 'चना',
        crop: 'gram',
        mspCrop: 'gram',
        agmarknetNames: ['Bengal Gram(Gram)(Whole)'],
      });
    });

    it('trends equal the hand-worked moving averages, change and MSP comparison', async () => {
      const { status, body } = await get('/v1/market-prices/trends?commodity=wheat&state=Madhya%20Pradesh&days=10&to=2025-04-20');
      assert.equal(status, 200);
      assert.deepEqual(
        trendOf(body.points),
        MP_TREND.map((r) => [...r]),
      );
      assert.deepEqual(body.movingAverages, {
        date: '2025-04-20',
        ma7InrPerQuintal: 2532.5,
        ma30InrPerQuintal: 2495.71,
        ma90InrPerQuintal: 2471.25,
      });
      assert.deepEqual(body.change, {
        fromDate: '2025-04-11',
        toDate: '2025-04-20',
        fromModalPriceInrPerQuintal: 2450,
        toModalPriceInrPerQuintal: 2540,
        changeInrPerQuintal: 90,
        changePct: 3.67, // 90 / 2450
      });
      // 20 April 2025 is in rabi marketing season 2025-26 (from 1 April 2025): wheat's MSP 2425.
      assert.deepEqual(body.msp, { crop: 'wheat', variety: null, season: 'rabi', marketingYear: '2025-26', mspInrPerQuintal: 2425 });
      assert.deepEqual(body.vsMsp, {
        date: '2025-04-20',
        modalPriceInrPerQuintal: 2540,
        mspInrPerQuintal: 2425,
        differenceInrPerQuintal: 115,
        differencePct: 4.74,
      });
      assert.equal(body.mspNote, null);
      assert.deepEqual([body.from, body.to, body.days, body.state], ['2025-04-11', '2025-04-20', 10, 'Madhya Pradesh']);

      // Everywhere: Khanna's 2700 joins 20 April: (2550 + 2530 + 2700) / 3 = 2593.33; 7-day (2520 + 2470 + 2600 + 2593.33) / 4.
      const india = await get('/v1/market-prices/trends?commodity=wheat&days=10');
      assert.equal(india.body.to, '2025-04-20', 'to defaults to the newest day with prices');
      assert.deepEqual(trendOf(india.body.points.slice(-1)), [['2025-04-20', 2593.33, 3, 2545.83, 2503.33, 2477.92]]);
      // 30-day: (2410 + 2450 + 2480 + 2520 + 2470 + 2600 + 2593.33) / 7 = 17523.33 / 7; 90-day: (that + 2300) / 8.

      // One market, one day in February: rabi marketing season 2024-25 (April 2024 to March 2025), MSP 2275.
      const february = await get('/v1/market-prices/trends?commodity=wheat&market=gautampura&days=1&to=2025-02-01');
      assert.deepEqual(trendOf(february.body.points), [['2025-02-01', 2300, 1, 2300, 2300, 2300]]);
      assert.deepEqual(february.body.msp, {
        crop: 'wheat',
        variety: null,
        season: 'rabi',
        marketingYear: '2024-25',
        mspInrPerQuintal: 2275,
      });
      assert.deepEqual(february.body.vsMsp, {
        date: '2025-02-01',
        modalPriceInrPerQuintal: 2300,
        mspInrPerQuintal: 2275,
        differenceInrPerQuintal: 25,
        differencePct: 1.1,
      });
      assert.equal(february.body.change, null);

      const mustard = await get('/v1/market-prices/trends?commodity=mustard&days=3');
      assert.equal(mustard.body.msp.crop, 'rapeseed_mustard');
      const tomato = await get('/v1/market-prices/trends?commodity=tomato&days=3&to=2025-04-20');
      assert.equal(tomato.status, 200);
      assert.equal(tomato.body.msp, null);
      assert.equal(tomato.body.mspNote, 'Tomato has no Minimum Support Price');
      assert.ok(tomato.body.points.every((p: { modalPriceInrPerQuintal: number | null }) => p.modalPriceInrPerQuintal === null));
    });

    it('places markets at their district point, labelled approximate, and orders them by distance', async () => {
      const all = await get('/v1/markets?limit=200');
      const byName = new Map(all.body.items.map((m: { name: string }) => [m.name, m]));
      assert.deepEqual(byName.get('Adampur'), {
        id: ids.H,
        name: 'Adampur',
        state: 'Haryana',
        district: 'Hissar',
        lat: 29.15394,
        lon: 75.72294,
        coordinatesSource: 'district',
        approximate: true,
        gazetteerDistrict: { state: 'Haryana', district: 'Hisar' },
      });
      assert.deepEqual(byName.get('Near Mandi'), {
        id: ids.N,
        name: 'Near Mandi',
        state: 'Madhya Pradesh',
        district: 'Dhar',
        lat: 22.7,
        lon: 75.9,
        coordinatesSource: 'market',
        approximate: false,
        gazetteerDistrict: { state: 'Madhya Pradesh', district: 'Dhar' },
      });
      assert.deepEqual(byName.get('Sanchore'), {
        id: ids.U,
        name: 'Sanchore',
        state: 'Rajasthan',
        district: 'Sanchore',
        lat: null,
        lon: null,
        coordinatesSource: null,
        approximate: false,
        gazetteerDistrict: null,
      });
      const listed = all.body.items.map((m: { state: string; district: string; name: string }) => `${m.state}|${m.district}|${m.name}`);
      assert.deepEqual(listed, [...listed].sort(), 'by state, district and name');

      const origin = { lat: 22.7, lon: 75.8 };
      const near = await get('/v1/markets?near=22.70,75.80&limit=200');
      const distances = near.body.items.map((m: { distanceKm: number }) => m.distanceKm);
      assert.deepEqual(
        distances,
        [...distances].sort((a, b) => a - b),
        'nearest first',
      );
      assert.equal(near.body.items.length, Object.keys(MARKETS).length - 1, 'all but the unplaced one');
      assert.deepEqual(
        near.body.items
          .slice(0, 3)
          .map((m: { name: string }) => m.name)
          .sort(),
        ['Gautampura', 'Mhow', 'Stale Mandi'].sort(),
      );
      for (const m of near.body.items) assert.ok(Math.abs(m.distanceKm - distanceKm(origin, m)) < 0.001);

      // Pages of two keep the order and lose nothing.
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await get(`/v1/markets?near=22.70,75.80&radiusKm=100&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        paged.push(...page.body.items.map((m: { id: string }) => m.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      const within = near.body.items.filter((m: { distanceKm: number }) => m.distanceKm <= 100).map((m: { id: string }) => m.id);
      assert.deepEqual(paged, within);
      assert.ok(!paged.includes(ids.O!), 'Outside Mandi is ~225 km away');

      const inState = await get('/v1/markets?state=haryana');
      assert.deepEqual(
        inState.body.items.map((m: { name: string }) => m.name),
        ['Adampur'],
      );
    });

    it('ranks the best markets for a field by modal price net of transport, showing every term', async () => {
      const post = async (url: string, payload: Record<string, unknown>) => {
        const response = await t.app.inject({ method: 'POST', url, headers: bearer(tenant.tokens), payload });
        assert.equal(response.statusCode, 201, response.body);
        return response.json();
      };
      const farmer = await post('/v1/farmers', { name: 'Market Farmer', state: 'Madhya Pradesh' });
      const farm = await post('/v1/farms', { farmerId: farmer.id, name: 'Farm' });
      const field = await post('/v1/fields', { farmId: farm.id, name: 'Plot', boundary: plot(22.7, 75.8) });
      const origin = field.centroid as { lat: number; lon: number };

      const { status, body } = await get(`/v1/fields/${field.id}/best-markets?commodity=Maize&date=2025-05-10`, bearer(tenant.tokens));
      assert.equal(status, 200, JSON.stringify(body));
      assert.deepEqual(
        [body.date, body.since, body.radiusKm, body.transportCostInrPerQuintalKm, body.roadDetourFactor],
        ['2025-05-10', '2025-04-27', 100, 1, 1.3],
      );
      assert.deepEqual([body.asOf, body.note, body.reason], ['2025-05-10', null, null], 'prices in the window: no fallback');
      // Within 100 km: Near, Far, Farther, Stale (placed exactly), Gautampura and Mhow (Indore's point); Outside is ~225 km away.
      assert.equal(body.marketsInRadius, 6);
      for (const item of body.items) {
        const km = distanceKm(origin, item.market);
        assert.equal(item.distanceKm, Math.round(km * 10) / 10);
        assert.equal(item.roadDistanceKm, Math.round(km * 1.3 * 10) / 10);
        assert.equal(item.transportCostInrPerQuintal, round2(item.roadDistanceKm * 1));
        assert.equal(item.netPriceInrPerQuintal, round2(item.modalPriceInrPerQuintal - item.transportCostInrPerQuintal));
      }
      const summary = body.items.map(
        (i: { market: { name: string }; arrivalDate: string; modalPriceInrPerQuintal: number; priceCount: number }) => [
          i.market.name,
          i.arrivalDate,
          i.modalPriceInrPerQuintal,
          i.priceCount,
        ],
      );
      // Far (~51 km, road ~67 km): 2380 − ~67 = ~2313; Farther (~82 km, road ~107): 2390 − ~107 = ~2283;
      // Near (~10 km, road ~13): 2300 − ~13 = ~2287; Mhow at Indore's point (~4 km): 2250 − ~5 = ~2245.
      // Stale Mandi's price (1 April) is older than 14 days; Gautampura has no maize.
      assert.deepEqual(summary, [
        ['Far Mandi', '2025-05-08', 2380, 2],
        ['Near Mandi', '2025-05-10', 2300, 1],
        ['Farther Mandi', '2025-05-10', 2390, 1],
        ['Mhow', '2025-05-10', 2250, 1],
      ]);
      assert.deepEqual(
        body.items.map((i: { rank: number }) => i.rank),
        [1, 2, 3, 4],
      );
      const far = body.items[0];
      assert.ok(far.distanceKm > 50 && far.distanceKm < 53, `${far.distanceKm}`);
      assert.equal(far.market.coordinatesSource, 'market');
      assert.equal(body.items[3].market.approximate, true);
      assert.equal(body.items[3].market.coordinatesSource, 'district');

      // Free transport: the highest modal price wins; a wider radius reaches Outside Mandi.
      const free = await get(
        `/v1/fields/${field.id}/best-markets?commodity=maize&date=2025-05-10&transportCostInrPerQuintalKm=0&radiusKm=300`,
        bearer(tenant.tokens),
      );
      assert.deepEqual(
        free.body.items.map((i: { market: { name: string }; netPriceInrPerQuintal: number }) => [i.market.name, i.netPriceInrPerQuintal]),
        [
          ['Outside Mandi', 3000],
          ['Farther Mandi', 2390],
          ['Far Mandi', 2380],
          ['Near Mandi', 2300],
          ['Mhow', 2250],
        ],
      );
      const older = await get(
        `/v1/fields/${field.id}/best-markets?commodity=maize&date=2025-05-10&maxAgeDays=60&limit=1`,
        bearer(tenant.tokens),
      );
      assert.deepEqual(
        older.body.items.map((i: { market: { name: string } }) => i.market.name),
        ['Stale Mandi'],
        '2900 from 1 April, ~8 km away',
      );

      assert.equal((await get(`/v1/fields/${field.id}/best-markets?commodity=dragonfruit`, bearer(tenant.tokens))).status, 422);
      assert.equal((await get(`/v1/fields/${field.id}/best-markets?commodity=maize&date=2025-02-30`, bearer(tenant.tokens))).status, 422);
      assert.equal((await get(`/v1/fields/${uuidv7()}/best-markets?commodity=maize`, bearer(tenant.tokens))).status, 404);
      const other = await createTenant(t.app);
      assert.equal(
        (await get(`/v1/fields/${field.id}/best-markets?commodity=maize`, bearer(other.tokens))).status,
        404,
        "another tenant's field",
      );
      assert.equal(
        (await get(`/v1/fields/${field.id}/best-markets?commodity=maize`, asPrincipal({ tenantId: null, role: 'user' }))).status,
        403,
      );
    });

    it('falls back to the latest prices within two years when the window has none, and says why an answer is empty', async () => {
      const post = async (url: string, payload: Record<string, unknown>) => {
        const response = await t.app.inject({ method: 'POST', url, headers: bearer(tenant.tokens), payload });
        assert.equal(response.statusCode, 201, response.body);
        return response.json();
      };
      const farmer = await post('/v1/farmers', { name: 'Fallback Farmer', state: 'Madhya Pradesh' });
      const farm = await post('/v1/farms', { farmerId: farmer.id, name: 'Farm' });
      const field = await post('/v1/fields', { farmId: farm.id, name: 'Plot', boundary: plot(22.7, 75.8) });
      const best = async (query: string) => {
        const { status, body } = await get(`/v1/fields/${field.id}/best-markets?${query}`, bearer(tenant.tokens));
        assert.equal(status, 200, JSON.stringify(body));
        return body;
      };
      const names = (body: { items: { market: { name: string }; arrivalDate: string }[] }) =>
        body.items.map((i) => [i.market.name, i.arrivalDate]);

      // Nothing in the 14 days to 30 June: the window ends on 10 May, the newest maize day within 100 km.
      const late = await best('commodity=maize&date=2025-06-30');
      assert.deepEqual([late.date, late.asOf, late.since, late.reason], ['2025-06-30', '2025-05-10', '2025-04-27', null]);
      assert.equal(
        late.note,
        'No prices of Maize in the 14 days to 2025-06-30 within the radius: ranked on the latest prices instead, of the 14 days to 2025-05-10',
      );
      const onTime = await best('commodity=maize&date=2025-05-10');
      assert.deepEqual(names(late), names(onTime), 'the same ranking as asked on 10 May');
      assert.equal(names(late).length, 4);

      // Two years and a day after 10 May 2025 is too old to rank on.
      const tooOld = await best('commodity=maize&date=2027-05-11');
      assert.deepEqual([tooOld.items, tooOld.asOf, tooOld.note], [[], '2027-05-11', null]);
      assert.equal(
        tooOld.reason,
        'The newest price of Maize within 100 km is of 2025-05-10, more than 730 days before 2027-05-11: too old to rank markets on',
      );
      const twoYears = await best('commodity=maize&date=2027-05-10');
      assert.equal(twoYears.asOf, '2025-05-10', 'exactly 730 days back still answers');

      const before = await best('commodity=maize&date=2025-03-01');
      assert.deepEqual(before.items, []);
      assert.equal(before.reason, 'None of the 6 mandis within 100 km has prices of Maize on or before 2025-03-01');
      const nowhere = await best('commodity=maize&date=2025-05-10&radiusKm=0.5');
      assert.deepEqual([nowhere.items, nowhere.marketsInRadius], [[], 0]);
      assert.equal(nowhere.reason, 'No mandi with known coordinates lies within 0.5 km of the field: try a larger radiusKm');
    });

    it('keeps alert rules in their tenant and announces a crossing to that tenant only, once', async () => {
      const a = uuidv7();
      const b = uuidv7();
      await t.app.resources.db.platform(async (tx) => {
        for (const id of [a, b])
          await tx.query(`INSERT INTO tenants (id, slug, name) VALUES ($1, $2, 'Alerts')`, [id, `alerts-${id.slice(-12)}`]);
      });
      const staff = (tenantId: string) => asPrincipal({ tenantId, role: 'agronomist' });
      const create = async (tenantId: string, payload: Record<string, unknown>, headers = staff(tenantId)) =>
        t.app.inject({ method: 'POST', url: '/v1/alert-rules', headers, payload: { kind: 'price', ...payload } });

      const above = await create(a, {
        name: 'Paddy above 2500 in Punjab',
        commodity: 'Paddy(Dhan)(Common)',
        condition: 'above',
        thresholdInrPerQuintal: 2500,
        state: 'punjab',
      });
      assert.equal(above.statusCode, 201, above.body);
      assert.equal(above.json().commodity, 'paddy');
      const belowMsp = await create(a, { commodity: 'paddy', condition: 'below_msp' });
      assert.equal(belowMsp.statusCode, 201, belowMsp.body);
      const quiet = await create(b, { commodity: 'paddy', condition: 'above', thresholdInrPerQuintal: 3000 });
      assert.equal(quiet.statusCode, 201);

      // Refusals.
      const refused = async (payload: Record<string, unknown>, path: string) => {
        const response = await create(a, payload);
        assert.equal(response.statusCode, 422, JSON.stringify(payload));
        assert.ok(
          response.json().errors.some((e: { path: string }) => e.path === path),
          response.body,
        );
      };
      await refused({ commodity: 'paddy', condition: 'above' }, 'body.thresholdInrPerQuintal');
      await refused({ commodity: 'paddy', condition: 'below_msp', thresholdInrPerQuintal: 10 }, 'body.thresholdInrPerQuintal');
      await refused({ commodity: 'onion', condition: 'below_msp' }, 'body.condition');
      await refused({ commodity: 'dragonfruit', condition: 'above', thresholdInrPerQuintal: 10 }, 'body.commodity');
      await refused({ commodity: 'paddy', condition: 'above', thresholdInrPerQuintal: 10, district: 'Indore' }, 'body.state');
      await refused({ commodity: 'paddy', condition: 'above', thresholdInrPerQuintal: 10, state: 'Atlantis' }, 'body.state');
      await refused({ commodity: 'paddy', condition: 'above', thresholdInrPerQuintal: 10, marketId: uuidv7() }, 'body.marketId');
      for (const role of ['viewer', 'farmer'] as const) {
        const response = await create(
          a,
          { commodity: 'paddy', condition: 'above', thresholdInrPerQuintal: 10 },
          asPrincipal({ tenantId: a, role }),
        );
        assert.equal(response.statusCode, 403, role);
      }

      // Reads stay in the tenant.
      const listOf = async (tenantId: string, role: Role = 'viewer') =>
        (await get('/v1/alert-rules', asPrincipal({ tenantId, role }))).body.items.map((r: { id: string }) => r.id);
      assert.deepEqual(await listOf(a), [belowMsp.json().id, above.json().id], 'newest first');
      assert.deepEqual(await listOf(b, 'farmer'), [quiet.json().id]);
      assert.equal((await get(`/v1/alert-rules/${above.json().id}`, asPrincipal({ tenantId: b, role: 'tenant_admin' }))).status, 404);
      const own = await t.app.inject({ url: `/v1/alert-rules/${above.json().id}`, headers: asPrincipal({ tenantId: a, role: 'viewer' }) });
      assert.equal(own.statusCode, 200);
      assert.equal(own.headers.etag, '"v1"');
      const foreignDelete = await t.app.inject({
        method: 'DELETE',
        url: `/v1/alert-rules/${above.json().id}`,
        headers: asPrincipal({ tenantId: b, role: 'tenant_admin' }),
      });
      assert.equal(foreignDelete.statusCode, 404);

      // Events of both tenants, as the alerts module will receive them.
      const received: Record<string, BusEvent[]> = { [a]: [], [b]: [] };
      const { events, db } = t.app.resources;
      const unsubscribe = await Promise.all([a, b].map((id) => events.subscribe(`tenant:${id}`, (event) => received[id]!.push(event))));

      // Paddy in kharif marketing season 2025-26 (from 1 October 2025): MSP 2369 (common).
      const record = (market: string, state: string, district: string, day: string, modal: number) =>
        paddyRecord({ market, state, district }, day, modal);
      const now = () => new Date('2025-11-02T06:00:00Z');
      const { cache } = t.app.resources;
      const ingest = (records: ReturnType<typeof record>[]) =>
        ingestMarketPrices(db, createSampleSource(records), { kind: 'manual', events, cache, now });
      const first = await ingest([
        record('Rajpura', 'Punjab', 'Patiala', '01/11/2025', 2400),
        record('Karnal', 'Haryana', 'Karnal', '01/11/2025', 2400),
      ]);
      assert.equal(first.priceAlerts, 0, 'a first price crosses nothing');
      const paddyTrend = async () => (await get('/v1/market-prices/trends?commodity=paddy&days=2')).body;
      assert.equal((await paddyTrend()).to, '2025-11-01');
      assert.equal((await paddyTrend()).to, '2025-11-01', 'now from the trend cache');
      const day2 = [record('Rajpura', 'Punjab', 'Patiala', '02/11/2025', 2600), record('Karnal', 'Haryana', 'Karnal', '02/11/2025', 2350)];
      const second = await ingest(day2);
      assert.equal(second.priceAlerts, 2);
      assert.equal(second.marketsPlaced, 0, 'placed by the first run');
      const fresh = await paddyTrend();
      assert.equal(fresh.to, '2025-11-02', 'a run that changed prices retired the cached trends');
      assert.deepEqual(
        fresh.points.map((p: { modalPriceInrPerQuintal: number }) => p.modalPriceInrPerQuintal),
        [2400, 2475],
      );
      assert.deepEqual(fresh.vsMsp, {
        date: '2025-11-02',
        modalPriceInrPerQuintal: 2475,
        mspInrPerQuintal: 2369,
        differenceInrPerQuintal: 106,
        differencePct: 4.47,
      });

      const settle = async (want: number) => {
        for (let i = 0; i < 100 && received[a]!.length < want; i++) await new Promise((r) => setTimeout(r, 20));
        await new Promise((r) => setTimeout(r, 100));
      };
      await settle(2);
      const got = received[a]!.map(
        (e) =>
          e.data as {
            ruleId: string;
            market: { name: string };
            modalPriceInrPerQuintal: number;
            lineInrPerQuintal: number;
            previous: { modalPriceInrPerQuintal: number };
            msp: unknown;
          },
      );
      assert.deepEqual(
        received[a]!.map((e) => e.type),
        ['market.price_threshold', 'market.price_threshold'],
      );
      const byRule = new Map(got.map((g) => [g.ruleId, g]));
      assert.deepEqual(
        [
          byRule.get(above.json().id)?.market.name,
          byRule.get(above.json().id)?.modalPriceInrPerQuintal,
          byRule.get(above.json().id)?.lineInrPerQuintal,
          byRule.get(above.json().id)?.previous.modalPriceInrPerQuintal,
        ],
        ['Rajpura', 2600, 2500, 2400],
      );
      const msp = byRule.get(belowMsp.json().id);
      assert.deepEqual(
        [msp?.market.name, msp?.modalPriceInrPerQuintal, msp?.lineInrPerQuintal, msp?.msp],
        ['Karnal', 2350, 2369, { marketingYear: '2025-26', variety: 'common', mspInrPerQuintal: 2369 }],
      );
      assert.deepEqual(received[b], [], 'nothing for the other tenant');

      // A rerun stores and announces nothing new; the alerts are stored in their tenant only.
      const again = await ingest(day2);
      assert.equal(again.priceAlerts, 0);
      await settle(3);
      assert.equal(received[a]!.length, 2);
      const stored = async (tenantId: string) =>
        (await db.tenant(tenantId, (tx) => tx.query('SELECT rule_id FROM price_alerts'))).rows.length;
      assert.equal(await stored(a), 2);
      assert.equal(await stored(b), 0);

      // A price arriving late for a past day raises nothing; a deleted rule raises nothing more.
      const deleted = await t.app.inject({
        method: 'DELETE',
        url: `/v1/alert-rules/${above.json().id}`,
        headers: { ...staff(a), 'if-match': '"v1"' },
      });
      assert.equal(deleted.statusCode, 204);
      const third = await ingest([
        record('Rajpura', 'Punjab', 'Patiala', '03/11/2025', 2400),
        record('Rajpura', 'Punjab', 'Patiala', '04/11/2025', 2700),
      ]);
      assert.equal(third.priceAlerts, 0);
      await Promise.all(unsubscribe.map((u) => u()));
    });

    it('answers one market with its newest price date and the commodities priced there in the 30 days to it', async () => {
      const extra = await seed(t.app.resources.db, { K: { state: 'Kerala', district: 'Kottayam', name: 'Detail Mandi' } }, [
        ['K', 'onion', 'Onion', 'Big', '2025-03-01', 1800], // 31 days before the newest: not recent
        ['K', 'tomato', 'Tomato', 'Local', '2025-03-02', 1000], // the 30th day back: recent
        ['K', 'potato', 'Potato', 'Desi', '2025-03-20', 1500],
        ['K', 'potato', 'Potato', 'Jyoti', '2025-03-20', 1601],
        ['K', 'tomato', 'Tomato', 'Local', '2025-03-31', 1200],
      ]);
      const { status, body } = await get(`/v1/markets/${extra.K}`, bearer(tenant.tokens));
      assert.equal(status, 200, JSON.stringify(body));
      assert.deepEqual([body.id, body.name, body.state, body.district], [extra.K, 'Detail Mandi', 'Kerala', 'Kottayam']);
      assert.ok('coordinatesSource' in body && 'approximate' in body && 'gazetteerDistrict' in body, 'what the list shows');
      assert.deepEqual([body.latestPriceDate, body.recentSince], ['2025-03-31', '2025-03-02']);
      assert.deepEqual(body.commodities, [
        {
          commodity: { code: 'potato', nameEn: 'Potato', nameHi: 'आलू' },
          arrivalDate: '2025-03-20',
          modalPriceInrPerQuintal: 1550.5,
          priceCount: 2,
        },
        {
          commodity: { code: 'tomato', nameEn: 'Tomato', nameHi: 'टमाटर' },
          arrivalDate: '2025-03-31',
          modalPriceInrPerQuintal: 1200,
          priceCount: 1,
        },
      ]);
      const listed = (await get(`/v1/markets?state=kerala`)).body.items.find((m: { id: string }) => m.id === extra.K);
      const { latestPriceDate: _, recentSince: __, commodities: ___, ...asListed } = body;
      assert.deepEqual(asListed, listed, 'the same market as in the list');

      const gautampura = await get(`/v1/markets/${ids.A}`);
      assert.deepEqual(
        [gautampura.body.latestPriceDate, gautampura.body.commodities.map((c: { commodity: { code: string } }) => c.commodity.code)],
        ['2025-04-20', ['wheat']],
      );
      const unknown = await get(`/v1/markets/${uuidv7()}`);
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.detail, 'No such market');
      assert.equal((await get('/v1/markets/not-a-uuid')).status, 422);
    });

    it('accepts the commodities the Agmarknet sample once refused, by code and by Agmarknet name, without a guessed Hindi name', async () => {
      const eight = {
        arecanut: 'Arecanut(Betelnut/Supari)',
        arhar_dal: 'Arhar Dal(Tur Dal)',
        cabbage: 'Cabbage',
        coriander_seed: 'Corriander seed',
        dry_chillies: 'Dry Chillies',
        guar: 'Guar',
        pomegranate: 'Pomegranate',
        taramira: 'Taramira',
      };
      const catalogue = (await get('/v1/commodities')).body.items as {
        code: string;
        nameEn: string;
        nameHi: string | null;
        agmarknetNames: string[];
      }[];
      for (const [code, name] of Object.entries(eight)) {
        const entry = catalogue.find((c) => c.code === code);
        assert.ok(entry, `${code} is in the catalogue`);
        assert.deepEqual([entry.nameHi, entry.agmarknetNames], [null, [name]], code);
        for (const asked of [code, name.toUpperCase()]) {
          const { status, body } = await get(`/v1/market-prices?commodity=${encodeURIComponent(asked)}`);
          assert.equal(status, 200, `${asked}: ${JSON.stringify(body)}`);
        }
        const trend = await get(`/v1/market-prices/trends?commodity=${encodeURIComponent(name)}&days=7&to=2025-04-05`);
        assert.equal(trend.status, 200, JSON.stringify(trend.body));
        assert.deepEqual(trend.body.commodity, { code, nameEn: entry.nameEn, nameHi: null });
      }
    });
  });
}
