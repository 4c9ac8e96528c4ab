import Type from 'typebox';
import { PageQuery } from '../../http/pagination.js';
import { calendarDate, oneOf, orNull } from '../../http/schemas.js';

/** The kinds of water a field records: an irrigation, or rain read from the field's own gauge. */
export const WATER_KINDS = ['irrigation', 'rain'] as const;

/**
 * A day's depth is at most 500 mm: more than any single irrigation, and well past the IMD's
 * "extremely heavy" rain (204.5 mm and more in a day); anything larger is a typing slip.
 */
export const MAX_DEPTH_MM = 500;

export const FieldIrrigationCreate = Type.Object(
  {
    id: Type.Optional(
      Type.String({ format: 'uuid', description: 'a client-made id (offline creation); a retried create returns the first' }),
    ),
    date: calendarDate({ description: 'YYYY-MM-DD, the day the water fell or was given; not in the future (India Standard Time)' }),
    depthMm: Type.Number({
      exclusiveMinimum: 0,
      maximum: MAX_DEPTH_MM,
      description:
        'mm of water: for an irrigation the net depth that entered the soil (FAO-56 Ii), for rain the reading of the field’s gauge',
    }),
    kind: Type.Optional(
      oneOf(WATER_KINDS, {
        description: 'irrigation (default), or rain measured on the field: it replaces the weather source’s rain for that day',
      }),
    ),
    note: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const FieldIrrigation = Type.Object({
  id: Type.String({ format: 'uuid' }),
  fieldId: Type.String({ format: 'uuid' }),
  date: Type.String({ format: 'date' }),
  kind: oneOf(WATER_KINDS),
  depthMm: Type.Number(),
  note: orNull(Type.String()),
  createdBy: orNull(Type.String()),
  version: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
});

export const FieldIrrigationListQuery = Type.Object(
  {
    ...PageQuery.properties,
    from: Type.Optional(calendarDate({ description: 'YYYY-MM-DD: events on or after this day' })),
    to: Type.Optional(calendarDate({ description: 'YYYY-MM-DD: events on or before this day' })),
  },
  { additionalProperties: false },
);
