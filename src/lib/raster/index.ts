// The public surface of the raster library: Sentinel-2 L2A scenes to per-field index statistics.
// Pure functions over typed arrays, no I/O: the imagery module reads the COG windows and hands
// them here. Built for throughput (one tile, a thousand fields): scan-line rasterisation, a single
// pass per field for all three indices, no allocation per pixel.
export { RasterInputError } from './errors.js';
export {
  coveringWindow,
  cropToWindow,
  epsgFromGeoKeys,
  pixelGridOf,
  requirePixelGrid,
  windowBounds,
  windowGrid,
  type Bounds,
  type GeoTiffImageGrid,
  type PixelGrid,
  type PixelWindow,
} from './grid.js';
export {
  S2_BOA_OFFSET,
  S2_OFFSET_BASELINE,
  S2_REFLECTANCE_SCALE,
  dnToReflectance,
  parseProcessingBaseline,
  reflectanceScaling,
  type RasterBandsEntry,
  type ReflectanceScaling,
  type Scaling,
  type ScalingInput,
} from './reflectance.js';
export { SCL_CLASSES, SCL_CLOUD, SCL_EXCLUDED, SCL_FLAG_CLOUD, SCL_FLAG_EXCLUDED, sclFlags, type SclClass } from './scl.js';
export {
  projectBoundary,
  projectedBounds,
  projectorForEpsg,
  utmProj4Definition,
  utmZoneOfEpsg,
  type ProjectedPolygon,
  type Projector,
} from './projection.js';
export { fieldMask, rasterizeField, type FieldMask, type RasterizeOptions } from './field-mask.js';
export {
  DENOMINATOR_EPSILON,
  EVI_C1,
  EVI_C2,
  EVI_GAIN,
  EVI_L,
  VEGETATION_INDICES,
  evi,
  ndvi,
  ndwi,
  type VegetationIndex,
} from './indices.js';
export {
  mean,
  medianOfSorted,
  pairwiseSum,
  percentileOfSorted,
  populationStd,
  summarize,
  type FloatArray,
  type SummaryStatistics,
} from './statistics.js';
export {
  fieldStatistics,
  type BandScalings,
  type BandWindows,
  fieldIndexRaster,
  type DnArray,
  type FieldStatistics,
  type FieldStatisticsInput,
  type IndexStatistics,
  type SclWindow,
} from './field-statistics.js';
export {
  MIN_VALID_PIXEL_PCT,
  WHITTAKER_DEFAULT_LAMBDA,
  smoothSeries,
  utcDay,
  whittakerSmooth,
  type SeriesObservation,
  type SmoothedObservation,
  type SmoothingOptions,
} from './smoothing.js';
export {
  ANOMALY_WINDOW_DAYS,
  previousYearAnomalies,
  sameDayPreviousYear,
  type AnomalyOptions,
  type AnomalyPoint,
  type SmoothedPoint,
} from './anomaly.js';
export { ndviDrops, type NdviDrop } from './drop.js';
export { SADDLE_CHAMFER, polygonizeClasses, type PixelPoint, type PixelPolygon, type PixelRing } from './polygonize.js';
export {
  DEFAULT_ZONE_COUNT,
  MAX_ZONE_COUNT,
  MIN_ZONE_COUNT,
  kMeans1d,
  majorityFilter,
  managementZones,
  nearestSeed,
  zoneClasses,
  type KMeans1d,
  type ZoneClassOptions,
  type ZoneClasses,
  type ZoneFeatureCollection,
  type ZoneGeometry,
  type ZoneOptions,
  type ZoneProperties,
} from './zones.js';
export { crc32, crc32Table, encodePng, type RgbaImage } from './png.js';
export {
  DEFAULT_MAX_SIZE,
  DEFAULT_MIN_SIZE,
  INDEX_RAMPS,
  LEGEND_MIN_WIDTH,
  indexColour,
  renderIndexImage,
  renderIndexPng,
  type IndexMapImage,
  type IndexRamp,
  type LegendLayout,
  type LegendTick,
  type RenderIndexInput,
} from './index-map.js';
