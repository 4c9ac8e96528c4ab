import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import ts from 'typescript';
import type { DailyWeather, HourlyWeather, WeatherAnswer, WeatherSource } from '../../src/integrations/weather/index.js';
import { sunTimes } from '../../src/lib/agronomy/index.js';
import type { RecordedWater } from '../../src/lib/agronomy/recorded-water.js';
import type { SoilTexture } from '../../src/lib/agronomy/soil-water.js';
import { buildAdvisory, type Advisory, type AdvisoryCycle } from '../../src/modules/advisories/compute.js';
import type { AdvisoryLanguage } from '../../src/modules/advisories/language.js';
import { readableDate, readableTime } from '../../src/modules/advisories/readable-time.js';

/**
 * Every sentence of an advisory in the reader's language: a Hindi advisory has no Latin letter
 * outside its codes, ISO dates and units, over every kind of weather and crop the texts vary by.
 */

const TODAY = '2026-12-06';
// Nashik, on the Deccan: sunrise near 7:05 and sunset near 17:50 IST in early December.
const PLACE = { latitudeDeg: 19.99, longitudeDeg: 73.79 };
const DAY_MS = 86_400_000;
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
/** Hour h (0 = midnight) of today, IST, as the sources write it. */
const istHour = (h: number) => `${new Date(Date.parse(`${TODAY}T00:00:00Z`) + h * 3_600_000).toISOString().slice(0, 16)}+05:30`;

interface Weather {
  source?: WeatherSource;
  /** The day `offset` days from today (negative: the recent past). */
  day?: (offset: number) => Partial<DailyWeather>;
  /** Hour `h` from today's midnight (IST), 4 to 51: the forecast's 48 hours from 04:00. */
  hour?: (h: number) => Partial<HourlyWeather>;
}

const dailyOf =
  ({ day = () => ({}) }: Weather) =>
  (offset: number): DailyWeather => ({
    date: addDays(TODAY, offset),
    tMaxC: 29,
    tMinC: 14,
    humidityMaxPct: 80,
    humidityMinPct: 35,
    windKmh: 8,
    rainMm: 0,
    solarRadiationMJm2: 17,
    ...day(offset),
  });

function forecast(weather: Weather): WeatherAnswer {
  const { source = 'open-meteo', hour = () => ({}) } = weather;
  const daily = dailyOf(weather);
  const hourly = Array.from({ length: 48 }, (_, i) => {
    const h = 4 + i;
    const d = daily(Math.floor(h / 24));
    return {
      time: istHour(h),
      tempC: 22,
      humidityPct: 50,
      windKmh: 6,
      rainMm: d.rainMm > 0 && h % 24 >= 14 && h % 24 < 20 ? d.rainMm / 6 : 0,
      cloudPct: 10,
      ...hour(h),
    };
  });
  return {
    source,
    stale: false,
    fetchedAt: `${TODAY}T22:30:00.000Z`,
    lat: PLACE.latitudeDeg,
    lon: PLACE.longitudeDeg,
    current: { time: hourly[0]!.time, tempC: 20, humidityPct: 60, windKmh: 5, rainMm: 0, cloudPct: 10 },
    hourly,
    daily: Array.from({ length: 7 }, (_, i) => daily(i)),
    recentDays: Array.from({ length: 7 }, (_, i) => daily(i - 7)),
  };
}

const WEATHER: Record<string, Weather> = {
  // Calm, mild and dry nights and days: only night and the lack of rain shape the advice.
  'dry spell': {},
  rain: { day: (o) => ({ rainMm: o === 1 ? 70 : o === 2 ? 120 : o === 3 ? 210 : 10, tMaxC: 27, humidityMinPct: 70 }) },
  heat: {
    day: () => ({ tMaxC: 43, tMinC: 27, humidityMinPct: 12, humidityMaxPct: 35, windKmh: 14, solarRadiationMJm2: 26 }),
    hour: () => ({ tempC: 35 }),
  },
  wind: { day: () => ({ windKmh: 30 }), hour: () => ({ windKmh: 42 }) },
  frost: { day: () => ({ tMinC: 1, tMaxC: 20 }), hour: () => ({ tempC: 6 }) },
  // Hot and dry until today, 40 mm of rain tomorrow.
  'rain tomorrow': {
    day: (o) => ({
      tMaxC: 41,
      tMinC: 24,
      humidityMinPct: 12,
      humidityMaxPct: 35,
      windKmh: 14,
      solarRadiationMJm2: 26,
      rainMm: o === 1 ? 40 : 0,
    }),
  },
  'offline twin': { source: 'synthetic', day: (o) => ({ rainMm: o === 2 ? 80 : 0 }) },
};

const cycle = (crop: { code: string; en: string; hi: string }, sownDaysAgo: number, more: Partial<AdvisoryCycle> = {}): AdvisoryCycle => ({
  id: '00000000-0000-4000-8000-000000000001',
  crop: crop.code,
  cropNameEn: crop.en,
  cropNameHi: crop.hi,
  sowingDate: addDays(TODAY, -sownDaysAgo),
  expectedHarvestDate: null,
  selectedBecause: sownDaysAgo >= 0 ? 'standing' : 'next-sowing',
  standingCycles: sownDaysAgo >= 0 ? 1 : 0,
  ...more,
});

// Names as reference/crops.csv gives them.
const WHEAT = { code: 'wheat', en: 'Wheat', hi: 'गेहूँ' };
const CROPS: Record<string, AdvisoryCycle | null> = {
  'no crop': null,
  // FAO-56 Table 11, wheat in central India: 15 + 25 + 50 + 30 days.
  'wheat, next sowing': cycle(WHEAT, -10),
  'wheat, initial': cycle(WHEAT, 5, { expectedHarvestDate: addDays(TODAY, 115) }),
  'wheat, development': cycle(WHEAT, 30),
  'wheat, mid-season, intercropped': cycle(WHEAT, 60, { standingCycles: 2 }),
  'wheat, late-season': cycle(WHEAT, 100),
  'wheat, past its season': cycle(WHEAT, 150),
  'soybean, without degree days': cycle({ code: 'soybean', en: 'Soybean', hi: 'सोयाबीन' }, 40),
  'moong, without crop coefficients': cycle({ code: 'moong', en: 'Moong (green gram)', hi: 'मूंग' }, 30),
  'paddy, flooded': cycle({ code: 'paddy', en: 'Paddy (rice)', hi: 'धान' }, 40),
};
const SOILS: SoilTexture[] = ['loam', 'sand'];

const irrigation = (daysAgo: number, depthMm: number): RecordedWater => ({ date: addDays(TODAY, -daysAgo), kind: 'irrigation', depthMm });
/** Irrigation and gauge rain recorded on the field, each read with 40 days of weather history. */
const RECORDS: Record<string, { events: RecordedWater[]; latestIrrigationDay: RecordedWater[] }> = {
  'nothing recorded': { events: [], latestIrrigationDay: [] },
  'a refill 3 days ago': { events: [irrigation(3, 200)], latestIrrigationDay: [irrigation(3, 200)] },
  'gauge rain and a light irrigation': {
    events: [{ date: addDays(TODAY, -2), kind: 'rain', depthMm: 5 }, irrigation(5, 20)],
    latestIrrigationDay: [irrigation(5, 20)],
  },
  'an irrigation 40 days ago': { events: [], latestIrrigationDay: [irrigation(40, 50)] },
};

function advisories(language: AdvisoryLanguage): { name: string; advisory: Advisory }[] {
  const all = [];
  for (const [weatherName, weather] of Object.entries(WEATHER))
    for (const [cropName, crop] of Object.entries(CROPS)) {
      const base = { today: TODAY, ...PLACE, forecast: forecast(weather), cycle: crop, language };
      for (const soilTexture of SOILS) {
        all.push({ name: `${weatherName}, ${cropName}, ${soilTexture}`, advisory: buildAdvisory({ ...base, soilTexture }) });
      }
      const history = { source: base.forecast.source, days: Array.from({ length: 40 }, (_, i) => dailyOf(weather)(i - 40)) };
      for (const [recordName, recordedWater] of Object.entries(RECORDS)) {
        const advisory = buildAdvisory({ ...base, soilTexture: 'loam', history, recordedWater });
        all.push({ name: `${weatherName}, ${cropName}, loam, ${recordName}`, advisory });
      }
    }
  return all;
}

/** Every string in a JSON value, with its path. */
function* strings(value: unknown, path = ''): Generator<[string, string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* strings(v, `${path}[${i}]`);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* strings(v, path ? `${path}.${k}` : k);
}

/** What a field that is not a sentence may hold: a code, an ISO 8601 date or time, a UUID or a unit. */
const MACHINE_VALUE = [
  /^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$/, // codes: loam, irrigate-by, very-heavy, tur_arhar
  /^\d{4}-\d{2}-\d{2}$/,
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/,
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  /^(?:°C|mm|km\/h)$/,
];
/**
 * Fields that are neither codes nor the advisory's own sentences: the degree days' bibliographic
 * source (a citation, quoted as published) and the weather service's own warnings, passed through.
 */
const QUOTED = [/^gddSinceSowing\.source$/, /^alerts\[/];
/** Units written as symbols in Hindi sentences too. */
const UNIT_SYMBOLS = ['°C'];
const LATIN = /[A-Za-z]/;
const DEVANAGARI = /[\u0900-\u097F]/;
const ISO_IN_TEXT = /\d{4}-\d{2}-\d{2}|T\d{2}:\d{2}/;

const sentences = (advisory: Advisory) =>
  [...strings(advisory)].filter(([path, value]) => !QUOTED.some((q) => q.test(path)) && !MACHINE_VALUE.some((m) => m.test(value)));

describe('advisories in the reader’s language', () => {
  const hindi = advisories('hi');
  const english = advisories('en');

  it('covers every kind of text: each irrigation action and reason, risk, rain class, stage, cycle choice and spray answer', () => {
    const seen = (pick: (a: Advisory) => (string | null | undefined)[]) => new Set(hindi.flatMap(({ advisory }) => pick(advisory)));
    assert.deepEqual([...seen((a) => [a.irrigation.action])].sort(), [
      'irrigate-by',
      'irrigate-now',
      'not-needed',
      'unavailable',
      'wait-for-rain',
    ]);
    assert.deepEqual([...seen((a) => [a.irrigation.reason])].sort(), ['flooded-rice', 'no-coefficients', 'no-crop', undefined].sort());
    assert.deepEqual([...seen((a) => a.risks.map((r) => r.kind))].sort(), ['frost', 'heat', 'heavy-rain', 'high-wind']);
    assert.deepEqual(
      [...seen((a) => a.risks.map((r) => r.rainClass))].sort(),
      ['extremely-heavy', 'heavy', 'very-heavy', undefined].sort(),
    );
    assert.deepEqual(
      [...seen((a) => [a.cropCycle?.stage])].sort(),
      // null: moong has no FAO-56 stage lengths; undefined: no crop.
      ['before-sowing', 'development', 'harvested', 'initial', 'late-season', 'mid-season', null, undefined].sort(),
    );
    assert.deepEqual([...seen((a) => [a.cropCycle?.selectedBecause])].sort(), ['next-sowing', 'standing', undefined].sort());
    assert.ok(hindi.some(({ advisory }) => advisory.cropCycle?.standingCycles === 2));
    assert.ok(hindi.some(({ advisory }) => advisory.cropCycle?.expectedHarvestDate));
    assert.ok(
      hindi.some(({ advisory }) => advisory.gddSinceSowing) && hindi.some(({ advisory }) => advisory.cropCycle && !advisory.gddSinceSowing),
    );
    assert.ok(
      hindi.some(({ advisory }) => advisory.sprayWindows.length > 0) && hindi.some(({ advisory }) => advisory.sprayWindows.length === 0),
    );
    assert.deepEqual(
      [...seen((a) => [a.irrigation.startsFrom])].sort(),
      ['look-back-limit', 'refill', 'sowing', 'weather-start', undefined].sort(),
    );
    assert.deepEqual(
      [
        ...seen((a) => [a.irrigation.lastIrrigation === undefined ? undefined : String(a.irrigation.lastIrrigation?.counted ?? null)]),
      ].sort(),
      ['false', 'null', 'true', undefined].sort(),
    );
  });

  it('writes a Hindi advisory in Devanagari throughout, but for numbers, °C, codes and ISO fields', () => {
    let checked = 0;
    for (const { name, advisory } of hindi) {
      for (const [path, text] of sentences(advisory)) {
        checked += 1;
        const bare = UNIT_SYMBOLS.reduce((t, unit) => t.replaceAll(unit, ''), text);
        assert.doesNotMatch(bare, LATIN, `${name}: ${path} has Latin letters: ${text}`);
        assert.match(text, DEVANAGARI, `${name}: ${path}`);
      }
      // The sentences the advisory always has are among those checked.
      const paths = sentences(advisory).map(([path]) => path);
      for (const path of ['irrigation.text', 'sprayText', ...(advisory.cropCycle ? ['cropCycle.text', 'cropCycle.selectionText'] : [])])
        assert.ok(paths.includes(path), `${name}: ${path}`);
      if (advisory.irrigation.action !== 'unavailable') assert.ok(paths.includes('irrigation.assumption'), name);
    }
    assert.ok(checked > 500, `${checked} Hindi sentences`);
  });

  it('writes no ISO date or time in a sentence, in either language', () => {
    for (const { name, advisory } of [...hindi, ...english])
      for (const [path, text] of sentences(advisory)) assert.doesNotMatch(text, ISO_IN_TEXT, `${name}: ${path}: ${text}`);
  });

  it('writes dates and times as people read them: "6 Dec, 8 am", "6 दिस॰, सुबह 8 बजे"', () => {
    assert.deepEqual(readableTime('2026-12-06T04:00+05:30'), { en: '6 Dec, 4 am', hi: '6 दिस॰, सुबह 4 बजे' });
    // The same instant in another offset is the same IST time; minutes show when there are some.
    assert.deepEqual(readableTime('2026-12-06T11:00:00Z'), { en: '6 Dec, 4:30 pm', hi: '6 दिस॰, शाम 4:30 बजे' });
    assert.deepEqual(readableTime('2026-12-06T12:00+05:30', { day: false }), { en: '12 pm', hi: 'दोपहर 12 बजे' });
    assert.deepEqual(readableTime('2026-12-06T21:00+05:30', { day: false }), { en: '9 pm', hi: 'रात 9 बजे' });
    assert.deepEqual(readableDate('2026-12-06'), { en: '6 Dec', hi: '6 दिस॰' });
    assert.deepEqual(readableDate('2024-06-20', { year: true }), { en: '20 Jun 2024', hi: '20 जून 2024' });

    const ask = (language: AdvisoryLanguage) =>
      buildAdvisory({
        today: TODAY,
        ...PLACE,
        forecast: forecast(WEATHER['dry spell']!),
        cycle: CROPS['wheat, development']!,
        soilTexture: 'loam',
        language,
      });
    const [en, hi] = [ask('en'), ask('hi')];
    // The calm, dry nights would suit spraying but for the dark: the first window opens at the first
    // whole hour after sunrise and closes at the last before sunset.
    assert.match(en.sprayText, /; the first is 6 Dec, 8 am to 5 pm \(9 h\): daylight, /);
    assert.match(hi.sprayText, /; पहला 6 दिस॰, सुबह 8 बजे से शाम 5 बजे तक \(9 घंटे\): दिन का उजाला, /);
    // Without history, degree days count the 8 days the forecast has since sowing: 8 × (29 + 14) / 2.
    assert.equal(en.cropCycle?.text, 'Wheat sown on 6 Nov 2026: day 30, 172 growing degree days (base 0 °C); development stage.');
    assert.equal(hi.cropCycle?.text, 'गेहूँ, बुवाई 6 नव॰ 2026: 30वाँ दिन, 172 वृद्धि डिग्री दिवस (आधार 0 °C); विकास अवस्था।');
    assert.match(en.irrigation.assumption!, /^The root zone is taken to be at field capacity at the start of 29 Nov;/);
    assert.match(hi.irrigation.assumption!, /^माना गया है कि 29 नव॰ की शुरुआत में /);
  });

  it('gives spray windows in IST at both ends, each within one day’s daylight at the field', () => {
    for (const { name, advisory } of hindi) {
      for (const w of advisory.sprayWindows) {
        assert.match(w.start, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}\+05:30$/, name);
        assert.match(w.end, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}\+05:30$/, name);
        assert.equal((Date.parse(w.end) - Date.parse(w.start)) / 3_600_000, w.hours, name);
        const sun = sunTimes(w.start.slice(0, 10), PLACE.latitudeDeg, PLACE.longitudeDeg);
        assert.ok(Date.parse(w.start) >= sun.sunriseMs && Date.parse(w.end) <= sun.sunsetMs, `${name}: ${w.start}–${w.end}`);
        // An almanac's bounds for Nashik in early December, independent of the computation: sunrise
        // after 6:55, sunset before 18:00.
        assert.ok(w.start.slice(11, 16) >= '07:00' && w.end.slice(11, 16) <= '18:00', `${name}: ${w.start}–${w.end}`);
      }
    }
    // A source writing its hours in UTC still gets IST windows.
    const utc = forecast(WEATHER['dry spell']!);
    utc.hourly = utc.hourly.map((h) => ({ ...h, time: new Date(Date.parse(h.time)).toISOString() }));
    const advisory = buildAdvisory({ today: TODAY, ...PLACE, forecast: utc, cycle: null, soilTexture: 'loam', language: 'en' });
    assert.deepEqual(advisory.sprayWindows[0] && [advisory.sprayWindows[0].start, advisory.sprayWindows[0].end], [istHour(8), istHour(17)]);
  });

  it('names the offline twin in every sentence resting on its weather, in both languages', () => {
    const twin = (language: AdvisoryLanguage) =>
      (language === 'hi' ? hindi : english).filter(({ name }) => name.startsWith('offline twin'));
    const notes = {
      en: 'Invented weather from the offline twin, not a forecast: ',
      hi: 'यह असली पूर्वानुमान नहीं, ऑफ़लाइन ट्विन (नमूना मौसम मॉडल) का गढ़ा हुआ मौसम है: ',
    };
    for (const language of ['en', 'hi'] as const) {
      for (const { name, advisory } of twin(language)) {
        const resting = [
          advisory.sprayText,
          ...advisory.risks.map((r) => r.text),
          ...(advisory.irrigation.action === 'unavailable' ? [] : [advisory.irrigation.text]),
          ...(advisory.gddSinceSowing ? [advisory.cropCycle!.text] : []),
        ];
        for (const text of resting) assert.ok(text.startsWith(notes[language]), `${language} ${name}: ${text}`);
      }
      // Real weather is never called invented.
      for (const { advisory } of (language === 'hi' ? hindi : english).filter(({ name }) => !name.startsWith('offline twin')))
        for (const [, text] of sentences(advisory)) assert.ok(!text.includes(notes[language]), text);
    }
    assert.ok(twin('hi').some(({ advisory }) => advisory.risks.length > 0));
  });

  it('has no Latin letters in any Hindi sentence texts.ts can write, beyond °C', () => {
    // Reads the source, so a sentence added to texts.ts is held to the rule before any test builds it.
    const file = new URL('../../src/modules/advisories/texts.ts', import.meta.url);
    const source = ts.createSourceFile('texts.ts', readFileSync(file, 'utf8'), ts.ScriptTarget.ES2023, true);
    const literals: string[] = [];
    const visit = (node: ts.Node) => {
      if (ts.isPropertyAssignment(node) && node.name.getText(source) === 'hi') {
        const value = node.initializer;
        if (ts.isStringLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value)) literals.push(value.text);
        else if (ts.isTemplateExpression(value)) literals.push(value.head.text, ...value.templateSpans.map((s) => s.literal.text));
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    assert.ok(literals.length > 40, `${literals.length} Hindi literals`);
    for (const literal of literals) assert.doesNotMatch(literal.replaceAll('°C', ''), LATIN, literal);
  });
});
