import Type from 'typebox';
import { PageQuery } from '../../http/pagination.js';
import { oneOf, orNull } from '../../http/schemas.js';
import { INTIMATION_WINDOW_HOURS, LOSS_CAUSES, PHOTO_TOLERANCE_M } from './loss-rules.js';
import { PMFBY_CLASSES } from './premium.js';

export const PremiumRequest = Type.Object(
  {
    crop: Type.String({ minLength: 1, maxLength: 64, description: 'a crop code of GET /v1/crops' }),
    season: oneOf(['kharif', 'rabi'] as const),
    areaHa: Type.Number({ exclusiveMinimum: 0, maximum: 100_000, description: 'insured area in hectares' }),
    sumInsuredPerHaInr: Type.Number({
      exclusiveMinimum: 0,
      maximum: 10_000_000,
      description: 'sum insured per hectare in rupees, as notified for the crop and district (scale of finance)',
    }),
    actuarialRatePct: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        maximum: 100,
        description: "the insurer's actuarial premium rate in %; adds the total premium and the government's share",
      }),
    ),
  },
  { additionalProperties: false },
);

export const Premium = Type.Object({
  crop: Type.String(),
  season: oneOf(['kharif', 'rabi'] as const),
  cropClass: oneOf(PMFBY_CLASSES),
  areaHa: Type.Number(),
  sumInsuredInr: Type.Number(),
  farmerRatePct: Type.Number(),
  farmerPremiumInr: Type.Number(),
  actuarialRatePct: Type.Optional(Type.Number()),
  totalPremiumInr: Type.Optional(Type.Number()),
  governmentPremiumInr: Type.Optional(
    Type.Number({ description: 'the actuarial premium above the farmer’s share, paid by the Centre and the State together' }),
  ),
  basis: Type.String(),
});

const Geotag = {
  lat: Type.Number({ minimum: -90, maximum: 90 }),
  lon: Type.Number({ minimum: -180, maximum: 180 }),
  takenAt: Type.String({ format: 'date-time', description: 'when the photo was taken' }),
};

export const CropLossReportCreate = Type.Object(
  {
    id: Type.Optional(
      Type.String({ format: 'uuid', description: 'a client-made id (offline creation); a retried create returns the first' }),
    ),
    cause: oneOf(LOSS_CAUSES),
    lossAt: Type.String({ format: 'date-time', description: 'when the loss happened; not in the future' }),
    photos: Type.Array(
      Type.Object({ ...Geotag, caption: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }, { additionalProperties: false }),
      { minItems: 1, maxItems: 10, description: `geotagged photos of the damage, each within ${PHOTO_TOLERANCE_M} m of the field` },
    ),
    description: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const CropLossReport = Type.Object({
  id: Type.String({ format: 'uuid' }),
  fieldId: Type.String({ format: 'uuid' }),
  farmerId: Type.String({ format: 'uuid' }),
  cropCycleId: orNull(Type.String({ format: 'uuid', description: 'the crop cycle standing on the field on the day of the loss' })),
  crop: orNull(Type.String()),
  cause: oneOf(LOSS_CAUSES),
  lossAt: Type.String({ format: 'date-time' }),
  reportedAt: Type.String({ format: 'date-time' }),
  late: Type.Boolean({ description: `reported more than ${INTIMATION_WINDOW_HOURS} hours after the loss` }),
  locationFlagged: Type.Boolean({ description: `a photo was taken more than ${PHOTO_TOLERANCE_M} m from the field` }),
  photos: Type.Array(
    Type.Object({
      ...Geotag,
      caption: orNull(Type.String()),
      distanceM: Type.Number({ description: '0 inside the field, else metres to its nearest edge' }),
      nearField: Type.Boolean(),
    }),
  ),
  description: orNull(Type.String()),
  createdBy: orNull(Type.String()),
  version: Type.Integer(),
});

export const CropLossReportListQuery = Type.Object(
  {
    ...PageQuery.properties,
    fieldId: Type.Optional(Type.String({ format: 'uuid' })),
    late: Type.Optional(Type.Boolean()),
    locationFlagged: Type.Optional(Type.Boolean()),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'losses at or after this instant' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'losses at or before this instant' })),
  },
  { additionalProperties: false },
);
