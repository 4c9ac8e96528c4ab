import Type from 'typebox';
import { PageQuery } from '../../../http/pagination.js';
import { calendarDate, oneOf, oneOfOrNull, orNull } from '../../../http/schemas.js';
import { APPLICATION_STATUSES } from './status.js';

export const ApplicationCreate = Type.Object(
  {
    id: Type.Optional(
      Type.String({ format: 'uuid', description: 'a client-made id (offline creation); a retried create returns the first' }),
    ),
    farmerId: Type.String({ format: 'uuid' }),
    schemeId: Type.String({ format: 'uuid', description: 'a scheme of GET /v1/schemes' }),
    note: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  },
  { additionalProperties: false },
);

export const ApplicationPatch = Type.Object(
  {
    status: oneOf(APPLICATION_STATUSES, { description: 'the next status; only the transitions in allowedTransitions' }),
    note: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, description: 'why, kept in the history' })),
  },
  { additionalProperties: false },
);

export const Application = Type.Object({
  id: Type.String({ format: 'uuid' }),
  farmerId: Type.String({ format: 'uuid' }),
  schemeId: Type.String({ format: 'uuid' }),
  status: oneOf(APPLICATION_STATUSES),
  allowedTransitions: Type.Array(oneOf(APPLICATION_STATUSES), { description: 'the statuses the caller may move it to next' }),
  history: Type.Array(
    Type.Object({
      from: oneOfOrNull(APPLICATION_STATUSES),
      to: oneOf(APPLICATION_STATUSES),
      by: orNull(Type.String()),
      at: Type.String({ format: 'date-time' }),
      note: orNull(Type.String()),
    }),
  ),
  createdBy: orNull(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  version: Type.Integer(),
});

export const ApplicationListQuery = Type.Object(
  {
    ...PageQuery.properties,
    schemeId: Type.Optional(Type.String({ format: 'uuid' })),
    status: Type.Optional(oneOf(APPLICATION_STATUSES)),
    farmerId: Type.Optional(Type.String({ format: 'uuid' })),
    from: Type.Optional(calendarDate({ description: 'YYYY-MM-DD: created on or after this day' })),
    to: Type.Optional(calendarDate({ description: 'YYYY-MM-DD: created on or before this day' })),
  },
  { additionalProperties: false },
);
