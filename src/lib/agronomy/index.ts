// The public surface of the agronomy library: FAO-56 reference evapotranspiration with its parts,
// growing degree days, spray windows and daylight, crop coefficients and stages, the root-zone water balance and
// irrigation advice, and weather risks. Pure functions, no I/O.
export { AgronomyInputError } from './errors.js';
export {
  actualVapourPressureFromDewPointKPa,
  actualVapourPressureFromRhMaxKPa,
  actualVapourPressureFromRhMaxMinKPa,
  actualVapourPressureFromRhMeanKPa,
  atmosphericPressureKPa,
  meanSaturationVapourPressureKPa,
  psychrometricConstantKPaPerC,
  saturationSlopeKPaPerC,
  saturationVapourPressureKPa,
} from './vapour.js';
export { MIN_WIND_HEIGHT_M, kmhToMs, msToKmh, windSpeedAt2mMs } from './wind.js';
export {
  ANGSTROM_AS,
  ANGSTROM_BS,
  GRASS_ALBEDO,
  HARGREAVES_KRS_COASTAL,
  HARGREAVES_KRS_INTERIOR,
  SOLAR_CONSTANT_MJ_M2_MIN,
  STEFAN_BOLTZMANN_MJ_K4_M2_DAY,
  clearSkyRadiation,
  dayOfYear,
  daylightHours,
  extraterrestrialRadiation,
  inverseRelativeDistance,
  netLongwaveRadiation,
  netRadiation,
  netShortwaveRadiation,
  solarDeclinationRad,
  solarRadiationFromSunshine,
  solarRadiationHargreaves,
  sunsetHourAngleRad,
  type ExtraterrestrialRadiation,
} from './radiation.js';
export {
  et0PenmanMonteith,
  type Et0Input,
  type Et0Result,
  type Et0Steps,
  type HumidityInput,
  type RadiationInput,
  type SolarRadiationMethod,
  type VapourPressureMethod,
} from './et0.js';
export {
  CROP_GDD_PARAMETERS,
  accumulateGdd,
  gddModified,
  gddSimple,
  type CropThermalParameters,
  type DailyTemperature,
  type GddAccumulation,
  type GddMethod,
  type GddOptions,
} from './gdd.js';
export {
  SPRAY_RULES,
  assessSprayHours,
  sprayWindows,
  type HourlyForecast,
  type SprayBlock,
  type SprayHour,
  type SprayPlace,
  type SprayWindow,
} from './spray-windows.js';
export { isInDaylight, seasonalCorrectionHours, sunTimes, type SunTimes } from './daylight.js';
export {
  CROP_COEFFICIENTS,
  STAGE_SHARES_FROM,
  adjustKcForClimate,
  cropCoefficients,
  readilyAvailableWater,
  rootZone,
  type CropCoefficients,
  type RootZone,
  type StageLengthsDays,
} from './crop-coefficients.js';
export {
  cropStageOn,
  kcOnSeasonDay,
  type CropStage,
  type CropStageName,
  type CropStageOptions,
  type GrowthStage,
  type KcValues,
} from './crop-stage.js';
export {
  DEFAULT_SOIL_TEXTURE,
  SOIL_TEXTURES,
  soilWater,
  totalAvailableWaterMm,
  type SoilTexture,
  type SoilWater,
} from './soil-water.js';
export {
  INEFFECTIVE_RAIN_FRACTION_OF_ET0,
  adjustedDepletionFraction,
  effectiveRainMm,
  rootZoneWaterBalance,
  type WaterBalanceDay,
  type WaterBalanceInputDay,
  type WaterBalanceOptions,
} from './water-balance.js';
export { irrigationAdvice, type IrrigationAction, type IrrigationAdvice } from './irrigation.js';
export { lastIrrigation, lastRefill, withRecordedWater, type RecordedWater, type RecordedWaterKind } from './recorded-water.js';
export {
  RISK_THRESHOLDS,
  assessWeatherRisks,
  rainClass,
  type RainClass,
  type RiskDay,
  type RiskKind,
  type WeatherRisk,
} from './weather-risks.js';
