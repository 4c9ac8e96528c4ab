import { useState } from 'preact/hooks';
import { api } from '../../api/client';
import { formatDate, formatNumber, t } from '../../i18n';
import { Empty } from '../../ui/Empty';
import { Loading } from '../../ui/Loading';
import { Problem } from '../../ui/Problem';
import { useAsync } from '../../ui/useApi';
import { rupees } from './PriceChart';
import { ScrollableTable } from './ScrollableTable';
import type { BestMarkets } from './types';

const RADII = [50, 100, 200, 300];

/**
 * Where to sell from one field: the mandis around it ranked by modal price less the cost of carrying
 * the crop there. A field, because that is where the harvest starts and what a field officer
 * advises about; Kheti measures from the field's centroid.
 */
export function BestMarketsSection({ commodity, fields }: { commodity: string; fields: { id: string; name: string }[] }) {
  const [fieldId, setFieldId] = useState(fields[0]?.id ?? '');
  const [radiusKm, setRadiusKm] = useState(100);
  const best = useAsync(
    (signal) =>
      fieldId
        ? api.get<BestMarkets>(`/v1/fields/${fieldId}/best-markets?${new URLSearchParams({ commodity, radiusKm: String(radiusKm) })}`, {
            signal,
          })
        : Promise.resolve(undefined),
    [fieldId, commodity, radiusKm],
  );

  return (
    <section class="markets-section" aria-labelledby="best-heading">
      <h2 id="best-heading">{t('markets.best')}</h2>
      {fields.length === 0 ? (
        <Empty>
          <p>{t('markets.noFields')}</p>
        </Empty>
      ) : (
        <div class="markets-controls">
          <div class="stack">
            <label for="best-field">{t('markets.fromField')}</label>
            <select id="best-field" value={fieldId} onChange={(e) => setFieldId(e.currentTarget.value)}>
              {fields.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name}
                </option>
              ))}
            </select>
          </div>
          <div class="stack">
            <label for="best-radius">{t('markets.radius')}</label>
            <select id="best-radius" value={radiusKm} onChange={(e) => setRadiusKm(Number(e.currentTarget.value))}>
              {RADII.map((r) => (
                <option key={r} value={r}>
                  {t('markets.km', { km: r })}
                </option>
              ))}
            </select>
          </div>
        </div>
      )}
      {best.status === 'loading' && fieldId && <Loading />}
      {best.status === 'error' && <Problem problem={best.problem} onRetry={best.reload} />}
      {best.status === 'ok' && best.data && <BestMarketsTable best={best.data} />}
    </section>
  );
}

function BestMarketsTable({ best }: { best: BestMarkets }) {
  const assumptions = t('markets.bestAssumptions', {
    rate: formatNumber(best.transportCostInrPerQuintalKm),
    factor: formatNumber(best.roadDetourFactor),
  });
  const caption = t('markets.bestCaption', { count: best.items.length, km: best.radiusKm });
  if (best.items.length === 0) {
    return (
      <Empty>
        <p>
          {best.marketsInRadius === 0
            ? t('markets.bestNoMandi', { km: best.radiusKm })
            : t('markets.bestNoPrices', { count: best.marketsInRadius, km: best.radiusKm })}
        </p>
      </Empty>
    );
  }
  return (
    <>
      {best.asOf !== best.date && <p class="markets-note">{t('markets.bestOld', { date: formatDate(best.asOf) })}</p>}
      <ScrollableTable label={caption}>
        <table class="best-table">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t('markets.rank')}</th>
              <th scope="col">{t('markets.mandi')}</th>
              <th scope="col" class="number">
                {t('markets.netPrice')}
              </th>
              <th scope="col" class="number">
                {t('markets.modalPrice')}
              </th>
              <th scope="col" class="number">
                {t('markets.transport')}
              </th>
              <th scope="col" class="number">
                {t('markets.distance')}
              </th>
              <th scope="col">{t('markets.priceDate')}</th>
            </tr>
          </thead>
          <tbody>
            {best.items.map((item) => (
              <tr key={item.market.id}>
                <td>{formatNumber(item.rank)}</td>
                <th scope="row">
                  {item.market.name}
                  <span class="cell-detail">
                    {item.market.district}, {item.market.state}
                  </span>
                </th>
                <td class="number">
                  <strong>{rupees(item.netPriceInrPerQuintal)}</strong>
                </td>
                <td class="number">{rupees(item.modalPriceInrPerQuintal)}</td>
                <td class="number">−{rupees(item.transportCostInrPerQuintal)}</td>
                <td class="number">
                  {t('markets.km', { km: formatNumber(item.roadDistanceKm, { maximumFractionDigits: 0 }) })}
                  {item.market.approximate && <span class="cell-detail">{t('markets.approximate')}</span>}
                </td>
                <td>{formatDate(item.arrivalDate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollableTable>
      <p class="hint">{assumptions}</p>
    </>
  );
}
