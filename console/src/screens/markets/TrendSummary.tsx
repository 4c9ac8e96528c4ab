import { formatDate, formatNumber, t } from '../../i18n';
import { rupees } from './PriceChart';
import { ScrollableTable } from './ScrollableTable';
import type { Series, Trend } from './types';

const signed = (value: number, text: string) => (value > 0 ? `+${text}` : text);

/** Each line's latest price, its change over the window and its distance to the MSP, in words. */
function sentence(series: Series): string {
  const { trend } = series;
  const last = [...trend.points].reverse().find((p) => p.modalPriceInrPerQuintal !== null);
  if (!last || last.modalPriceInrPerQuintal === null) return t('markets.summary.none', { name: series.label });
  const parts = [
    t('markets.summary.latest', { name: series.label, price: formatNumber(last.modalPriceInrPerQuintal), date: formatDate(last.date) }),
  ];
  if (trend.change) {
    parts.push(
      t('markets.summary.change', {
        change: signed(trend.change.changeInrPerQuintal, rupees(trend.change.changeInrPerQuintal)),
        pct: signed(trend.change.changePct, formatNumber(trend.change.changePct, { maximumFractionDigits: 1 })),
        date: formatDate(trend.change.fromDate),
      }),
    );
  }
  if (trend.vsMsp) {
    const difference = Math.round(trend.vsMsp.differenceInrPerQuintal);
    const key = difference < 0 ? 'markets.summary.belowMsp' : difference > 0 ? 'markets.summary.aboveMsp' : 'markets.summary.atMsp';
    parts.push(t(key, { difference: formatNumber(Math.abs(difference)) }));
  }
  return parts.join(' ');
}

/** The chart in words and as a table: the numbers for whoever cannot see the lines. */
export function TrendSummary({ series, overall }: { series: Series[]; overall: Trend }) {
  const priced = overall.points
    .map((p) => p.date)
    .filter((day) => series.some((s) => s.trend.points.some((p) => p.date === day && p.modalPriceInrPerQuintal !== null)));
  const priceOn = (s: Series, day: string) => s.trend.points.find((p) => p.date === day)?.modalPriceInrPerQuintal ?? null;
  return (
    <div class="trend-summary">
      <ul>
        {series.map((s) => (
          <li key={s.key}>{sentence(s)}</li>
        ))}
        <li>
          {overall.msp
            ? t('markets.summary.msp', { year: overall.msp.marketingYear, price: formatNumber(overall.msp.mspInrPerQuintal) })
            : t('markets.summary.noMsp')}
        </li>
      </ul>
      {priced.length > 0 && (
        <details>
          <summary>{t('markets.showTable')}</summary>
          <ScrollableTable label={t('markets.tableCaption')}>
            <table>
              <caption>{t('markets.tableCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('markets.date')}</th>
                  {series.map((s) => (
                    <th scope="col" key={s.key}>
                      {s.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {priced.map((day) => (
                  <tr key={day}>
                    <th scope="row">{formatDate(day)}</th>
                    {series.map((s) => {
                      const price = priceOn(s, day);
                      return <td key={s.key}>{price === null ? '—' : rupees(price)}</td>;
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollableTable>
        </details>
      )}
    </div>
  );
}
