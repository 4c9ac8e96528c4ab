import { api } from '../../api/client';
import type { Trend } from './types';

/** A row of GET /v1/msp. */
interface MspRow {
  variety: string | null;
  season: 'kharif' | 'rabi' | 'calendar_year' | 'jute_season';
  marketingYear: string;
  mspInrPerQuintal: number;
}

/** The month each marketing year starts in: KMS 1 October, RMS 1 April, raw jute 1 July, copra by calendar year. */
const START_MONTH: Record<MspRow['season'], string> = { kharif: '10', rabi: '04', jute_season: '07', calendar_year: '01' };

const yearStart = (row: MspRow): string => `${row.marketingYear.slice(0, 4)}-${START_MONTH[row.season]}-01`;

/**
 * The MSP in force on each day of the trend: a window over 1 April shows wheat's two marketing
 * years as a step, not this year's MSP drawn over last year's prices. The variety is the one the
 * trend compares with (the lowest-priced where a crop has several). Days before the oldest known
 * year are null.
 */
export async function loadMspLine(trend: Trend, signal: AbortSignal): Promise<(number | null)[] | undefined> {
  if (!trend.msp) return undefined;
  const { crop, variety } = trend.msp;
  const answer = await api.get<{ items: MspRow[] }>(`/v1/msp?${new URLSearchParams({ crop })}`, { signal });
  const years = answer.items
    .filter((row) => row.variety === variety)
    .map((row) => ({ start: yearStart(row), msp: row.mspInrPerQuintal }))
    .sort((a, b) => (a.start < b.start ? 1 : -1));
  // Newest first, so the first year starting on or before a day is the one in force.
  return trend.points.map((point) => years.find((year) => year.start <= point.date)?.msp ?? null);
}
