export { createDataGovInClient, type DataGovInOptions } from './client.js';
export { DEFAULT_WINDOW, pageThrough, type PagingOptions, type PagingResult } from './paging.js';
export { createSampleSource } from './sample.js';
export { AgmarknetRecordSchema, DataGovInEnvelopeSchema, FILTER_FIELDS, type AgmarknetRecord, type Filters } from './schema.js';
export { DataGovInError, type MarketPriceSource, type Page, type PageQuery } from './source.js';
