import Type, { type TSchema } from 'typebox';
import { calendarDate, orNull } from '../../../http/schemas.js';

/**
 * Soil Health Card parameters, in the card's units: N, P, K in kg/ha; pH; EC in dS/m; OC in %;
 * S, Zn, Fe, Mn, Cu, B in ppm.
 */
export const MEASUREMENTS = ['n', 'p', 'k', 'ph', 'ec', 'oc', 's', 'zn', 'fe', 'mn', 'cu', 'b'] as const;
export type Measurement = (typeof MEASUREMENTS)[number];
/** The values a test measured, as stored (a JSON object) and shown (flat in the record). */
export type Measurements = Partial<Record<Measurement, number>>;

const amount = (description: string) => Type.Number({ minimum: 0, description });

const values = {
  n: amount('available nitrogen, kg/ha'),
  p: amount('available phosphorus, kg/ha'),
  k: amount('available potassium, kg/ha'),
  ph: Type.Number({ minimum: 0, maximum: 14, description: 'pH' }),
  ec: amount('electrical conductivity, dS/m'),
  oc: Type.Number({ minimum: 0, maximum: 100, description: 'organic carbon, %' }),
  s: amount('available sulphur, ppm'),
  zn: amount('zinc, ppm'),
  fe: amount('iron, ppm'),
  mn: amount('manganese, ppm'),
  cu: amount('copper, ppm'),
  b: amount('boron, ppm'),
};

const sampledOn = calendarDate({ description: 'YYYY-MM-DD, not in the future (India Standard Time)' });
const lab = Type.String({ minLength: 1, maxLength: 200 });

export const SoilTestCreate = Type.Object(
  {
    id: Type.Optional(
      Type.String({ format: 'uuid', description: 'a client-made id (offline creation); a retried create returns the first' }),
    ),
    sampledOn,
    lab: Type.Optional(lab),
    n: Type.Optional(values.n),
    p: Type.Optional(values.p),
    k: Type.Optional(values.k),
    ph: Type.Optional(values.ph),
    ec: Type.Optional(values.ec),
    oc: Type.Optional(values.oc),
    s: Type.Optional(values.s),
    zn: Type.Optional(values.zn),
    fe: Type.Optional(values.fe),
    mn: Type.Optional(values.mn),
    cu: Type.Optional(values.cu),
    b: Type.Optional(values.b),
  },
  { additionalProperties: false },
);

const clearable = <T extends TSchema>(schema: T) => Type.Optional(orNull(schema));

/** Every field optional; null clears a value (at least one measurement must remain). */
export const SoilTestPatch = Type.Object(
  {
    sampledOn: Type.Optional(sampledOn),
    lab: Type.Optional(orNull(lab)),
    n: clearable(values.n),
    p: clearable(values.p),
    k: clearable(values.k),
    ph: clearable(values.ph),
    ec: clearable(values.ec),
    oc: clearable(values.oc),
    s: clearable(values.s),
    zn: clearable(values.zn),
    fe: clearable(values.fe),
    mn: clearable(values.mn),
    cu: clearable(values.cu),
    b: clearable(values.b),
  },
  { additionalProperties: false },
);

/** Measured values appear; unmeasured ones are left out. */
export const SoilTest = Type.Object({
  id: Type.String(),
  fieldId: Type.String(),
  farmerId: Type.String(),
  sampledOn: Type.String({ format: 'date' }),
  lab: Type.Union([Type.String(), Type.Null()]),
  n: Type.Optional(Type.Number()),
  p: Type.Optional(Type.Number()),
  k: Type.Optional(Type.Number()),
  ph: Type.Optional(Type.Number()),
  ec: Type.Optional(Type.Number()),
  oc: Type.Optional(Type.Number()),
  s: Type.Optional(Type.Number()),
  zn: Type.Optional(Type.Number()),
  fe: Type.Optional(Type.Number()),
  mn: Type.Optional(Type.Number()),
  cu: Type.Optional(Type.Number()),
  b: Type.Optional(Type.Number()),
  version: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
