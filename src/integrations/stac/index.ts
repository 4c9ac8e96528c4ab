export { searchStaticCatalog } from './catalog.js';
export {
  createStacClient,
  DEFAULT_MAX_PAGES,
  DEFAULT_PAGE_SIZE,
  DEFAULT_TIMEOUT_MS,
  sceneFromItem,
  stacDatetime,
  stacSearchBody,
  type StacClient,
  type StacClientOptions,
} from './client.js';
export {
  StacAssetSchema,
  StacItemCollectionSchema,
  StacItemSchema,
  StacLinkSchema,
  type StacItem,
  type StacItemCollection,
  type StacSearchBody,
} from './schema.js';
export { createStacSource, type AssetRead, type StacSourceOptions } from './source.js';
