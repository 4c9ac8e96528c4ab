import { readReferenceCsv } from '../support/csv.js';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  AgronomyInputError,
  CROP_COEFFICIENTS,
  STAGE_SHARES_FROM,
  adjustKcForClimate,
  cropCoefficients,
  cropStageOn,
  kcOnSeasonDay,
  readilyAvailableWater,
  rootZone,
} from '../../src/lib/agronomy/index.js';
import { totalAvailableWaterMm } from '../../src/lib/agronomy/soil-water.js';

const HEADER =
  'code,kc_ini,kc_mid,kc_end,max_height_m,l_ini_days,l_dev_days,l_mid_days,l_late_days,root_depth_min_m,root_depth_max_m,depletion_p,source';
const rows = readReferenceCsv('crop-coefficients.csv');
const catalogue = new Map(readReferenceCsv('crops.csv').map((r) => [r.code!, r]));

// The crops the brief names; each must have every number.
const REQUIRED = [
  'paddy',
  'wheat',
  'maize',
  'cotton',
  'sugarcane',
  'soybean',
  'groundnut',
  'gram',
  'rapeseed_mustard',
  'tomato',
  'onion',
  'potato',
];

// FAO-56 Table 11 prints 'sorghum, may june, usa pakistan mediterranean' as 20/35/40/30 days with a
// Total of 130 (the stages sum to 125), and the catalogue took the Total: [stage sum, catalogue minimum].
const PRINTED_TOTAL_DIFFERS: Record<string, [number, number]> = { jowar: [125, 130] };

/** The date n days after a YYYY-MM-DD date. */
const plusDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

const near = (actual: number | null, expected: number, what: string, tolerance = 1e-9) =>
  assert.ok(actual !== null && Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not ${expected}`);

/** Asserts that actual rounds to the published value at its number of decimals. */
const published = (actual: number | null, value: number, decimals: number, what: string) =>
  near(actual, value, what, 0.5 * 10 ** -decimals + 1e-9);

describe('reference/crop-coefficients.csv and CROP_COEFFICIENTS', () => {
  it('have the same crops, row for row, with the same numbers', () => {
    const header = readFileSync(new URL('../../reference/crop-coefficients.csv', import.meta.url), 'utf8').split('\n')[0];
    assert.equal(header, HEADER);
    assert.deepEqual(rows.map((r) => r.code).sort(), Object.keys(CROP_COEFFICIENTS).sort());
    for (const r of rows) {
      const c = cropCoefficients(r.code!)!;
      const n = (column: string) => Number(r[column]);
      assert.deepEqual(
        [c.kcIni, c.kcMid, c.kcEnd, c.maxHeightM, c.rootDepthMinM, c.rootDepthMaxM, c.depletionP],
        [n('kc_ini'), n('kc_mid'), n('kc_end'), n('max_height_m'), n('root_depth_min_m'), n('root_depth_max_m'), n('depletion_p')],
        r.code,
      );
      const stages = ['l_ini_days', 'l_dev_days', 'l_mid_days', 'l_late_days'].map((k) => r[k]);
      if (stages.every((s) => s === '')) assert.equal(c.stageLengthsDays, null, r.code);
      else
        assert.deepEqual(
          c.stageLengthsDays,
          { ini: n('l_ini_days'), dev: n('l_dev_days'), mid: n('l_mid_days'), late: n('l_late_days') },
          r.code,
        );
      assert.ok(Object.isFrozen(c), `${r.code} is frozen`);
    }
    assert.ok(Object.isFrozen(CROP_COEFFICIENTS));
  });

  it('names a table row for every value, and stays plausible', () => {
    for (const r of rows) {
      const c = cropCoefficients(r.code!)!;
      assert.match(r.source!, /FAO56_T12 '[^']+'/, `${r.code}: Table 12 row`);
      assert.match(r.source!, /FAO56_T22 '[^']+'/, `${r.code}: Table 22 row`);
      if (c.stageLengthsDays) assert.match(r.source!, /FAO56_T11 '[^']+'/, `${r.code}: Table 11 row`);
      assert.ok(c.kcIni > 0 && c.kcIni <= c.kcMid && c.kcEnd <= c.kcMid && c.kcMid <= 1.3, `${r.code}: Kc shape`);
      assert.ok(c.rootDepthMinM > 0 && c.rootDepthMinM <= c.rootDepthMaxM && c.rootDepthMaxM <= 3, `${r.code}: Zr`);
      assert.ok(c.depletionP >= 0.1 && c.depletionP <= 0.8, `${r.code}: p`);
    }
  });

  it('uses catalogue codes, covers every crop asked for, and agrees with the catalogue durations', () => {
    for (const r of rows) {
      const crop = catalogue.get(r.code!);
      assert.ok(crop, `${r.code} is a code of reference/crops.csv`);
      const lengths = cropCoefficients(r.code!)!.stageLengthsDays;
      if (!lengths || crop.duration_min_days === '') continue;
      const total = lengths.ini + lengths.dev + lengths.mid + lengths.late;
      const misprint = PRINTED_TOTAL_DIFFERS[r.code!];
      if (misprint) {
        assert.deepEqual([total, Number(crop.duration_min_days)], misprint, `${r.code}: the known misprint`);
        continue;
      }
      assert.ok(
        total >= Number(crop.duration_min_days) && total <= Number(crop.duration_max_days),
        `${r.code}: ${total} days outside the catalogue's ${crop.duration_min_days}–${crop.duration_max_days}`,
      );
    }
    for (const code of REQUIRED) {
      assert.ok(cropCoefficients(code), `${code} has coefficients`);
      assert.ok(rootZone(code), `${code} has a root zone`);
      const stage = cropStageOn(code, '2025-11-01', '2025-12-15', { totalDays: 120 });
      assert.ok(stage && stage.kc !== null, `${code} has a Kc 45 days after sowing`);
    }
  });

  it('gives crops without a Table 11 row the proportions of a named crop, and says so in the CSV', () => {
    for (const r of rows.filter((r) => r.l_ini_days === '')) {
      const from = STAGE_SHARES_FROM[r.code!];
      assert.ok(from, `${r.code} has a stand-in`);
      assert.ok(cropCoefficients(from)!.stageLengthsDays, `${from} has stage lengths`);
      assert.ok(r.source!.includes(from), `the source of ${r.code} names ${from}`);
    }
    assert.deepEqual(Object.keys(STAGE_SHARES_FROM).sort(), ['gram', 'rapeseed_mustard']);
  });
});

describe('Kc curve (FAO-56 Eq. 66)', () => {
  it('reproduces Example 28 (dry beans: 25/25/30/20 days, Kc 0.15, 1.19, 0.35)', () => {
    const lengths = { ini: 25, dev: 25, mid: 30, late: 20 };
    const kc = { ini: 0.15, mid: 1.19, end: 0.35 };
    assert.deepEqual(kcOnSeasonDay(20, lengths, kc), { stage: 'initial', kc: 0.15 });
    const dev = kcOnSeasonDay(40, lengths, kc);
    assert.equal(dev.stage, 'development');
    published(dev.kc, 0.77, 2, 'day 40');
    assert.deepEqual(kcOnSeasonDay(70, lengths, kc), { stage: 'mid-season', kc: 1.19 });
    const late = kcOnSeasonDay(95, lengths, kc);
    assert.equal(late.stage, 'late-season');
    published(late.kc, 0.56, 2, 'day 95');
    assert.throws(
      () => kcOnSeasonDay(101, lengths, kc),
      (e: unknown) => e instanceof AgronomyInputError && e.field === 'dayOfSeason',
    );
  });

  // Wheat: Kc 0.3 / 1.15 / 0.25 over 15/25/50/30 days ('barley oats wheat, nov, central india').
  const SOWN = '2025-11-10';
  const wheatOn = (dayOfSeason: number) => cropStageOn('wheat', SOWN, plusDays(SOWN, dayOfSeason - 1))!;

  it('holds Kc ini, rises linearly to Kc mid, holds it, and falls linearly to Kc end', () => {
    const cases: [number, string, number][] = [
      [1, 'initial', 0.3], // the sowing day
      [15, 'initial', 0.3], // last day of the initial stage
      [16, 'development', 0.3 + (1 / 25) * 0.85],
      [28, 'development', 0.3 + (13 / 25) * 0.85], // mid-development: 0.742
      [40, 'development', 1.15], // the last day of development reaches Kc mid
      [41, 'mid-season', 1.15],
      [90, 'mid-season', 1.15],
      [105, 'late-season', 0.7], // half way through late season: (1.15 + 0.25) / 2
      [120, 'late-season', 0.25], // the season's last day has Kc end
    ];
    for (const [i, stage, kc] of cases) {
      const s = wheatOn(i);
      assert.equal(s.stage, stage, `day ${i}`);
      assert.equal(s.dayOfSeason, i);
      assert.equal(s.dayAfterSowing, i - 1);
      near(s.kc, kc, `Kc on day ${i}`);
      assert.equal(s.stageLengthsEstimated, false);
    }
    published(wheatOn(28).kc, 0.742, 3, 'mid-development');
  });

  it('has no Kc before sowing or after the season, across a year boundary', () => {
    assert.deepEqual(cropStageOn('wheat', SOWN, '2025-11-09'), {
      stage: 'before-sowing',
      dayAfterSowing: -1,
      dayOfSeason: 0,
      kc: null,
      stageLengthsEstimated: false,
    });
    assert.equal(wheatOn(120).stage, 'late-season');
    assert.equal(plusDays(SOWN, 120), '2026-03-10');
    assert.deepEqual(cropStageOn('wheat', SOWN, '2026-03-10'), {
      stage: 'harvested',
      dayAfterSowing: 120,
      dayOfSeason: 121,
      kc: null,
      stageLengthsEstimated: false,
    });
  });

  it('stretches Table 11 to a given duration, and splits gram and mustard by their stand-ins', () => {
    // 140 days: initial 17.5, development to 46.67, mid-season to 105, late to 140.
    const long = (i: number) => cropStageOn('wheat', SOWN, plusDays(SOWN, i - 1), { totalDays: 140 })!;
    assert.equal(long(17).stage, 'initial');
    assert.equal(long(18).stage, 'development');
    near(long(18).kc, 0.3 + (0.5 / ((25 * 140) / 120)) * 0.85, 'day 18 of 140');
    assert.equal(long(105).stage, 'mid-season');
    near(long(140).kc, 0.25, 'last day of 140');
    assert.equal(long(141).stage, 'harvested');

    // Gram over 120 days in lentil's 25/35/70/40 shares: initial 17.6 days, mid-season from 42.4.
    const gram = (i: number) => cropStageOn('gram', SOWN, plusDays(SOWN, i - 1), { totalDays: 120 })!;
    assert.deepEqual([gram(17).stage, gram(18).stage, gram(43).stage], ['initial', 'development', 'mid-season']);
    assert.equal(gram(17).kc, 0.4);
    assert.equal(gram(43).kc, 1.0);
    assert.equal(gram(43).stageLengthsEstimated, true);
    near(gram(120).kc, 0.35, 'gram on its last day');

    const mustard = cropStageOn('rapeseed_mustard', SOWN, plusDays(SOWN, 59), { totalDays: 130 })!;
    assert.equal(mustard.stageLengthsEstimated, true);
    // safflower 35/55/60/40 of 190 → development ends on day 130·90/190 = 61.6; day 60 is in it.
    assert.equal(mustard.stage, 'development');
    near(mustard.kc, 0.35 + ((60 - (130 * 35) / 190) / ((130 * 55) / 190)) * (1.1 - 0.35), 'mustard on day 60');

    assert.throws(
      () => cropStageOn('gram', SOWN, '2025-12-01'),
      (e: unknown) => e instanceof AgronomyInputError && e.field === 'totalDays' && /gram/.test(e.message),
    );
  });

  it('answers undefined for an unknown crop and refuses impossible dates and durations', () => {
    for (const code of ['chickpea', 'tur_arhar', 'constructor', '__proto__', 'toString', '']) {
      assert.equal(cropStageOn(code, SOWN, '2025-12-01'), undefined, code);
      assert.equal(rootZone(code), undefined, code);
      assert.equal(cropCoefficients(code), undefined, code);
    }
    const cases: [() => unknown, string][] = [
      [() => cropStageOn('wheat', '2026-02-30', '2026-03-01'), 'sowingDate'],
      [() => cropStageOn('wheat', '10/11/2025', '2026-03-01'), 'sowingDate'],
      [() => cropStageOn('wheat', SOWN, '2025-13-01'), 'date'],
      [() => cropStageOn('unknown', SOWN, 'tomorrow'), 'date'],
      [() => cropStageOn('wheat', SOWN, '2025-12-01', { totalDays: 0 }), 'totalDays'],
      [() => cropStageOn('wheat', SOWN, '2025-12-01', { totalDays: Number.NaN }), 'totalDays'],
      [() => cropStageOn('wheat', SOWN, '2025-12-01', { climate: { u2Ms: -1, rhMinPct: 40 } }), 'u2Ms'],
      [() => cropStageOn('wheat', SOWN, '2025-12-01', { climate: { u2Ms: 2, rhMinPct: 140 } }), 'rhMinPct'],
    ];
    for (const [call, field] of cases) {
      assert.throws(call, (e: unknown) => e instanceof AgronomyInputError && e.field === field, field);
    }
  });
});

describe('Kc mid and Kc end for climate (FAO-56 Eq. 62 and 65)', () => {
  const eq62 = (kc: number, u2: number, rh: number, h: number) => kc + (0.04 * (u2 - 2) - 0.004 * (rh - 45)) * (h / 3) ** 0.3;

  it('reproduces Example 27 (maize, h 2 m: Taipei 1.07, Mocha 1.30)', () => {
    published(adjustKcForClimate(1.2, 1.3, 75, 2), 1.07, 2, 'Taipei');
    published(adjustKcForClimate(1.2, 4.6, 44, 2), 1.3, 2, 'Mocha');
    // The same through the stage function, with maize's own Table 12 Kc mid and h.
    const taipei = cropStageOn('maize', '2025-06-20', plusDays('2025-06-20', 60), { climate: { u2Ms: 1.3, rhMinPct: 75 } })!;
    assert.equal(taipei.stage, 'mid-season');
    published(taipei.kc, 1.07, 2, 'maize mid-season near Taipei');
  });

  it('reproduces Box 15 (dry beans 1.19) and Box 14 (wheat in a semi-arid climate)', () => {
    published(adjustKcForClimate(1.15, 2.2, 30, 0.4), 1.19, 2, 'dry beans, Kimberly');
    // Box 14 prints the adjustment rounded to 0.05: semi-arid (RHmin 30 %, Table 16), 4 m/s → +0.10.
    published(adjustKcForClimate(1.15, 4, 30, 1) - 1.15, 0.1, 2, 'wheat, strong wind');
  });

  it('follows the formula, leaves standard conditions alone and holds inputs to their limits', () => {
    near(adjustKcForClimate(1.15, 3, 30, 1), eq62(1.15, 3, 30, 1), 'formula');
    near(adjustKcForClimate(0.45, 5, 20, 3), 0.45 + 0.12 + 0.1, 'Kc of exactly 0.45 is adjusted, h = 3 m');
    assert.equal(adjustKcForClimate(1.2, 2, 45, 2), 1.2);
    assert.equal(adjustKcForClimate(0.35, 5, 20, 2), 0.35, 'a Kc end below 0.45 is not adjusted');
    assert.equal(adjustKcForClimate(1.2, 8, 45, 2), adjustKcForClimate(1.2, 6, 45, 2), 'u2 above 6 m/s');
    assert.equal(adjustKcForClimate(1.2, 0.2, 45, 2), adjustKcForClimate(1.2, 1, 45, 2), 'u2 below 1 m/s');
    assert.equal(adjustKcForClimate(1.2, 2, 8, 2), adjustKcForClimate(1.2, 2, 20, 2), 'RHmin below 20 %');
    assert.equal(adjustKcForClimate(1.2, 2, 95, 2), adjustKcForClimate(1.2, 2, 80, 2), 'RHmin above 80 %');
    assert.equal(adjustKcForClimate(1.2, 2, 95, 12), adjustKcForClimate(1.2, 2, 95, 10), 'h above 10 m');
    assert.equal(adjustKcForClimate(1.2, 5, 20, 0.05), 1.2, 'below 0.1 m a crop is like grass');
  });

  it('adjusts Kc mid and Kc end along the curve but not Kc ini', () => {
    const climate = { u2Ms: 4, rhMinPct: 25 };
    const on = (i: number) => cropStageOn('tomato', '2025-10-15', plusDays('2025-10-15', i - 1), { climate })!.kc;
    near(on(1), 0.6, 'Kc ini');
    near(on(150), eq62(1.15, 4, 25, 0.6), 'Kc mid');
    near(on(180), eq62(0.8, 4, 25, 0.6), 'Kc end (0.80 ≥ 0.45)');
    const maize = cropStageOn('maize', '2025-06-20', plusDays('2025-06-20', 124), { climate })!;
    assert.equal(maize.kc, 0.35, 'maize Kc end 0.35 stays');
  });
});

describe('root zone and readily available water (FAO-56 Table 22, Eq. 82 and 83)', () => {
  it('gives the larger Table 22 depth, the range and p', () => {
    assert.deepEqual(rootZone('maize'), {
      rootDepthM: 1.7,
      rootDepthRangeM: [1.0, 1.7],
      depletionFraction: 0.55,
      depletionFractionTable: 0.55,
      depletionFractionOf: 'total-available-water',
    });
    assert.equal(rootZone('paddy')!.depletionFractionOf, 'saturation');
    assert.equal(rootZone('onion')!.rootDepthM, 0.6);
  });

  it('adjusts p for ETc: p + 0.04 (5 − ETc), within 0.1–0.8', () => {
    near(rootZone('maize', { etcMmPerDay: 8 })!.depletionFraction, 0.43, 'maize at 8 mm/day');
    near(rootZone('maize', { etcMmPerDay: 2 })!.depletionFraction, 0.67, 'maize at 2 mm/day');
    near(rootZone('maize', { etcMmPerDay: 5 })!.depletionFraction, 0.55, 'maize at 5 mm/day');
    assert.equal(rootZone('cotton', { etcMmPerDay: 0 })!.depletionFraction, 0.8, '0.85 capped');
    assert.equal(rootZone('paddy', { etcMmPerDay: 10 })!.depletionFraction, 0.1, '0.0 raised');
    assert.equal(rootZone('cotton', { etcMmPerDay: 0 })!.depletionFractionTable, 0.65);
    assert.throws(
      () => rootZone('maize', { etcMmPerDay: -1 }),
      (e: unknown) => e instanceof AgronomyInputError && e.field === 'etcMmPerDay',
    );
  });

  it('reproduces Examples 36 and 37', () => {
    // Example 37: tomato, Zr 0.8 m, p 0.40 on silt (θFC 0.32, θWP 0.12): TAW 160 mm, RAW 64 mm.
    const taw = totalAvailableWaterMm({ fieldCapacity: 0.32, wiltingPoint: 0.12 }, 0.8);
    near(taw, 160, 'TAW', 1e-9);
    near(readilyAvailableWater(taw, 0.4), 64, 'RAW');
    // Example 36 (loamy sand 90 mm/m, silt 170 mm/m): onion 0.4 m, p 0.30 → 36/11; maize 1.2 m, p 0.55 → 108/59.
    published(readilyAvailableWater(totalAvailableWaterMm({ fieldCapacity: 0.15, wiltingPoint: 0.06 }, 0.4), 0.3), 11, 0, 'onion');
    published(readilyAvailableWater(totalAvailableWaterMm({ fieldCapacity: 0.15, wiltingPoint: 0.06 }, 1.2), 0.55), 59, 0, 'maize');
    published(readilyAvailableWater(totalAvailableWaterMm({ fieldCapacity: 0.32, wiltingPoint: 0.15 }, 0.8), 0.4), 54, 0, 'tomato, silt');
    assert.throws(
      () => readilyAvailableWater(100, 1.2),
      (e: unknown) => e instanceof AgronomyInputError && e.field === 'p',
    );
    assert.throws(
      () => readilyAvailableWater(-1, 0.5),
      (e: unknown) => e instanceof AgronomyInputError && e.field === 'totalAvailableWaterMm',
    );
  });
});
