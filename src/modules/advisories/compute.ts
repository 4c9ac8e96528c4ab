import { addDays, daysBetween } from '../../lib/calendar.js';
import { et0PenmanMonteith, type RadiationInput } from '../../lib/agronomy/et0.js';
import { CROP_GDD_PARAMETERS, accumulateGdd } from '../../lib/agronomy/gdd.js';
import { cropStageOn, type CropStage } from '../../lib/agronomy/crop-stage.js';
import { rootZone } from '../../lib/agronomy/crop-coefficients.js';
import { irrigationAdvice, type IrrigationAdvice } from '../../lib/agronomy/irrigation.js';
import { soilWater, totalAvailableWaterMm, type SoilTexture } from '../../lib/agronomy/soil-water.js';
import { sprayWindows, type SprayWindow } from '../../lib/agronomy/spray-windows.js';
import { rootZoneWaterBalance, type WaterBalanceDay, type WaterBalanceInputDay } from '../../lib/agronomy/water-balance.js';
import { lastIrrigation, lastRefill, withRecordedWater, type RecordedWater } from '../../lib/agronomy/recorded-water.js';
import { assessWeatherRisks, type WeatherRisk } from '../../lib/agronomy/weather-risks.js';
import { round, type DailyWeather, type WeatherAlert, type WeatherAnswer } from '../../integrations/weather/index.js';
import type { AdvisoryLanguage } from './language.js';
import { istIso } from './readable-time.js';
import {
  balanceAssumptionText,
  cropText,
  cycleSelectionText,
  irrigationText,
  noIrrigationAdviceText,
  recordedIrrigationText,
  refillAssumptionText,
  balanceStartReasonText,
  riskText,
  SYNTHETIC_WEATHER_NOTE,
  sprayText,
  type CycleSelection,
  type NoIrrigationAdviceReason,
} from './texts.js';

/**
 * Turns a field's forecast (with the recent past) and its current crop cycle into the morning's
 * answers: should I irrigate, can I spray, what weather threatens the crop. Every number comes from
 * the pure functions of lib/agronomy; this file only chooses their inputs and words the result.
 */
export interface AdvisoryCycle {
  id: string;
  crop: string;
  cropNameEn: string;
  cropNameHi: string;
  sowingDate: string;
  expectedHarvestDate: string | null;
  /** Why this cycle: it stands on the field today, or none does and it is the next sowing. */
  selectedBecause: CycleSelection;
  /** Cycles standing on the field today; more than one on an intercropped field (the latest sown is used). */
  standingCycles: number;
}

export interface AdvisoryInput {
  /** Local calendar date of the field (India Standard Time). */
  today: string;
  latitudeDeg: number;
  /** East positive; with the latitude it places sunrise and sunset, and so the night no spray window crosses. */
  longitudeDeg: number;
  forecast: WeatherAnswer;
  /** Daily weather since sowing, for GDD; the forecast's recent days complete it. */
  history?: { source: string; days: DailyWeather[] };
  cycle: AdvisoryCycle | null;
  soilTexture: SoilTexture;
  language: AdvisoryLanguage;
  /**
   * Irrigation and gauge rain recorded on the field: the events of the look-back window, and those
   * of the latest irrigation day wherever it falls (see recordedWater in irrigation-repository.ts).
   */
  recordedWater?: { events: RecordedWater[]; latestIrrigationDay: RecordedWater[] };
}

/**
 * How far back the water balance counts: from sowing, but no more than 30 days. Older days matter
 * less and less (any refill of the root zone wipes them out) while the weather history they need
 * grows; the advisory says from which day and on what assumption it counts.
 */
export const WATER_BALANCE_LOOK_BACK_DAYS = 30;

export interface AdvisoryDay {
  date: string;
  /** True for today and the forecast days, false for the recent past. */
  forecast: boolean;
  tMaxC: number;
  tMinC: number;
  rainMm: number;
  et0Mm: number;
  /** How ET0's solar radiation was found: from the source, or Hargreaves' temperature method. */
  et0RadiationMethod: 'measured' | 'hargreaves';
  kc: number | null;
  etcMm: number | null;
  stage: string | null;
}

/** Sea level: the providers give no elevation for a field, and ET0 moves about 1 % per 500 m of it. */
const ASSUMED_ELEVATION_M = 0;
/** Both providers give wind at 10 m; FAO-56 Eq. 47 brings it to 2 m. */
const WIND_HEIGHT_M = 10;

function dailyEt0(day: DailyWeather, latitudeDeg: number) {
  const radiation: RadiationInput =
    day.solarRadiationMJm2 !== undefined ? { solarRadiationMJm2: day.solarRadiationMJm2 } : { hargreaves: 'interior' };
  const humidity =
    day.humidityMaxPct !== undefined && day.humidityMinPct !== undefined
      ? { rhMaxPct: day.humidityMaxPct, rhMinPct: Math.min(day.humidityMinPct, day.humidityMaxPct) }
      : undefined;
  const { et0Mm } = et0PenmanMonteith({
    date: day.date,
    latitudeDeg,
    elevationM: ASSUMED_ELEVATION_M,
    tMaxC: day.tMaxC,
    tMinC: Math.min(day.tMinC, day.tMaxC),
    ...(humidity ? { humidity } : {}),
    wind: { speedMs: day.windKmh / 3.6, heightM: WIND_HEIGHT_M },
    radiation,
  });
  return { et0Mm: Math.max(0, et0Mm), method: 'solarRadiationMJm2' in radiation ? ('measured' as const) : ('hargreaves' as const) };
}

function stageOn(cycle: AdvisoryCycle, date: string): CropStage | undefined {
  const totalDays = cycle.expectedHarvestDate ? daysBetween(cycle.sowingDate, cycle.expectedHarvestDate) : undefined;
  try {
    return cropStageOn(cycle.crop, cycle.sowingDate, date, totalDays ? { totalDays } : {});
  } catch {
    // A crop without Table 11 stage lengths and no expected harvest date: no stage to speak of.
    return undefined;
  }
}

/** The days the advisory covers: the recent past the source gives, today and the forecast. */
function weatherDays(forecast: WeatherAnswer, today: string): { day: DailyWeather; forecast: boolean }[] {
  const past = (forecast.recentDays ?? []).filter((d) => d.date < today).map((day) => ({ day, forecast: false }));
  const ahead = forecast.daily.filter((d) => d.date >= today).map((day) => ({ day, forecast: true }));
  return [...past, ...ahead];
}

/** Every day of weather the advisory has, by date: the history, where the forecast's own days replace it. */
function weatherByDate(input: AdvisoryInput): Map<string, DailyWeather> {
  const byDate = new Map<string, DailyWeather>();
  for (const d of input.history?.days ?? []) byDate.set(d.date, d);
  for (const d of [...(input.forecast.recentDays ?? []), ...input.forecast.daily]) byDate.set(d.date, d);
  return byDate;
}

function growingDegreeDays(input: AdvisoryInput, cycle: AdvisoryCycle) {
  const params = CROP_GDD_PARAMETERS[cycle.crop];
  if (!params || cycle.sowingDate > input.today) return null;
  const byDate = weatherByDate(input);
  const series = [...byDate.values()].filter((d) => d.date <= input.today && d.date >= cycle.sowingDate);
  const method = params.tUpperC === undefined ? 'simple' : 'modified';
  const result = accumulateGdd(
    series.map((d) => ({ date: d.date, tMaxC: d.tMaxC, tMinC: Math.min(d.tMinC, d.tMaxC) })),
    cycle.sowingDate,
    { tBaseC: params.tBaseC, ...(params.tUpperC !== undefined ? { tUpperC: params.tUpperC } : {}), method },
  );
  const expectedDays = daysBetween(cycle.sowingDate, input.today) + 1;
  return {
    value: round(result.totalGdd, 1),
    tBaseC: round(params.tBaseC, 2),
    ...(params.tUpperC !== undefined ? { tUpperC: round(params.tUpperC, 2) } : {}),
    method,
    daysCounted: result.daily.length,
    missingDays: expectedDays - result.daily.length,
    source: params.source,
  };
}

/** Where the water balance starts from: field capacity assumed on its first day, or a refill it recorded. */
export type BalanceStart = 'sowing' | 'look-back-limit' | 'weather-start' | 'refill';

interface IrrigationSection {
  action: IrrigationAdvice['action'] | 'unavailable';
  reason?: NoIrrigationAdviceReason;
  date?: string;
  netDepthMm?: number;
  depletionMm?: number;
  readilyAvailableWaterMm?: number;
  totalAvailableWaterMm?: number;
  rootDepthM?: number;
  soilTexture: SoilTexture;
  balanceStartsOn?: string;
  startsFrom?: BalanceStart;
  /** The last day whose water filled the root zone whatever it held before (startsFrom: refill). */
  refilledOn?: string;
  /** The latest irrigation recorded on the field, and whether the balance counts it. */
  lastIrrigation?: { date: string; depthMm: number; counted: boolean } | null;
  /** Recorded irrigation and rain events on the days the balance counts. */
  recordedEventsCounted?: number;
  assumption?: string;
  text: string;
}

/**
 * The days the water balance runs over: consecutive days with weather and a crop coefficient, back
 * from today to the sowing date or the look-back limit (or the first day the weather covers), and
 * on through the forecast.
 */
function balanceDays(input: AdvisoryInput, cycle: AdvisoryCycle): WaterBalanceInputDay[] {
  const byDate = weatherByDate(input);
  const limit = latestOf(cycle.sowingDate, addDays(input.today, -WATER_BALANCE_LOOK_BACK_DAYS));
  const dayOn = (date: string): WaterBalanceInputDay | undefined => {
    const weather = byDate.get(date);
    const kc = weather ? stageOn(cycle, date)?.kc : undefined;
    if (!weather || kc === null || kc === undefined) return undefined;
    return { date, et0Mm: round(dailyEt0(weather, input.latitudeDeg).et0Mm), kc: round(kc, 3), rainMm: weather.rainMm };
  };
  const days: WaterBalanceInputDay[] = [];
  for (let date = input.today, day = dayOn(date); day; date = addDays(date, 1), day = dayOn(date)) days.push(day);
  for (let date = addDays(input.today, -1), day = dayOn(date); day && date >= limit; date = addDays(date, -1), day = dayOn(date)) {
    days.unshift(day);
  }
  return days;
}

const latestOf = (a: string, b: string) => (a > b ? a : b);

function irrigationSection(input: AdvisoryInput, language: AdvisoryLanguage): { section: IrrigationSection; balance: WaterBalanceDay[] } {
  const { cycle, soilTexture, today } = input;
  const unavailable = (reason: NoIrrigationAdviceReason) => ({
    section: {
      action: 'unavailable' as const,
      reason,
      soilTexture,
      text: noIrrigationAdviceText(reason, cycle ? { en: cycle.cropNameEn, hi: cycle.cropNameHi } : undefined)[language],
    },
    balance: [],
  });
  if (!cycle) return unavailable('no-crop');
  const zone = rootZone(cycle.crop);
  const days = balanceDays(input, cycle);
  if (!zone || days.length === 0) return unavailable('no-coefficients');
  if (zone.depletionFractionOf === 'saturation') return unavailable('flooded-rice');

  // FAO-56 Table 22, footnote 1: the smaller rooting depth is the one for irrigation scheduling.
  const rootDepthM = zone.rootDepthRangeM[0];
  const soil = soilWater(soilTexture);
  const taw = totalAvailableWaterMm(soil, rootDepthM);
  const first = days[0]!.date;
  const recorded = (input.recordedWater?.events ?? []).filter((e) => e.date >= first && e.date <= today);
  // Field capacity at the start of the first day is FAO-56's assumption when nothing says otherwise
  // ("following heavy rain or irrigation, the root zone is near field capacity"); a later refill
  // makes the state exact from its day on.
  const balance = rootZoneWaterBalance(withRecordedWater(days, recorded), {
    totalAvailableWaterMm: taw,
    depletionFraction: zone.depletionFraction,
  });
  const advice = irrigationAdvice(balance, today);
  const tomorrow = balance.find((d) => d.date === addDays(today, 1));
  const refill = lastRefill(balance, taw, today);
  const startsFrom: BalanceStart = refill
    ? 'refill'
    : first === cycle.sowingDate
      ? 'sowing'
      : first === addDays(today, -WATER_BALANCE_LOOK_BACK_DAYS)
        ? 'look-back-limit'
        : 'weather-start';
  const latest = lastIrrigation(input.recordedWater?.latestIrrigationDay ?? [], today);
  const lastIrrigated = latest ? { date: latest.date, depthMm: round(latest.depthMm, 1), counted: latest.date >= first } : null;
  return {
    balance,
    section: {
      action: advice.action,
      ...(advice.date ? { date: advice.date } : {}),
      ...(advice.netDepthMm !== undefined ? { netDepthMm: round(advice.netDepthMm, 1) } : {}),
      depletionMm: round(advice.depletionMm, 1),
      readilyAvailableWaterMm: round(advice.readilyAvailableWaterMm, 1),
      totalAvailableWaterMm: round(taw, 1),
      rootDepthM,
      soilTexture,
      balanceStartsOn: first,
      startsFrom,
      ...(refill ? { refilledOn: refill.date } : {}),
      lastIrrigation: lastIrrigated,
      recordedEventsCounted: recorded.length,
      // What the starting depletion rests on: a recorded refill, else field capacity assumed on the first day.
      assumption: refill
        ? refillAssumptionText(refill.date, refill.effectiveRainMm + refill.irrigationMm, taw)[language]
        : `${balanceAssumptionText(first)[language]} ${balanceStartReasonText(startsFrom as Exclude<BalanceStart, 'refill'>, WATER_BALANCE_LOOK_BACK_DAYS)[language]}`,
      text: `${irrigationText(advice, tomorrow?.effectiveRainMm ?? 0)[language]} ${recordedIrrigationText(lastIrrigated, WATER_BALANCE_LOOK_BACK_DAYS)[language]}`,
    },
  };
}

/** The strongest wind each forecast day: the hourly series where it covers the day, else the daily figure. */
function maxWindByDay(forecast: WeatherAnswer): Map<string, number> {
  const max = new Map<string, number>();
  for (const h of forecast.hourly) {
    const date = h.time.slice(0, 10);
    max.set(date, Math.max(max.get(date) ?? 0, h.windKmh));
  }
  for (const d of forecast.daily) max.set(d.date, Math.max(max.get(d.date) ?? 0, d.windKmh));
  return max;
}

/**
 * The weather risks of a forecast from `today` on, by the advisories' rules: each day's strongest
 * wind is the most of its hourly and daily values. Weather-risk alert rules use the same.
 */
export function forecastRisks(forecast: WeatherAnswer, today: string): WeatherRisk[] {
  const winds = maxWindByDay(forecast);
  return assessWeatherRisks(
    forecast.daily
      .filter((d) => d.date >= today)
      .map((d) => ({
        date: d.date,
        tMaxC: d.tMaxC,
        tMinC: Math.min(d.tMinC, d.tMaxC),
        rainMm: d.rainMm,
        maxWindKmh: winds.get(d.date) ?? d.windKmh,
      })),
  );
}

export interface Advisory {
  language: AdvisoryLanguage;
  today: string;
  weather: { source: string; stale: boolean; fetchedAt: string; historySource?: string };
  cropCycle: null | {
    id: string;
    crop: string;
    cropName: string;
    sowingDate: string;
    expectedHarvestDate: string | null;
    selectedBecause: CycleSelection;
    standingCycles: number;
    selectionText: string;
    dayAfterSowing: number;
    stage: string | null;
    stageLengthsEstimated: boolean;
    kc: number | null;
    text: string;
  };
  gddSinceSowing: ReturnType<typeof growingDegreeDays>;
  days: AdvisoryDay[];
  irrigation: IrrigationSection;
  sprayWindows: SprayWindow[];
  sprayText: string;
  risks: (WeatherRisk & { text: string })[];
  alerts: WeatherAlert[];
}

export function buildAdvisory(input: AdvisoryInput): Advisory {
  const { forecast, cycle, language, today } = input;
  const days: AdvisoryDay[] = weatherDays(forecast, today).map(({ day, forecast: ahead }) => {
    const et0 = dailyEt0(day, input.latitudeDeg);
    const stage = cycle ? stageOn(cycle, day.date) : undefined;
    const kc = stage?.kc ?? null;
    return {
      date: day.date,
      forecast: ahead,
      tMaxC: day.tMaxC,
      tMinC: day.tMinC,
      rainMm: day.rainMm,
      et0Mm: round(et0.et0Mm),
      et0RadiationMethod: et0.method,
      kc: kc === null ? null : round(kc, 3),
      etcMm: kc === null ? null : round(kc * et0.et0Mm),
      stage: stage?.stage ?? null,
    };
  });

  const todayStage = cycle ? stageOn(cycle, today) : undefined;
  const gdd = cycle ? growingDegreeDays(input, cycle) : null;
  // Every sentence that rests on the weather says so when the weather is the offline twin's.
  const onWeather = (text: string) => (forecast.source === 'synthetic' ? SYNTHETIC_WEATHER_NOTE[language] + text : text);
  const { section } = irrigationSection(input, language);
  // Advice that could not be given (no crop, no coefficients) rests on no weather.
  const irrigation = section.action === 'unavailable' ? section : { ...section, text: onWeather(section.text) };

  // Both ends in IST, whatever offset the source wrote its hours in: Kheti speaks India's time.
  const windows = sprayWindows(
    forecast.hourly.map((h) => ({ time: h.time, windKmh: h.windKmh, rainMm: h.rainMm, tempC: h.tempC })),
    { latitudeDeg: input.latitudeDeg, longitudeDeg: input.longitudeDeg },
  ).map((w) => ({ ...w, start: istIso(w.start), end: istIso(w.end) }));
  const risks = forecastRisks(forecast, today).map((risk) => ({ ...risk, text: onWeather(riskText(risk)[language]) }));

  return {
    language,
    today,
    weather: {
      source: forecast.source,
      stale: forecast.stale,
      fetchedAt: forecast.fetchedAt,
      ...(input.history ? { historySource: input.history.source } : {}),
    },
    cropCycle: cycle
      ? {
          id: cycle.id,
          crop: cycle.crop,
          cropName: language === 'hi' ? cycle.cropNameHi : cycle.cropNameEn,
          sowingDate: cycle.sowingDate,
          expectedHarvestDate: cycle.expectedHarvestDate,
          selectedBecause: cycle.selectedBecause,
          standingCycles: cycle.standingCycles,
          selectionText: cycleSelectionText(cycle, { en: cycle.cropNameEn, hi: cycle.cropNameHi })[language],
          dayAfterSowing: daysBetween(cycle.sowingDate, today),
          stage: todayStage?.stage ?? null,
          stageLengthsEstimated: todayStage?.stageLengthsEstimated ?? false,
          kc: todayStage?.kc === null || todayStage?.kc === undefined ? null : round(todayStage.kc, 3),
          text: (gdd ? onWeather : (text: string) => text)(
            // Degree days are counted from the weather, so they carry its note; a sowing date does not.
            cropText(
              { en: cycle.cropNameEn, hi: cycle.cropNameHi },
              cycle.sowingDate,
              daysBetween(cycle.sowingDate, today),
              todayStage?.stage,
              gdd ? { total: gdd.value, baseC: gdd.tBaseC } : undefined,
            )[language],
          ),
        }
      : null,
    gddSinceSowing: gdd,
    days,
    irrigation,
    sprayWindows: windows,
    sprayText: onWeather(sprayText(windows, forecast.hourly.length)[language]),
    risks,
    alerts: forecast.alerts ?? [],
  };
}
