import { parseArgs } from 'node:util';
import { migrate, type Db } from '../../infra/db/index.js';
import type { MarketPriceSource } from '../../integrations/datagovin/index.js';
import { eachDayFromTo, ingestMarketPrices } from './ingestion.js';

/** A year of days at most per command: each day is at least one data.gov.in query. */
export const MAX_BACKFILL_DAYS = 366;

const isDay = (text: string | undefined): text is string =>
  !!text && /^\d{4}-\d{2}-\d{2}$/.test(text) && new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;

/**
 * `kheti backfill market-prices --from --to [--state]`: the ingestion for past arrival days, one
 * `filters[arrival_date]=dd/mm/yyyy` query per day, in this process (not through the queue), with
 * the run recorded like any other, from the process's market price source (without
 * DATA_GOV_IN_API_KEY the bundled sample), which `open` hands over with the database.
 */
export async function backfillMarketPrices(
  args: string[],
  open: <T>(work: (db: Db, source: MarketPriceSource) => Promise<T>) => Promise<T>,
  usage: (message: string) => Error,
): Promise<number> {
  const [what, ...rest] = args;
  if (what !== 'market-prices')
    throw usage(`unknown backfill ${JSON.stringify(what ?? '')}; try: kheti backfill market-prices --from YYYY-MM-DD --to YYYY-MM-DD`);
  const { values } = parseArgs({ args: rest, options: { from: { type: 'string' }, to: { type: 'string' }, state: { type: 'string' } } });
  if (!isDay(values.from)) throw usage('--from must be a date YYYY-MM-DD');
  if (!isDay(values.to)) throw usage('--to must be a date YYYY-MM-DD');
  if (values.to < values.from) throw usage('--to is before --from');
  const days = eachDayFromTo(values.from, values.to).length;
  if (days > MAX_BACKFILL_DAYS) throw usage(`--from to --to spans ${days} days; backfill at most ${MAX_BACKFILL_DAYS} at a time`);
  return open(async (db, source) => {
    await migrate(db);
    const result = await ingestMarketPrices(db, source, { kind: 'backfill', from: values.from, to: values.to, state: values.state });
    const reasons =
      Object.entries(result.rejectedReasons)
        .map(([reason, n]) => `${reason} ${n}`)
        .join(', ') || 'none';
    console.log(
      `Backfill ${values.from}..${values.to} from ${result.source} (run ${result.runId}): fetched ${result.fetched} in ${result.pages} pages; ` +
        `inserted ${result.inserted}, updated ${result.updated}, unchanged ${result.unchanged}, rejected ${result.rejected} (${reasons})` +
        (result.unreachable ? `; ${result.unreachable} records beyond data.gov.in's query window were not reached` : ''),
    );
    return 0;
  });
}
