import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AgronomyInputError } from '../../src/lib/agronomy/errors.js';
import { lastIrrigation, lastRefill, withRecordedWater, type RecordedWater } from '../../src/lib/agronomy/recorded-water.js';
import { rootZoneWaterBalance, type WaterBalanceInputDay } from '../../src/lib/agronomy/water-balance.js';

/**
 * Recorded irrigation and gauge rain in the root-zone balance of FAO-56 chapter 8:
 *   Eq. 85  Dr,i = Dr,i−1 − (P − RO)i − Ii − CRi + ETc,i + DPi   (RO = CR = 0 here)
 *   Eq. 86  0 ≤ Dr,i ≤ TAW
 *   Eq. 88  DPi = (P − RO)i + Ii − ETc,i − Dr,i−1 ≥ 0: water beyond field capacity percolates.
 * Each expected value is worked by hand from these equations in the comment beside it.
 */

/** `n` dry days from 2025-03-01 with ET0 5 mm and Kc 1 (ETc 5 mm/day, Ks 1 while under RAW). */
const dryDays = (n: number, et0Mm = 5): WaterBalanceInputDay[] =>
  Array.from({ length: n }, (_, i) => ({ date: `2025-03-${String(i + 1).padStart(2, '0')}`, et0Mm, kc: 1, rainMm: 0 }));

// TAW 100 mm, p 0.5: RAW = (0.5 + 0.04 (5 − 5)) × 100 = 50 mm, so Ks stays 1 below 50 mm depletion.
const soil = { totalAvailableWaterMm: 100, depletionFraction: 0.5 };

const depletions = (days: WaterBalanceInputDay[], events: RecordedWater[], initialDepletionMm = 0) =>
  rootZoneWaterBalance(withRecordedWater(days, events), { ...soil, initialDepletionMm }).map((d) => d.depletionMm);

describe('recorded irrigation in the FAO-56 root-zone balance', () => {
  it('subtracts an irrigation Ii from the depletion that day (Eq. 85)', () => {
    // Without: 5, 10, 15, 20. With 12 mm on day 3: 10 − 12 + 5 = 3, then 3 + 5 = 8.
    assert.deepEqual(depletions(dryDays(4), []), [5, 10, 15, 20]);
    assert.deepEqual(depletions(dryDays(4), [{ date: '2025-03-03', kind: 'irrigation', depthMm: 12 }]), [5, 10, 3, 8]);
  });

  it('lets water beyond field capacity percolate (Eq. 86, 88) and adds the irrigations of one day', () => {
    // Day 3: Dr,i−1 = 10, I = 20 + 10 = 30, ETc = 5 → 10 − 30 + 5 = −15: Dr = 0 and DP = 30 − 5 − 10 = 15.
    const balance = rootZoneWaterBalance(
      withRecordedWater(dryDays(4), [
        { date: '2025-03-03', kind: 'irrigation', depthMm: 20 },
        { date: '2025-03-03', kind: 'irrigation', depthMm: 10 },
      ]),
      soil,
    );
    assert.deepEqual(
      balance.map((d) => [d.irrigationMm, d.deepPercolationMm, d.depletionMm]),
      [
        [0, 0, 5],
        [0, 0, 10],
        [30, 15, 0],
        [0, 0, 5],
      ],
    );
  });

  it('reads gauge rain in place of the weather’s rain that day, as effective rain (0.2 ET0 rule)', () => {
    const days = dryDays(3).map((d, i) => ({ ...d, rainMm: [0, 20, 0][i]! }));
    // Day 1 gauge 8 mm where the weather had none: 0 − 8 + 5 → 0 (DP 3).
    // Day 2 gauge 3 mm where the weather had 20: 0 − 3 + 5 = 2 (the weather's 20 mm is not counted).
    // Day 3 gauge 0.5 mm < 0.2 × ET0 = 1 mm: it evaporates (FAO-56 ch. 7), 2 + 5 = 7.
    const balance = rootZoneWaterBalance(
      withRecordedWater(days, [
        { date: '2025-03-01', kind: 'rain', depthMm: 8 },
        { date: '2025-03-02', kind: 'rain', depthMm: 3 },
        { date: '2025-03-03', kind: 'rain', depthMm: 0.5 },
      ]),
      soil,
    );
    assert.deepEqual(
      balance.map((d) => [d.rainMm, d.effectiveRainMm, d.deepPercolationMm, d.depletionMm]),
      [
        [8, 8, 3, 0],
        [3, 3, 0, 2],
        [0.5, 0, 0, 7],
      ],
    );
    // Two readings on one day add up; days without a reading keep the weather's rain.
    const twice = withRecordedWater(days, [
      { date: '2025-03-02', kind: 'rain', depthMm: 2 },
      { date: '2025-03-02', kind: 'rain', depthMm: 4.5 },
    ]);
    assert.deepEqual(
      twice.map((d) => d.rainMm),
      [0, 6.5, 0],
    );
  });

  it('finds the last refill, after which the balance no longer depends on the depletion it started from', () => {
    // 110 mm on day 3 ≥ TAW (100) + ETc (5): Dr = max(0, Dr,i−1 − 110 + 5) = 0 for any Dr,i−1 ≤ TAW.
    const events: RecordedWater[] = [{ date: '2025-03-03', kind: 'irrigation', depthMm: 110 }];
    const fromFieldCapacity = depletions(dryDays(5), events, 0);
    const fromDry = depletions(dryDays(5), events, 80);
    assert.notDeepEqual(fromFieldCapacity.slice(0, 2), fromDry.slice(0, 2));
    assert.deepEqual(fromFieldCapacity.slice(2), [0, 5, 10]);
    assert.deepEqual(fromDry.slice(2), [0, 5, 10]);
    const balance = rootZoneWaterBalance(withRecordedWater(dryDays(5), events), soil);
    assert.equal(lastRefill(balance, 100, '2025-03-05')?.date, '2025-03-03');
    assert.equal(lastRefill(balance, 100, '2025-03-02'), undefined, 'not a day after until');
    // 104 mm is short of TAW + ETc by 1 mm: from a full depletion it would leave 1 mm, so it is no refill.
    const short = rootZoneWaterBalance(withRecordedWater(dryDays(5), [{ date: '2025-03-03', kind: 'irrigation', depthMm: 104 }]), soil);
    assert.equal(lastRefill(short, 100, '2025-03-05'), undefined);
  });

  it('names the last irrigation day on or before a day, its irrigations added, rain aside', () => {
    const events: RecordedWater[] = [
      { date: '2025-03-01', kind: 'irrigation', depthMm: 40 },
      { date: '2025-03-04', kind: 'irrigation', depthMm: 15 },
      { date: '2025-03-04', kind: 'irrigation', depthMm: 10 },
      { date: '2025-03-05', kind: 'rain', depthMm: 30 },
      { date: '2025-03-07', kind: 'irrigation', depthMm: 50 },
    ];
    assert.deepEqual(lastIrrigation(events, '2025-03-06'), { date: '2025-03-04', depthMm: 25 });
    assert.deepEqual(lastIrrigation(events, '2025-03-07'), { date: '2025-03-07', depthMm: 50 });
    assert.equal(lastIrrigation(events, '2025-02-28'), undefined);
  });

  it('refuses an impossible event', () => {
    assert.throws(() => withRecordedWater(dryDays(1), [{ date: '2025-03-01', kind: 'irrigation', depthMm: -1 }]), AgronomyInputError);
    assert.throws(() => withRecordedWater(dryDays(1), [{ date: '2025-03-01', kind: 'flood' as 'rain', depthMm: 10 }]), AgronomyInputError);
  });
});
