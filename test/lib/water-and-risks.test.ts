import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AgronomyInputError } from '../../src/lib/agronomy/errors.js';
import { irrigationAdvice } from '../../src/lib/agronomy/irrigation.js';
import { DEFAULT_SOIL_TEXTURE, SOIL_TEXTURES, soilWater, totalAvailableWaterMm } from '../../src/lib/agronomy/soil-water.js';
import {
  adjustedDepletionFraction,
  effectiveRainMm,
  rootZoneWaterBalance,
  type WaterBalanceDay,
} from '../../src/lib/agronomy/water-balance.js';
import { RISK_THRESHOLDS, assessWeatherRisks, rainClass, type RiskDay } from '../../src/lib/agronomy/weather-risks.js';

const close = (actual: number, expected: number, tolerance = 1e-9) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not within ${tolerance} of ${expected}`);

describe('soil water by texture', () => {
  it('turns the mass-based table into volumetric water by the bulk density', () => {
    const loam = soilWater('loam');
    close(loam.fieldCapacity, 0.223 * 1.395);
    close(loam.wiltingPoint, 0.102 * 1.395);
    close(totalAvailableWaterMm(loam, 1), 1000 * (0.223 - 0.102) * 1.395);
    assert.equal(DEFAULT_SOIL_TEXTURE, 'loam');
  });

  it('holds more water in clay than in sand, for every texture a positive amount', () => {
    assert.ok(totalAvailableWaterMm(soilWater('clay'), 1) > totalAvailableWaterMm(soilWater('sand'), 1));
    for (const texture of SOIL_TEXTURES) {
      const soil = soilWater(texture);
      assert.ok(soil.fieldCapacity > soil.wiltingPoint && soil.wiltingPoint > 0, texture);
    }
  });
});

describe('root-zone water balance (FAO-56 chapter 8)', () => {
  it('ignores rain below 0.2 ET0 and counts the rest', () => {
    assert.equal(effectiveRainMm(0.9, 5), 0);
    assert.equal(effectiveRainMm(1, 5), 1);
    assert.equal(effectiveRainMm(12, 4), 12);
  });

  it('adjusts p to ETc by 0.04 (5 − ETc) within 0.1–0.8', () => {
    close(adjustedDepletionFraction(0.5, 5), 0.5);
    close(adjustedDepletionFraction(0.5, 7), 0.42);
    close(adjustedDepletionFraction(0.5, 2), 0.62);
    assert.equal(adjustedDepletionFraction(0.75, 0), 0.8);
    assert.equal(adjustedDepletionFraction(0.1, 10), 0.1);
  });

  it('depletes by ETc, refills by effective rain and lets the excess percolate', () => {
    const days = rootZoneWaterBalance(
      [
        { date: '2025-03-01', et0Mm: 5, kc: 1, rainMm: 0 },
        { date: '2025-03-02', et0Mm: 5, kc: 1, rainMm: 0.8 },
        { date: '2025-03-03', et0Mm: 5, kc: 1, rainMm: 30 },
        { date: '2025-03-04', et0Mm: 4, kc: 1, rainMm: 0, irrigationMm: 10 },
      ],
      { totalAvailableWaterMm: 100, depletionFraction: 0.5 },
    );
    assert.deepEqual(
      days.map((d) => d.depletionMm),
      [5, 10, 0, 0],
    );
    assert.equal(days[1]!.effectiveRainMm, 0, '0.8 mm is under 0.2 × 5 mm');
    assert.equal(days[2]!.deepPercolationMm, 15);
    assert.equal(days[3]!.deepPercolationMm, 6, 'irrigation onto a full root zone percolates');
    assert.equal(days[0]!.readilyAvailableWaterMm, 50);
    assert.equal(days[3]!.readilyAvailableWaterMm, 54, 'p = 0.5 + 0.04 (5 − 4)');
  });

  it('reduces ET by Ks once depletion passes RAW (Eq. 84)', () => {
    const [day] = rootZoneWaterBalance([{ date: '2025-03-01', et0Mm: 5, kc: 1.2, rainMm: 0 }], {
      totalAvailableWaterMm: 100,
      depletionFraction: 0.5,
      initialDepletionMm: 60,
    });
    // ETc 6 → p 0.46, RAW 46; Ks = (100 − 60) / ((1 − 0.46) × 100).
    close(day!.ks, 40 / 54);
    close(day!.etcAdjMm, (6 * 40) / 54);
    close(day!.depletionMm, 60 + (6 * 40) / 54);
  });

  it('never depletes past TAW and refuses gaps and impossible inputs', () => {
    const days = rootZoneWaterBalance(
      Array.from({ length: 40 }, (_, i) => ({ date: `2025-04-${String(i + 1).padStart(2, '0')}`, et0Mm: 8, kc: 1.1, rainMm: 0 })).slice(
        0,
        30,
      ),
      { totalAvailableWaterMm: 60, depletionFraction: 0.5 },
    );
    assert.ok(days.every((d) => d.depletionMm <= 60));
    assert.throws(
      () =>
        rootZoneWaterBalance(
          [
            { date: '2025-03-01', et0Mm: 5, kc: 1, rainMm: 0 },
            { date: '2025-03-03', et0Mm: 5, kc: 1, rainMm: 0 },
          ],
          { totalAvailableWaterMm: 100, depletionFraction: 0.5 },
        ),
      AgronomyInputError,
    );
    assert.throws(
      () =>
        rootZoneWaterBalance([{ date: '2025-03-01', et0Mm: -1, kc: 1, rainMm: 0 }], { totalAvailableWaterMm: 100, depletionFraction: 0.5 }),
      AgronomyInputError,
    );
  });
});

describe('irrigation advice', () => {
  const day = (date: string, depletionMm: number, effectiveRain = 0): WaterBalanceDay => ({
    date,
    et0Mm: 5,
    kc: 1,
    etcMm: 5,
    ks: 1,
    etcAdjMm: 5,
    rainMm: effectiveRain,
    effectiveRainMm: effectiveRain,
    irrigationMm: 0,
    deepPercolationMm: 0,
    depletionMm,
    readilyAvailableWaterMm: 50,
  });

  it('is not needed while depletion stays under RAW through the horizon', () => {
    const advice = irrigationAdvice([day('2025-03-01', 10), day('2025-03-02', 20), day('2025-03-03', 30)], '2025-03-02');
    assert.equal(advice.action, 'not-needed');
    assert.equal(advice.horizon, '2025-03-03');
    assert.equal(advice.depletionMm, 20);
  });

  it('names the day depletion passes RAW and the depth that refills the root zone', () => {
    const advice = irrigationAdvice(
      [day('2025-03-01', 40), day('2025-03-02', 46), day('2025-03-03', 51), day('2025-03-04', 56)],
      '2025-03-01',
    );
    assert.deepEqual(
      { action: advice.action, date: advice.date, netDepthMm: advice.netDepthMm },
      { action: 'irrigate-by', date: '2025-03-03', netDepthMm: 51 },
    );
  });

  it('says irrigate now past RAW, but wait when tomorrow’s rain brings it back', () => {
    assert.equal(irrigationAdvice([day('2025-03-01', 55), day('2025-03-02', 60)], '2025-03-01').action, 'irrigate-now');
    const wait = irrigationAdvice([day('2025-03-01', 55), day('2025-03-02', 20, 40)], '2025-03-01');
    assert.equal(wait.action, 'wait-for-rain');
    assert.equal(wait.netDepthMm, 55);
  });

  it('refuses a today outside the balance', () => {
    assert.throws(() => irrigationAdvice([day('2025-03-01', 1)], '2025-03-05'), AgronomyInputError);
  });
});

describe('weather risks', () => {
  const calm: RiskDay = { date: '2025-05-01', tMaxC: 35, tMinC: 20, rainMm: 0, maxWindKmh: 10 };

  it('flags each threshold at its boundary, with the value and threshold behind it', () => {
    assert.deepEqual(assessWeatherRisks([calm]), []);
    const risks = assessWeatherRisks([
      { ...calm, date: '2025-05-02', tMaxC: 40 },
      { ...calm, date: '2025-05-01', tMaxC: 39.9, tMinC: 2 },
      { ...calm, date: '2025-05-03', rainMm: 64.5, maxWindKmh: 39 },
    ]);
    assert.deepEqual(risks, [
      { kind: 'frost', date: '2025-05-01', value: 2, threshold: 2, unit: '°C' },
      { kind: 'heat', date: '2025-05-02', value: 40, threshold: 40, unit: '°C' },
      { kind: 'heavy-rain', date: '2025-05-03', value: 64.5, threshold: 64.5, unit: 'mm', rainClass: 'heavy' },
      { kind: 'high-wind', date: '2025-05-03', value: 39, threshold: 39, unit: 'km/h' },
    ]);
    assert.deepEqual(assessWeatherRisks([{ ...calm, tMinC: 2.1, rainMm: 64.4, maxWindKmh: 38.9 }]), []);
  });

  it('classes rain as IMD does', () => {
    assert.equal(rainClass(64.4), undefined);
    assert.equal(rainClass(115.5), 'heavy');
    assert.equal(rainClass(115.6), 'very-heavy');
    assert.equal(rainClass(204.4), 'very-heavy');
    assert.equal(rainClass(RISK_THRESHOLDS.extremelyHeavyRainMm), 'extremely-heavy');
  });

  it('refuses nonsense', () => {
    assert.throws(() => assessWeatherRisks([{ ...calm, rainMm: -1 }]), AgronomyInputError);
    assert.throws(() => assessWeatherRisks([{ ...calm, date: 'tomorrow' }]), AgronomyInputError);
  });
});
