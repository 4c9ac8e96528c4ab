import Type, { type Static } from 'typebox';
import { orNull } from '../../../http/schemas.js';

const Season = Type.Enum(['kharif', 'rabi', 'zaid'], { description: 'kharif (monsoon), rabi (winter) or zaid (summer)' });
const IRRIGATION = ['rainfed', 'canal', 'tubewell', 'drip', 'sprinkler', 'other'] as const;
const Irrigation = Type.Enum(IRRIGATION);
const day = (description: string) => Type.String({ format: 'date', description });

const editable = {
  crop: Type.String({ minLength: 1, maxLength: 50, description: 'a code of the crop catalogue, e.g. paddy, wheat, cotton' }),
  variety: Type.String({ minLength: 1, maxLength: 100 }),
  season: Season,
  sowingDate: day('YYYY-MM-DD'),
  expectedHarvestDate: day('YYYY-MM-DD, after sowingDate'),
  irrigation: Irrigation,
  intercrop: Type.Boolean({
    description:
      'true when this crop shares the field with another cycle whose dates overlap (intercropping); without it an overlap is refused. ' +
      'Not stored: a change of dates or crop that still overlaps sends it again',
  }),
};

export const CropCycleCreate = Type.Object(
  {
    id: Type.Optional(
      Type.String({ format: 'uuid', description: 'a client-made id (offline creation); a retried create returns the first' }),
    ),
    crop: editable.crop,
    variety: Type.Optional(editable.variety),
    season: Type.Optional(
      Type.Enum(['kharif', 'rabi', 'zaid'], {
        description: "kharif (monsoon), rabi (winter) or zaid (summer); omitted, the crop's season when the catalogue lists one",
      }),
    ),
    sowingDate: editable.sowingDate,
    expectedHarvestDate: Type.Optional(editable.expectedHarvestDate),
    irrigation: Type.Optional(editable.irrigation),
    intercrop: Type.Optional(editable.intercrop),
  },
  { additionalProperties: false },
);

/** Every field optional; null clears an optional one. */
export const CropCyclePatch = Type.Object(
  {
    crop: Type.Optional(editable.crop),
    variety: Type.Optional(orNull(editable.variety)),
    season: Type.Optional(editable.season),
    sowingDate: Type.Optional(editable.sowingDate),
    expectedHarvestDate: Type.Optional(orNull(editable.expectedHarvestDate)),
    irrigation: Type.Optional(Type.Unsafe<Static<typeof Irrigation> | null>({ type: ['string', 'null'], enum: [...IRRIGATION, null] })),
    intercrop: Type.Optional(editable.intercrop),
  },
  { additionalProperties: false },
);

export const CropCycle = Type.Object({
  id: Type.String(),
  fieldId: Type.String(),
  farmerId: Type.String(),
  crop: Type.String(),
  variety: Type.Union([Type.String(), Type.Null()]),
  season: Season,
  sowingDate: Type.String({ format: 'date' }),
  expectedHarvestDate: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  irrigation: Type.Union([Irrigation, Type.Null()]),
  version: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
