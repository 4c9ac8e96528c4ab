import Type, { type TSchema } from 'typebox';
import { oneOf, orNull } from '../../http/schemas.js';

// Responses are serialised, not validated, so an object-or-null can be a plain union here.
const objectOrNull = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const Num = Type.Number();
const NumOrNull = orNull(Type.Number());

const Day = Type.Object({
  date: Type.String({ format: 'date' }),
  forecast: Type.Boolean({ description: 'true for today and the days ahead, false for the recent past' }),
  tMaxC: Num,
  tMinC: Num,
  rainMm: Num,
  et0Mm: Type.Number({ description: 'FAO-56 Penman–Monteith reference evapotranspiration' }),
  et0RadiationMethod: Type.Union([Type.Literal('measured'), Type.Literal('hargreaves')]),
  kc: NumOrNull,
  etcMm: NumOrNull,
  stage: orNull(Type.String()),
});

const Irrigation = Type.Object({
  action: oneOf(['irrigate-now', 'wait-for-rain', 'irrigate-by', 'not-needed', 'unavailable']),
  reason: Type.Optional(Type.String()),
  date: Type.Optional(Type.String({ format: 'date' })),
  netDepthMm: Type.Optional(Num),
  depletionMm: Type.Optional(Num),
  readilyAvailableWaterMm: Type.Optional(Num),
  totalAvailableWaterMm: Type.Optional(Num),
  rootDepthM: Type.Optional(Num),
  soilTexture: Type.String(),
  balanceStartsOn: Type.Optional(Type.String({ format: 'date' })),
  startsFrom: Type.Optional(
    oneOf(['sowing', 'look-back-limit', 'weather-start', 'refill'], {
      description:
        'what the starting depletion rests on: field capacity assumed at balanceStartsOn (the sowing date, 30 days back, or the first day with weather), or refill: a day whose rain and irrigation filled the root zone whatever it held (refilledOn)',
    }),
  ),
  refilledOn: Type.Optional(Type.String({ format: 'date' })),
  lastIrrigation: Type.Optional(
    objectOrNull(
      Type.Object({
        date: Type.String({ format: 'date' }),
        depthMm: Num,
        counted: Type.Boolean({ description: 'whether it falls within the days the water balance counts' }),
      }),
    ),
  ),
  recordedEventsCounted: Type.Optional(Type.Integer({ description: 'recorded irrigation and rain events the water balance counts' })),
  assumption: Type.Optional(Type.String()),
  text: Type.String(),
});

const Gdd = Type.Object({
  value: Num,
  tBaseC: Num,
  tUpperC: Type.Optional(Num),
  method: Type.String(),
  daysCounted: Type.Integer(),
  missingDays: Type.Integer({ description: 'days since sowing the weather sources did not cover' }),
  source: Type.String(),
});

const Risk = Type.Object({
  kind: oneOf(['heat', 'frost', 'heavy-rain', 'high-wind']),
  date: Type.String({ format: 'date' }),
  value: Num,
  threshold: Num,
  unit: Type.String(),
  rainClass: Type.Optional(Type.String()),
  text: Type.String(),
});

const SprayWindow = Type.Object({
  start: Type.String({ description: 'start of the first suitable hour, ISO 8601 in IST: 2026-12-06T08:00+05:30' }),
  end: Type.String({
    description: 'end of the last suitable hour (exclusive), ISO 8601 in IST (+05:30); within the daylight of the same day',
  }),
  hours: Type.Integer(),
  maxWindKmh: Num,
  maxTempC: Num,
});

const Alert = Type.Object({
  sender: Type.String(),
  event: Type.String(),
  start: Type.String(),
  end: Type.String(),
  description: Type.String(),
  tags: Type.Array(Type.String()),
});

export const AdvisorySchema = Type.Object({
  language: Type.Union([Type.Literal('en'), Type.Literal('hi')]),
  today: Type.String({ format: 'date' }),
  weather: Type.Object({
    source: Type.String(),
    stale: Type.Boolean(),
    fetchedAt: Type.String(),
    historySource: Type.Optional(Type.String()),
  }),
  cropCycle: objectOrNull(
    Type.Object({
      id: Type.String({ format: 'uuid' }),
      crop: Type.String(),
      cropName: Type.String(),
      sowingDate: Type.String({ format: 'date' }),
      expectedHarvestDate: orNull(Type.String({ format: 'date' })),
      selectedBecause: Type.Union([Type.Literal('standing'), Type.Literal('next-sowing')], {
        description:
          'why this cycle: standing (sown on or before today, expected harvest not past; the latest sown when several stand) or next-sowing (none stands; the next one to be sown)',
      }),
      standingCycles: Type.Integer({ description: 'cycles standing on the field today; more than one on an intercropped field' }),
      selectionText: Type.String({ description: 'which cycle the advice is for and why, in the answer language' }),
      dayAfterSowing: Type.Integer(),
      stage: orNull(Type.String()),
      stageLengthsEstimated: Type.Boolean(),
      kc: NumOrNull,
      text: Type.String(),
    }),
  ),
  gddSinceSowing: objectOrNull(Gdd),
  days: Type.Array(Day),
  irrigation: Irrigation,
  sprayWindows: Type.Array(SprayWindow),
  sprayText: Type.String(),
  risks: Type.Array(Risk),
  alerts: Type.Array(Alert, { description: "the weather service's own warnings (OpenWeather), passed through" }),
});
