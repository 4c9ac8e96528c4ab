import Type from 'typebox';

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
