import { parseArgs } from 'node:util';
import { migrate, type Db } from '../../infra/db/index.js';
import type { MarketPriceSource } from '../../integrations/datagovin/index.js';
import { GAZETTEER } from '../../integrations/geocoding/gazetteer-data.js';
import { editDistance } from '../../integrations/geocoding/index.js';
import { AGMARKNET_STATES, eachDayFromTo, ingestMarketPrices } from './ingestion.js';

/** A year of days at most per command: each day is at least one data.gov.in query. */
export const MAX_BACKFILL_DAYS = 366;

const isDay = (text: string | undefined): text is string =>
  !!text && /^\d{4}-\d{2}-\d{2}$/.test(text) && new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;

/** How far a backfill has got: whole arrival days done of all, and percent of the queries' pages. */
export interface BackfillProgress {
  daysDone: number;
  days: number;
  percent: number;
}

/**
 * `--state` as Agmarknet writes it (case ignored), since data.gov.in filters by that exact spelling.
 * Any other name is refused, never sent as a filter that matches nothing, with the closest Agmarknet
 * spellings: to a typo, or to the state's names in the gazetteer (reference/india-districts.csv), so
 * "Chhattisgarh" or "CG" suggests "Chattisgarh" and "Puducherry" "Pondicherry".
 */
function agmarknetState(name: string, usage: (message: string) => Error): string {
  const wanted = name.trim().toLowerCase();
  const exact = AGMARKNET_STATES.find((state) => state.toLowerCase() === wanted);
  if (exact) return exact;
  const gazetteerState = GAZETTEER.states.find(([official, , , , aliases]) =>
    [official, ...aliases.split(';')].some((n) => n.toLowerCase() === wanted),
  );
  const spellings = gazetteerState ? [wanted, gazetteerState[0], ...gazetteerState[4].split(';')].map((n) => n.toLowerCase()) : [wanted];
  /** 0 when one name holds the other ("Delhi", "NCT of Delhi"), else a typo's distance, up to 2 (3 in a long name). */
  const distance = (n: string, key: string) => {
    if (key.includes(n) || n.includes(key)) return 0;
    const d = editDistance(n, key, 3);
    return d <= (n.length >= 10 ? 3 : 2) ? d : Number.POSITIVE_INFINITY;
  };
  // Two-letter codes match only exactly (above): at an edit distance of 2 they are close to anything.
  const close = AGMARKNET_STATES.map((state) => ({
    state,
    distance: Math.min(...spellings.filter((n) => n.length >= 4).map((n) => distance(n, state.toLowerCase()))),
  })).filter((c) => Number.isFinite(c.distance));
  // The closest only: a one-letter slip is not also offered a state three letters away.
  const best = Math.min(...close.map((c) => c.distance));
  const suggestions = close.filter((c) => c.distance === best).map((c) => c.state);
  throw usage(
    `--state ${JSON.stringify(name)} is not a state as Agmarknet writes it; ` +
      (suggestions.length ? `did you mean ${suggestions.join(' or ')}?` : `use one of ${AGMARKNET_STATES.join(', ')}`),
  );
}

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
  onProgress?: (progress: BackfillProgress) => void,
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
  const state = values.state === undefined ? undefined : agmarknetState(values.state, usage);
  return open(async (db, source) => {
    await migrate(db);
    const result = await ingestMarketPrices(db, source, {
      kind: 'backfill',
      from: values.from,
      to: values.to,
      state,
      // The ingestion counts one query per arrival day, so a percent is a share of the days.
      onProgress: (percent) => onProgress?.({ daysDone: Math.floor((percent / 100) * days), days, percent }),
    });
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
