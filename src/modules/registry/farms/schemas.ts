import Type from 'typebox';
import { orNull } from '../../../http/schemas.js';

const editable = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  village: Type.String({ maxLength: 200 }),
  district: Type.String({ maxLength: 200 }),
  state: Type.String({ maxLength: 100 }),
  farmerId: Type.String({ format: 'uuid', description: 'the farmer who holds the farm' }),
};

export const FarmCreate = Type.Object(
  {
    id: Type.Optional(
      Type.String({ format: 'uuid', description: 'a client-made id (offline creation); a retried create returns the first' }),
    ),
    farmerId: editable.farmerId,
    name: editable.name,
    village: Type.Optional(editable.village),
    district: Type.Optional(editable.district),
    state: Type.Optional(editable.state),
  },
  { additionalProperties: false },
);

/** Every field optional; null clears an optional one. A new farmerId moves the farm with its fields. */
export const FarmPatch = Type.Object(
  {
    farmerId: Type.Optional(editable.farmerId),
    name: Type.Optional(editable.name),
    village: Type.Optional(orNull(editable.village)),
    district: Type.Optional(orNull(editable.district)),
    state: Type.Optional(orNull(editable.state)),
  },
  { additionalProperties: false },
);

const nullable = () => Type.Union([Type.String(), Type.Null()]);

export const Farm = Type.Object({
  id: Type.String(),
  farmerId: Type.String(),
  name: Type.String(),
  village: nullable(),
  district: nullable(),
  state: nullable(),
  version: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const FarmListQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  cursor: Type.Optional(Type.String({ maxLength: 512 })),
  farmerId: Type.Optional(Type.String({ format: 'uuid', description: "only this farmer's farms" })),
});
