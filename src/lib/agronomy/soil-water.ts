/**
 * Water a soil holds between field capacity and the permanent wilting point, by texture.
 *
 * Source: New Mexico State University's irrigation scheduler soil table (weather.nmsu.edu/models/
 * irrsch/soiltype.html, "FC", "PWP" mass-based in g/g and "ABD" average bulk density in g/cm³),
 * whose field-capacity and wilting-point values it credits to Israelsen (1932), *Irrigation
 * principles and practices*. The volumetric fraction FAO-56 Eq. 82 needs is the mass fraction times
 * the bulk density (water at 1 g/cm³): θ = w × ρb.
 */
export type SoilTexture =
  | 'clay'
  | 'clay-loam'
  | 'loam'
  | 'loamy-sand'
  | 'sand'
  | 'sandy-clay'
  | 'sandy-clay-loam'
  | 'sandy-loam'
  | 'silt'
  | 'silty-clay'
  | 'silty-clay-loam'
  | 'silt-loam';

/** [field capacity %, wilting point %, bulk density g/cm³] as the source tabulates them. */
const TABLE: Readonly<Record<SoilTexture, readonly [number, number, number]>> = Object.freeze({
  clay: [35.1, 17.2, 1.262],
  'clay-loam': [26.4, 12.5, 1.354],
  loam: [22.3, 10.2, 1.395],
  'loamy-sand': [11.6, 5.1, 1.584],
  sand: [9.1, 3.9, 1.627],
  'sandy-clay': [23.1, 11.3, 1.444],
  'sandy-clay-loam': [20.0, 9.5, 1.471],
  'sandy-loam': [13.9, 6.2, 1.533],
  silt: [33.2, 14.9, 1.156],
  'silty-clay': [31.2, 15.0, 1.279],
  'silty-clay-loam': [32.1, 15.1, 1.239],
  'silt-loam': [27.6, 12.5, 1.278],
});

export const SOIL_TEXTURES = Object.freeze(Object.keys(TABLE) as SoilTexture[]);

/** Loam, the middle of the texture triangle, when a field's soil is not known. */
export const DEFAULT_SOIL_TEXTURE: SoilTexture = 'loam';

export interface SoilWater {
  texture: SoilTexture;
  /** θFC, m³/m³ */
  fieldCapacity: number;
  /** θWP, m³/m³ */
  wiltingPoint: number;
  source: string;
}

export function soilWater(texture: SoilTexture): SoilWater {
  const [fc, wp, bulkDensity] = TABLE[texture];
  return {
    texture,
    fieldCapacity: (fc / 100) * bulkDensity,
    wiltingPoint: (wp / 100) * bulkDensity,
    source: 'Israelsen (1932) via NMSU irrigation scheduler soil table; volumetric = mass fraction × bulk density',
  };
}

/** FAO-56 Eq. 82: TAW = 1000 (θFC − θWP) Zr, in mm for a root depth Zr in m. */
export function totalAvailableWaterMm(soil: Pick<SoilWater, 'fieldCapacity' | 'wiltingPoint'>, rootDepthM: number): number {
  return 1000 * (soil.fieldCapacity - soil.wiltingPoint) * rootDepthM;
}
