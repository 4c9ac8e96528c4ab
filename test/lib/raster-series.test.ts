import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  RasterInputError,
  WHITTAKER_DEFAULT_LAMBDA,
  ndviDrops,
  previousYearAnomalies,
  sameDayPreviousYear,
  smoothSeries,
  utcDay,
  whittakerSmooth,
  type SeriesObservation,
} from '../../src/lib/raster/index.js';

function close(actual: number | null | undefined, expected: number, what: string, tolerance = 1e-12): void {
  assert.ok(typeof actual === 'number' && Math.abs(actual - expected) <= tolerance, `${what}: ${actual} ≠ ${expected}`);
}

const DAY = 86_400_000;
const isoDay = (start: string, plusDays: number) => new Date(Date.parse(start) + plusDays * DAY).toISOString().slice(0, 10);
const obs = (date: string, value: number, validPixelPct = 100, weight?: number): SeriesObservation =>
  weight === undefined ? { date, value, validPixelPct } : { date, value, validPixelPct, weight };

describe('whittakerSmooth (Eilers 2003, second differences)', () => {
  it('solves a 3-point system by hand: (I + λDᵀD) z = y with λ = 1, y = (0, 1, 0) gives (2/7, 3/7, 2/7)', () => {
    // A = [[2,−2,1],[−2,5,−2],[1,−2,2]]; by symmetry z0 = z2 = a: 3a = 2b and −4a + 5b = 1.
    const z = whittakerSmooth([0, 1, 0], [1, 1, 1], 1);
    close(z[0], 2 / 7, 'z0', 1e-15);
    close(z[1], 3 / 7, 'z1', 1e-15);
    close(z[2], 2 / 7, 'z2', 1e-15);
  });

  it('matches a dense solve of the normal equations on an uneven weight pattern', () => {
    const y = [0.1, 0.5, 0.2, 0, 0.9, 0.4, 0.3];
    const w = [1, 0.5, 2, 0, 1, 0, 3];
    const lambda = 3;
    const n = y.length;
    // Dense A = W + λ DᵀD and Gaussian elimination, the textbook way.
    const a = Array.from({ length: n }, (_, i) => Array.from({ length: n + 1 }, (_, j) => (j === n ? w[i]! * y[i]! : i === j ? w[i]! : 0)));
    for (let k = 0; k + 2 < n; k++) {
      const d = [1, -2, 1];
      for (let p = 0; p < 3; p++) for (let q = 0; q < 3; q++) a[k + p]![k + q]! += lambda * d[p]! * d[q]!;
    }
    for (let i = 0; i < n; i++) {
      for (let r = i + 1; r < n; r++) {
        const f = a[r]![i]! / a[i]![i]!;
        for (let c = i; c <= n; c++) a[r]![c]! -= f * a[i]![c]!;
      }
    }
    const x = new Array<number>(n).fill(0);
    for (let i = n - 1; i >= 0; i--) {
      let s = a[i]![n]!;
      for (let c = i + 1; c < n; c++) s -= a[i]![c]! * x[c]!;
      x[i] = s / a[i]![i]!;
    }
    const z = whittakerSmooth(y, w, lambda);
    for (const [i, v] of x.entries()) close(z[i], v, `z${i}`, 1e-13);
  });

  it('refuses λ ≤ 0, negative weights and fewer than two weighted points', () => {
    assert.throws(() => whittakerSmooth([1, 2, 3], [1, 1, 1], 0), RasterInputError);
    assert.throws(() => whittakerSmooth([1, 2, 3], [1, -1, 1], 1), RasterInputError);
    assert.throws(() => whittakerSmooth([1, 2, 3], [0, 1, 0], 1), RasterInputError);
  });
});

describe('smoothSeries', () => {
  it('returns a straight line unchanged, on irregular dates and with any weights', () => {
    const days = [0, 5, 10, 25, 30, 60, 61, 90];
    const series = days.map((d, i) => obs(isoDay('2024-06-01', d), 0.2 + 0.005 * d, 50 + i, 0.5 + i));
    for (const lambda of [1, WHITTAKER_DEFAULT_LAMBDA, 1e6]) {
      const out = smoothSeries(series, { lambda });
      assert.equal(out.length, days.length);
      out.forEach((p, i) => {
        assert.equal(p.raw, series[i]!.value);
        close(p.smoothed, 0.2 + 0.005 * days[i]!, `λ=${lambda} ${p.date}`, 1e-9);
      });
    }
  });

  it('damps a single outlier and leaves its neighbours close to the line', () => {
    const series = Array.from({ length: 21 }, (_, i) => obs(isoDay('2024-07-01', 5 * i), i === 10 ? 0.3 : 0.6));
    const out = smoothSeries(series);
    const dip = out[10]!;
    assert.equal(dip.raw, 0.3);
    // The dent keeps well under half of the 0.3 dip, and spreads only a little to the neighbours.
    assert.ok(dip.smoothed > 0.6 - 0.1 && dip.smoothed < 0.6, `outlier smoothed to ${dip.smoothed}`);
    assert.ok(out[0]!.smoothed > 0.59 && out[20]!.smoothed > 0.59, `ends: ${out[0]!.smoothed}, ${out[20]!.smoothed}`);
    // Symmetric input, symmetric output.
    close(out[9]!.smoothed, out[11]!.smoothed, 'symmetry', 1e-12);
  });

  it('approaches the data as λ → 0', () => {
    const values = [0.21, 0.35, 0.33, 0.62, 0.58, 0.7];
    const series = values.map((v, i) => obs(isoDay('2024-01-01', [0, 3, 11, 12, 20, 31][i]!), v));
    const out = smoothSeries(series, { lambda: 1e-9 });
    for (const [i, p] of out.entries()) close(p.smoothed, values[i]!, p.date, 1e-6);
  });

  it('respects weights: a heavier scene pulls the curve towards itself', () => {
    const base = [0.4, 0.5, 0.9, 0.5, 0.4].map((v, i) => ({ date: isoDay('2024-03-01', 5 * i), v }));
    const smoothedAt2 = (weight: number) =>
      smoothSeries(
        base.map(({ date, v }, i) => obs(date, v, 100, i === 2 ? weight : 1)),
        { lambda: 50 },
      )[2]!.smoothed;
    const light = smoothedAt2(0.1);
    const even = smoothedAt2(1);
    const heavy = smoothedAt2(10);
    assert.ok(light < even && even < heavy && heavy < 0.9, `${light} < ${even} < ${heavy} < 0.9`);
    // Weight 0: the scene is kept in the output but does not pull at all: the curve through the
    // four others is what we get with the scene removed.
    const zero = smoothSeries(
      base.map(({ date, v }, i) => obs(date, v, 100, i === 2 ? 0 : 1)),
      { lambda: 50 },
    );
    const without = smoothSeries(
      base.filter((_, i) => i !== 2).map(({ date, v }) => obs(date, v)),
      { lambda: 50 },
    );
    assert.equal(zero.length, 5);
    close(zero[0]!.smoothed, without[0]!.smoothed, 'first', 1e-12);
    close(zero[4]!.smoothed, without[3]!.smoothed, 'last', 1e-12);
  });

  it('drops scenes below 20 % valid pixels (and non-finite values) before smoothing', () => {
    const series = [
      obs('2024-06-01', 0.5),
      obs('2024-06-06', 0.1, 19.9), // cloudy: out
      obs('2024-06-11', 0.5, 20), // exactly 20 %: in
      obs('2024-06-16', Number.NaN, 80), // no value: out
      obs('2024-06-21', 0.5),
    ];
    const out = smoothSeries(series);
    assert.deepEqual(
      out.map((p) => p.date),
      ['2024-06-01', '2024-06-11', '2024-06-21'],
    );
    // Without the cloudy scene the rest is flat, so the curve is exactly flat.
    for (const p of out) close(p.smoothed, 0.5, p.date, 1e-12);
    // A different threshold keeps it, and it pulls the curve down.
    const lenient = smoothSeries(series, { minValidPct: 10 });
    assert.equal(lenient.length, 4);
    assert.ok(lenient[1]!.smoothed < 0.5, `cloudy scene kept: ${lenient[1]!.smoothed}`);
  });

  it('sorts by date, merges scenes of one day, and handles the degenerate sizes', () => {
    const out = smoothSeries([obs('2024-06-11T05:30:00Z', 0.6), obs('2024-06-01', 0.2), obs('2024-06-11', 0.4)], { lambda: 1 });
    assert.deepEqual(
      out.map((p) => p.date),
      ['2024-06-01', '2024-06-11T05:30:00Z', '2024-06-11'],
    );
    // Two weighted days: a straight line through (day 0, 0.2) and (day 10, mean 0.5) is exact.
    close(out[0]!.smoothed, 0.2, 'first', 1e-12);
    close(out[1]!.smoothed, 0.5, 'same day, first scene', 1e-12);
    assert.equal(out[1]!.smoothed, out[2]!.smoothed);
    assert.deepEqual(smoothSeries([]), []);
    assert.deepEqual(smoothSeries([obs('2024-01-01', 0.3)]), [{ date: '2024-01-01', raw: 0.3, smoothed: 0.3 }]);
    assert.throws(() => smoothSeries([obs('yesterday', 0.3)]), RasterInputError);
    assert.throws(() => smoothSeries([obs('2024-01-01', 0.3)], { lambda: -1 }), RasterInputError);
  });

  it('is deterministic to the bit', () => {
    const series = Array.from({ length: 40 }, (_, i) =>
      obs(isoDay('2023-01-01', 7 * i + (i % 3)), 0.3 + 0.4 * Math.sin(i / 6), 20 + i * 2),
    );
    assert.deepEqual(
      smoothSeries(series),
      smoothSeries([...series].reverse()).sort((a, b) => a.date.localeCompare(b.date)),
    );
  });
});

describe('previousYearAnomalies', () => {
  it('reads the same calendar day a year earlier, 29 February reading 28 February', () => {
    assert.equal(sameDayPreviousYear(utcDay('2024-06-15')), utcDay('2023-06-15'));
    assert.equal(sameDayPreviousYear(utcDay('2024-02-29')), utcDay('2023-02-28'));
    assert.equal(sameDayPreviousYear(utcDay('2025-03-01')), utcDay('2024-03-01'));
  });

  it('interpolates the previous year linearly and subtracts it', () => {
    const previous = [
      { date: '2023-06-10', smoothed: 0.4 },
      { date: '2023-06-20', smoothed: 0.6 },
    ];
    const [a] = previousYearAnomalies([{ date: '2024-06-13', smoothed: 0.7 }], { previous });
    // 3 days into a 10-day step from 0.4 to 0.6: 0.46.
    assert.equal(a!.date, '2024-06-13');
    assert.equal(a!.value, 0.7);
    close(a!.previousYear, 0.46, 'previousYear');
    close(a!.anomaly, 0.7 - 0.46, 'anomaly');
    // On a previous point's own day, that point.
    const [b] = previousYearAnomalies([{ date: '2024-06-20', smoothed: 0.5 }], { previous });
    assert.equal(b!.previousYear, 0.6);
    close(b!.anomaly, -0.1, 'anomaly');
  });

  it('has no anomaly where the previous year has no point within 7 days', () => {
    const previous = [
      { date: '2023-05-01', smoothed: 0.3 },
      { date: '2023-07-01', smoothed: 0.7 },
    ];
    const out = previousYearAnomalies(
      [
        { date: '2024-05-08', smoothed: 0.5 }, // 7 days after 1 May: covered, interpolated
        { date: '2024-05-09', smoothed: 0.5 }, // 8 days after, 53 before: no coverage
        { date: '2024-06-24', smoothed: 0.5 }, // 7 days before 1 July: covered
        { date: '2024-07-05', smoothed: 0.5 }, // past the end by 4 days: the end point
        { date: '2024-07-09', smoothed: 0.5 }, // past the end by 8 days: none
        { date: '2024-04-28', smoothed: 0.5 }, // before the start by 3 days: the start point
      ],
      { previous },
    );
    assert.deepEqual(
      out.map((p) => p.date),
      ['2024-04-28', '2024-05-08', '2024-05-09', '2024-06-24', '2024-07-05', '2024-07-09'],
    );
    close(out[0]!.previousYear, 0.3, 'start');
    close(out[1]!.previousYear, 0.3 + (0.4 * 7) / 61, 'interpolated');
    assert.equal(out[2]!.previousYear, null);
    assert.equal(out[2]!.anomaly, null);
    close(out[3]!.previousYear, 0.3 + (0.4 * 54) / 61, 'interpolated');
    close(out[4]!.previousYear, 0.7, 'end');
    assert.equal(out[5]!.anomaly, null);
    // A narrower window drops the 7-day matches.
    const narrow = previousYearAnomalies([{ date: '2024-05-08', smoothed: 0.5 }], { previous, windowDays: 6 });
    assert.equal(narrow[0]!.previousYear, null);
  });

  it('compares a multi-year history with itself by default', () => {
    const series = [
      { date: '2023-08-01', smoothed: 0.7 },
      { date: '2023-08-06', smoothed: 0.75 },
      { date: '2024-08-03', smoothed: 0.5 },
    ];
    const out = previousYearAnomalies(series);
    assert.equal(out[0]!.anomaly, null);
    assert.equal(out[1]!.anomaly, null);
    close(out[2]!.previousYear, 0.72, '2023-08-03 between 0.7 and 0.75');
    close(out[2]!.anomaly, 0.5 - 0.72, 'anomaly');
  });
});

describe('ndviDrops', () => {
  const series = [
    { date: '2024-09-01', smoothed: 0.8 },
    { date: '2024-09-06', smoothed: 0.7 }, // −0.1 exactly (0.10000000000000009 in floating point): not more than 0.1
    { date: '2024-09-16', smoothed: 0.55 }, // −0.15: a drop
    { date: '2024-09-21', smoothed: 0.6 },
    { date: '2024-09-26', smoothed: 0.3 }, // −0.3: a drop
  ];

  it('reports consecutive drops larger than the threshold, with dates, values and days', () => {
    const drops = ndviDrops(series, 0.1);
    assert.equal(drops.length, 2);
    assert.deepEqual(
      { ...drops[0]!, drop: undefined },
      { fromDate: '2024-09-06', toDate: '2024-09-16', from: 0.7, to: 0.55, drop: undefined, days: 10 },
    );
    close(drops[0]!.drop, 0.15, 'drop', 1e-15);
    assert.equal(drops[1]!.fromDate, '2024-09-21');
    close(drops[1]!.drop, 0.3, 'drop', 1e-15);
    assert.deepEqual(
      ndviDrops(series, 0.2).map((d) => d.toDate),
      ['2024-09-26'],
    );
    assert.equal(ndviDrops(series, 0.3).length, 0);
  });

  it('orders by date and compares only neighbours, never across a rise', () => {
    const shuffled = [series[4]!, series[0]!, series[2]!, series[3]!, series[1]!];
    assert.deepEqual(ndviDrops(shuffled, 0.1), ndviDrops(series, 0.1));
    // 0.8 → 0.75 → 0.7 → 0.65: 0.15 in total, but never more than 0.05 between scenes.
    const slow = [0.8, 0.75, 0.7, 0.65].map((v, i) => ({ date: isoDay('2024-01-01', 5 * i), smoothed: v }));
    assert.deepEqual(ndviDrops(slow, 0.1), []);
    assert.throws(() => ndviDrops(series, -0.1), RasterInputError);
    assert.throws(() => ndviDrops(series, Number.NaN), RasterInputError);
  });
});
