import { DataGovInError } from '../../integrations/datagovin/index.js';
import type { Outside } from '../../integrations/outside.js';
import { PermanentJobError, type JobContext } from '../../infra/queue/queue.js';
import type { Resources } from '../../infra/resources.js';
import { ingestMarketPrices } from './ingestion.js';

export const INGEST_PRICES_JOB = 'markets.ingest-prices';
/** Tries of one ingestion in all; a page that keeps failing after the client's own retries fails the try. */
export const INGEST_ATTEMPTS = 3;
export const INGEST_BACKOFF_MS = 60_000;

/** Ids, never secrets: who asked (for the record), and whether the schedule or a person did. */
export interface IngestPricesData {
  kind: 'scheduled' | 'manual';
  requestedBy?: string;
}

/**
 * The price ingestion as a job: on the MARKET_PRICES_CRON schedule (UTC) and on demand
 * (POST /v1/admin/ingestions/market-prices). The job's result is the run's counts. A refused API
 * key cannot get better by retrying: the job fails at once.
 */
export async function registerMarketPriceIngestion(resources: Resources, outside: Pick<Outside, 'marketPrices'>): Promise<void> {
  const { queue, db, config, events, cache } = resources;
  queue.register<IngestPricesData>(INGEST_PRICES_JOB, async (job: JobContext<IngestPricesData>) => {
    try {
      return await ingestMarketPrices(db, outside.marketPrices, {
        kind: job.data?.kind === 'manual' ? 'manual' : 'scheduled',
        jobId: job.id,
        onProgress: (percent) => job.progress(percent),
        events,
        cache,
      });
    } catch (error) {
      if (error instanceof DataGovInError && !error.retryable) throw new PermanentJobError(error.message);
      throw error;
    }
  });
  await queue.repeat<IngestPricesData>(INGEST_PRICES_JOB, config.marketPrices.cron, { kind: 'scheduled' });
}
