import { api } from '../../api/client';
import { t } from '../../i18n';
import { marketLabel } from './markets-list';
import { loadMspLine } from './msp-line';
import type { Market, Series, Trend } from './types';

const trendPath = (commodity: string, days: number, extra: Record<string, string> = {}) =>
  `/v1/market-prices/trends?${new URLSearchParams({ commodity, days: String(days), ...extra })}`;

/**
 * The commodity's trend over every mandi first: it names the MSP and the newest day with prices,
 * which the chosen mandis' trends then end on, so their lines share one time axis.
 */
export async function loadTrends(
  commodity: string,
  mandis: Market[],
  days: number,
  signal: AbortSignal,
): Promise<{ overall: Trend; series: Series[]; msp: (number | null)[] | undefined }> {
  const overall = await api.get<Trend>(trendPath(commodity, days), { signal });
  const [msp, series] = await Promise.all([
    loadMspLine(overall, signal),
    mandis.length === 0
      ? [{ key: 'all', label: t('markets.allMandis'), trend: overall }]
      : Promise.all(
          mandis.map(async (m) => ({
            key: m.id,
            label: marketLabel(m),
            // Names repeat across states, so the mandi is named with its state and district.
            trend: await api.get<Trend>(
              trendPath(commodity, days, { market: m.name, state: m.state, district: m.district, to: overall.to }),
              {
                signal,
              },
            ),
          })),
        ),
  ]);
  return { overall, series, msp };
}

/** A calendar day as the seconds uPlot's time axis counts. */
export const dayToSeconds = (day: string): number => Date.parse(`${day}T00:00:00Z`) / 1000;
