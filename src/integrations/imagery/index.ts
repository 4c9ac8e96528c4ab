import { join } from 'node:path';
import type { Config } from '../../config.js';
import { createEarthEngineSource } from '../earthengine/source.js';
import { createStacSource } from '../stac/source.js';
import type { ImagerySource } from './source.js';

export * from './source.js';

/** Where the offline twin keeps its STAC catalog (written by `kheti seed` for the demo fields). */
export const syntheticCatalogDir = (config: Pick<Config, 'dataDir'>) => join(config.dataDir, 'imagery');

/**
 * The Sentinel-2 source for IMAGERY_PROVIDER. The offline twin is a local STAC catalog read by the
 * very same STAC search mapping and GeoTIFF window reader as the real API.
 */
export function createImagerySource(config: Pick<Config, 'imagery' | 'dataDir'>, options: { fetch?: typeof fetch } = {}): ImagerySource {
  const { imagery } = config;
  switch (imagery.provider) {
    case 'stac':
      return createStacSource({ apiUrl: imagery.stacApiUrl, collection: imagery.stacCollection, fetch: options.fetch });
    case 'earthengine':
      if (!imagery.earthEngine) throw new Error('IMAGERY_PROVIDER=earthengine needs EARTH_ENGINE_PROJECT and GOOGLE_APPLICATION_CREDENTIALS');
      return createEarthEngineSource({ ...imagery.earthEngine, fetch: options.fetch });
    case 'synthetic':
      return createStacSource({ apiUrl: 'file://', collection: imagery.stacCollection, catalogDir: syntheticCatalogDir(config) });
  }
}
