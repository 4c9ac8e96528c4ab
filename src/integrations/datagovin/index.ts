import type { Config } from '../../config.js';
import { createDataGovInClient, type DataGovInOptions } from './client.js';
import { createSampleSource } from './sample.js';
import type { MarketPriceSource } from './source.js';

export { createDataGovInClient, type DataGovInOptions } from './client.js';
export { DEFAULT_WINDOW, pageThrough, type PagingOptions, type PagingResult } from './paging.js';
export { createSampleSource } from './sample.js';
export { AgmarknetRecordSchema, DataGovInEnvelopeSchema, FILTER_FIELDS, type AgmarknetRecord, type Filters } from './schema.js';
export { DataGovInError, type MarketPriceSource, type Page, type PageQuery } from './source.js';

/** The data.gov.in client when there is an API key, else the bundled real records (the offline twin). */
export function createMarketPriceSource(config: Config['marketPrices'], overrides: Partial<DataGovInOptions> = {}): MarketPriceSource {
  if (config.provider === 'sample' || !config.apiKey) return createSampleSource();
  return createDataGovInClient({ baseUrl: config.baseUrl, apiKey: config.apiKey, resourceId: config.resourceId, ...overrides });
}
