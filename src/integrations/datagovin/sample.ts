import { SAMPLE_RECORDS } from './sample-data.js';
import type { AgmarknetRecord, Filters } from './schema.js';
import type { MarketPriceSource } from './source.js';

/**
 * The offline twin of the data.gov.in resource: real Agmarknet records bundled with Kheti
 * (reference/agmarknet-sample.csv, two arrival dates of 2025), served page by page with the API's
 * exact-match filters, so the ingestion runs unchanged without DATA_GOV_IN_API_KEY. The records
 * are history, not today's prices; every price they give is stored with source `agmarknet-sample`.
 */
export function createSampleSource(records: readonly AgmarknetRecord[] = SAMPLE_RECORDS): MarketPriceSource {
  return {
    name: 'agmarknet-sample',
    async page({ offset, limit, filters = {} }) {
      const wanted = Object.entries(filters satisfies Filters).filter(([, value]) => value !== undefined);
      const matching = records.filter((record) =>
        wanted.every(
          ([field, value]) => String((record as Record<string, unknown>)[field === 'state.keyword' ? 'state' : field] ?? '') === value,
        ),
      );
      return { total: matching.length, offset, records: matching.slice(offset, offset + limit).map((r) => ({ ...r })) };
    },
  };
}
