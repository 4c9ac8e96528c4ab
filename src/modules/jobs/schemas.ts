import Type from 'typebox';
import { PageQuery } from '../../http/pagination.js';
import { oneOf } from '../../http/schemas.js';

export const Job = Type.Object(
  {
    id: Type.String(),
    type: Type.String(),
    status: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('succeeded'), Type.Literal('failed')]),
    progress: Type.Number({ minimum: 0, maximum: 100 }),
    result: Type.Optional(Type.Unknown()),
    error: Type.Optional(Type.String()),
    attempts: Type.Integer(),
    createdAt: Type.String({ format: 'date-time' }),
    finishedAt: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { $id: 'Job' },
);

export const JobListQuery = Type.Object(
  {
    ...PageQuery.properties,
    type: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$',
        description: 'a job type, e.g. imagery.analyse-field',
      }),
    ),
    status: Type.Optional(oneOf(['queued', 'running', 'succeeded', 'failed'] as const)),
  },
  { additionalProperties: false },
);
