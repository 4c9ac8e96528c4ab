import { api } from '../../../api/client';
import { currentLang, formatDate, formatNumber, t } from '../../../i18n';
import { Empty } from '../../../ui/Empty';
import { Loaded, Panel, TableScroll } from './Panel';
import { type AsyncState, useAsync } from '../../../ui/useApi';
import { currentCycle } from './currentCycle';
import type { BestMarkets, CropCycle, Msp, Page } from './types';

const TOP = 5;

/**
 * Where the field's current crop fetches the most after transport: GET /v1/fields/{id}/best-markets
 * (modal price minus road distance × the organisation's transport cost), next to this year's MSP
 * when the crop has one. Kheti's `note` is English only, so the panel says the same in its own words.
 */
export function MarketsPanel({ fieldId, cycles }: { fieldId: string; cycles: AsyncState<Page<CropCycle>> & { reload: () => void } }) {
  return (
    <Panel id="field-markets" title={t('field.markets.title')}>
      <Loaded state={cycles}>
        {({ items }) => {
          const cycle = currentCycle(items);
          return cycle ? (
            <MarketsFor fieldId={fieldId} crop={cycle.crop} />
          ) : (
            <Empty>
              <p>{t('field.markets.noCrop')}</p>
            </Empty>
          );
        }}
      </Loaded>
    </Panel>
  );
}

function MarketsFor({ fieldId, crop }: { fieldId: string; crop: string }) {
  const markets = useAsync(
    (signal) =>
      api.get<BestMarkets>(`/v1/fields/${encodeURIComponent(fieldId)}/best-markets?commodity=${encodeURIComponent(crop)}&limit=${TOP}`, {
        signal,
      }),
    [fieldId, crop],
  );
  // The MSP is a comparison only: without it (a crop with no MSP, or the call failing) the ranking stands alone.
  const msp = useAsync((signal) => api.get<Msp>(`/v1/msp?crop=${encodeURIComponent(crop)}`, { signal }), [crop]);
  const latestMsp = msp.data && latestLowestMsp(msp.data.items);

  return (
    <Loaded state={markets}>
      {(answer) => {
        const commodity = currentLang() === 'hi' && answer.commodity.nameHi ? answer.commodity.nameHi : answer.commodity.nameEn;
        if (answer.items.length === 0) {
          return (
            <Empty>
              <p>{t('field.markets.none', { crop: commodity, km: answer.radiusKm })}</p>
            </Empty>
          );
        }
        return (
          <>
            <p>
              {t('field.markets.intro', {
                crop: commodity,
                km: answer.radiusKm,
                cost: formatNumber(answer.transportCostInrPerQuintalKm, { style: 'currency', currency: 'INR', maximumFractionDigits: 2 }),
              })}
            </p>
            {latestMsp && (
              <p>
                {latestMsp.variety
                  ? t('field.markets.mspVariety', {
                      year: latestMsp.marketingYear,
                      variety: latestMsp.variety.replaceAll('_', ' '),
                      price: rupees(latestMsp.mspInrPerQuintal),
                    })
                  : t('field.markets.msp', { year: latestMsp.marketingYear, price: rupees(latestMsp.mspInrPerQuintal) })}
              </p>
            )}
            {answer.asOf < answer.date && <p class="field-note">{t('field.markets.oldPrices', { date: formatDate(answer.asOf) })}</p>}
            <TableScroll label={t('field.markets.caption', { crop: commodity })}>
              <table class="field-table">
                <caption class="field-visually-hidden">{t('field.markets.caption', { crop: commodity })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('field.markets.market')}</th>
                    <th scope="col">{t('field.markets.modal')}</th>
                    <th scope="col">{t('field.markets.transport')}</th>
                    <th scope="col">{t('field.markets.net')}</th>
                    {latestMsp && <th scope="col">{t('field.markets.vsMsp')}</th>}
                  </tr>
                </thead>
                <tbody>
                  {answer.items.map((item) => (
                    <tr key={item.market.id}>
                      <th scope="row">
                        {item.market.name}
                        <span class="field-subtle">
                          {t('field.markets.where', {
                            district: item.market.district,
                            km: formatNumber(item.roadDistanceKm, { maximumFractionDigits: 0 }),
                            date: formatDate(item.arrivalDate),
                          })}
                          {item.market.approximate && ` ${t('field.markets.approximate')}`}
                        </span>
                      </th>
                      <td>{rupees(item.modalPriceInrPerQuintal)}</td>
                      <td>{rupees(item.transportCostInrPerQuintal)}</td>
                      <td>
                        <strong>{rupees(item.netPriceInrPerQuintal)}</strong>
                      </td>
                      {latestMsp && <td>{versusMsp(item.netPriceInrPerQuintal - latestMsp.mspInrPerQuintal)}</td>}
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
            <p class="field-note">{t('field.markets.perQuintal')}</p>
          </>
        );
      }}
    </Loaded>
  );
}

/**
 * The MSP of the newest marketing year; where it differs by variety (paddy common and grade A, cotton
 * staples) the lowest, named, since it is the floor any lot of the crop is bought at.
 */
function latestLowestMsp(items: Msp['items']): Msp['items'][number] | undefined {
  const newestYear = items.reduce((newest, m) => (m.marketingYear > newest ? m.marketingYear : newest), '');
  return items.filter((m) => m.marketingYear === newestYear).sort((a, b) => a.mspInrPerQuintal - b.mspInrPerQuintal)[0];
}

const rupees = (value: number) => formatNumber(value, { style: 'currency', currency: 'INR', maximumFractionDigits: 0 });

function versusMsp(difference: number): string {
  const amount = rupees(Math.abs(difference));
  return difference >= 0 ? t('field.markets.aboveMsp', { amount }) : t('field.markets.belowMsp', { amount });
}
