import { useState } from 'preact/hooks';
import { api } from '../../api/client';
import { formatDate, formatNumber, t } from '../../i18n';
import { useRoute } from '../../router';
import { Loading } from '../../ui/Loading';
import { Problem } from '../../ui/Problem';
import { useAsync } from '../../ui/useApi';
import '../../styles/markets.css';
import { BestMarketsSection } from './BestMarketsSection';
import { CommoditySelect } from './CommoditySelect';
import { type Commodity, commodityName, useCommodities } from './commodities';
import { MandiPicker } from './MandiPicker';
import { PriceChart } from './PriceChart';
import { loadTrends } from './trend';
import { TrendSummary } from './TrendSummary';
import type { Market, Page, Series, Trend } from './types';

/** A year by default: one season's harvest and the MSP year it falls in show together. */
const WINDOWS = [30, 90, 180, 365];
const FIELDS_LIMIT = 200;

/** #/markets: a commodity's price trend at chosen mandis against its MSP, and where to sell it from a field. */
export function MarketsScreen() {
  const { query } = useRoute();
  const commodities = useCommodities();
  const [commodity, setCommodity] = useState(query.get('commodity') ?? '');
  const [mandis, setMandis] = useState<Market[]>([]);
  const [days, setDays] = useState(365);
  const fields = useAsync(
    (signal) => api.get<Page<{ id: string; name: string }>>(`/v1/fields?limit=${FIELDS_LIMIT}`, { signal }).then((page) => page.items),
    [],
  );

  if (commodities.status === 'loading') return <Loading />;
  if (commodities.status === 'error') return <Problem problem={commodities.problem} onRetry={commodities.reload} />;
  const chosen = commodities.data.find((c) => c.code === commodity);

  return (
    <>
      <h1>{t('markets.title')}</h1>
      <div class="markets-controls">
        <CommoditySelect id="commodity" label={t('markets.commodity')} items={commodities.data} value={commodity} onChange={setCommodity} />
        <div class="stack">
          <label for="window">{t('markets.window')}</label>
          <select id="window" value={days} onChange={(e) => setDays(Number(e.currentTarget.value))}>
            {WINDOWS.map((d) => (
              <option key={d} value={d}>
                {t('markets.days', { days: d })}
              </option>
            ))}
          </select>
        </div>
      </div>
      <MandiPicker chosen={mandis} onChange={setMandis} />
      {chosen ? (
        <>
          <TrendSection commodity={chosen} mandis={mandis} days={days} />
          {fields.status === 'loading' && <Loading />}
          {fields.status === 'error' && <Problem problem={fields.problem} onRetry={fields.reload} />}
          {fields.status === 'ok' && <BestMarketsSection commodity={chosen.code} fields={fields.data} />}
        </>
      ) : (
        <p class="state">{t('markets.pickCommodity')}</p>
      )}
    </>
  );
}

function TrendSection({ commodity, mandis, days }: { commodity: Commodity; mandis: Market[]; days: number }) {
  const trends = useAsync((signal) => loadTrends(commodity.code, mandis, days, signal), [commodity.code, mandis, days]);
  return (
    <section class="markets-section" aria-labelledby="trend-heading">
      <h2 id="trend-heading">{t('markets.trend', { commodity: commodityName(commodity) })}</h2>
      <p class="hint">{t('markets.unit')}</p>
      {trends.status === 'loading' && <Loading />}
      {trends.status === 'error' && <Problem problem={trends.problem} onRetry={trends.reload} />}
      {trends.status === 'ok' && (
        <>
          <PriceChart
            series={trends.data.series}
            overall={trends.data.overall}
            msp={trends.data.msp}
            label={chartLabel(commodity, trends.data.series, trends.data.overall)}
          />
          <TrendSummary series={trends.data.series} overall={trends.data.overall} />
        </>
      )}
    </section>
  );
}

/** What the chart shows, for the image's accessible name. */
function chartLabel(commodity: Commodity, series: Series[], overall: Trend): string {
  const label = t('markets.chartLabel', {
    commodity: commodityName(commodity),
    where: series.map((s) => s.label).join('; '),
    from: formatDate(overall.from),
    to: formatDate(overall.to),
  });
  return overall.msp ? `${label} ${t('markets.chartMsp', { price: formatNumber(overall.msp.mspInrPerQuintal) })}` : label;
}
