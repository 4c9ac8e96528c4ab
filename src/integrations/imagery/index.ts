import { join } from 'node:path';
import type { Config } from '../../config.js';
import { createEarthEngineSource } from '../earthengine/source.js';
import { createStacSource } from '../stac/source.js';
import type { LonLatBox, SyntheticCatalogField } from './synthetic-catalog.js';
import { createSyntheticImagerySource } from './synthetic-source.js';
import type { ImagerySource } from './source.js';

export * from './source.js';
export type { LonLatBox, SyntheticCatalogField } from './synthetic-catalog.js';
export {
  createSyntheticImagerySource,
  DEFAULT_TWIN_MAX_BYTES,
  ImageryPendingError,
  SYNTHETIC_HISTORY_DAYS,
  type SyntheticImagerySource,
  type SyntheticSourceOptions,
} from './synthetic-source.js';

/** Where the offline twin keeps its STAC catalog. */
export const syntheticCatalogDir = (config: Pick<Config, 'dataDir'>) => join(config.dataDir, 'imagery');

export interface ImagerySourceOptions {
  fetch?: typeof fetch;
  /** The fields near a place the offline twin draws (IMAGERY_PROVIDER=synthetic); without it its catalog is read as it is. */
  syntheticFields?: (box: LonLatBox) => Promise<SyntheticCatalogField[]>;
  /** Background failures of the offline twin. */
  onSyntheticError?: (error: unknown, sceneId: string) => void;
}

/**
 * The Sentinel-2 source for IMAGERY_PROVIDER. The offline twin is a local STAC catalog whose scenes
 * it makes itself when a search needs them, read by the very same STAC item mapping and GeoTIFF
 * window reader as the real API.
 */
export function createImagerySource(config: Pick<Config, 'imagery' | 'dataDir'>, options: ImagerySourceOptions = {}): ImagerySource {
  const { imagery } = config;
  switch (imagery.provider) {
    case 'stac':
      return createStacSource({ apiUrl: imagery.stacApiUrl, collection: imagery.stacCollection, fetch: options.fetch });
    case 'earthengine':
      if (!imagery.earthEngine)
        throw new Error('IMAGERY_PROVIDER=earthengine needs EARTH_ENGINE_PROJECT and GOOGLE_APPLICATION_CREDENTIALS');
      return createEarthEngineSource({ ...imagery.earthEngine, fetch: options.fetch });
    case 'synthetic':
      return createSyntheticImagerySource({
        catalogDir: syntheticCatalogDir(config),
        collection: imagery.stacCollection,
        maxBytes: imagery.twinMaxBytes,
        ...(options.syntheticFields ? { fields: options.syntheticFields } : {}),
        ...(options.onSyntheticError ? { onError: options.onSyntheticError } : {}),
      });
  }
}
