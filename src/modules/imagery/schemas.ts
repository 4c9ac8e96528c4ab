import Type from 'typebox';
import { calendarDate, oneOf, orNull } from '../../http/schemas.js';

const Day = calendarDate({ description: 'YYYY-MM-DD (UTC)' });
const IndexName = oneOf(['ndvi', 'evi', 'ndwi']);
const NumOrNull = orNull(Type.Number());

export const AnalysisRequest = Type.Object(
  {
    from: Day,
    to: Day,
    index: Type.Optional(IndexName),
    maxCloudPct: Type.Optional(Type.Number({ minimum: 0, maximum: 100, description: 'skip scenes whose tile is cloudier; default 40' })),
  },
  { additionalProperties: false },
);

export const AnalysisAccepted = Type.Object({ analysisId: Type.String({ format: 'uuid' }), jobId: Type.String() });

export const SceneStatistics = Type.Object({
  sceneId: Type.String(),
  acquiredAt: Type.String({ format: 'date-time' }),
  provider: Type.String(),
  cloudPct: Type.Number(),
  validPixelPct: Type.Number(),
  pixelsInField: Type.Integer(),
  mean: NumOrNull,
  median: NumOrNull,
  std: NumOrNull,
  p10: NumOrNull,
  p90: NumOrNull,
  min: NumOrNull,
  max: NumOrNull,
  assets: Type.Record(Type.String(), Type.String(), {
    description:
      'the assets the numbers were computed from: the catalogue URL of each (without its query), or for the offline twin the scene folder and file name',
  }),
});

export const Analysis = Type.Object({
  id: Type.String({ format: 'uuid' }),
  fieldId: Type.String({ format: 'uuid' }),
  jobId: orNull(Type.String()),
  status: oneOf(['queued', 'running', 'succeeded', 'failed']),
  from: Type.String(),
  to: Type.String(),
  maxCloudPct: Type.Number(),
  index: IndexName,
  provider: orNull(Type.String()),
  scenesFound: orNull(Type.Integer()),
  scenesProcessed: Type.Integer(),
  error: orNull(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  finishedAt: orNull(Type.String({ format: 'date-time' })),
  scenes: Type.Array(SceneStatistics),
});

export const IndexQuery = Type.Object({ index: Type.Optional(IndexName) });
