import { formatDate, formatNumber, t } from '../../../i18n';
import { Empty } from '../../../ui/Empty';
import { useApi } from '../../../ui/useApi';
import { NDVI_COLOURS, NdviChart, ndviSummary } from './NdviChart';
import { Loaded, Panel, TableScroll } from './Panel';
import type { SeriesPoint, VegetationSeries } from './types';

/**
 * The field's NDVI over the stored scenes. Last year's line is the API's `previousYear` for each
 * point (the smoothed value a year earlier on the same day of the year), so nothing is shifted here;
 * where the stored history does not reach back a year, that line is simply absent and the legend says so.
 */
export function NdviPanel({ fieldId }: { fieldId: string }) {
  const series = useApi<VegetationSeries>(`/v1/fields/${encodeURIComponent(fieldId)}/vegetation-timeseries?index=ndvi`);
  return (
    <Panel id="field-ndvi" title={t('field.ndvi.title')}>
      <Loaded state={series}>
        {({ points }) =>
          points.length === 0 ? (
            <Empty>
              <p>{t('field.ndvi.empty')}</p>
            </Empty>
          ) : (
            <NdviContent points={points} />
          )
        }
      </Loaded>
    </Panel>
  );
}

function NdviContent({ points }: { points: SeriesPoint[] }) {
  const hasPreviousYear = points.some((p) => p.previousYear !== null);
  return (
    <>
      <NdviChart points={points} describedBy="field-ndvi-summary" />
      <ul class="chart-legend">
        <li>
          <span class="legend-dot" style={{ background: NDVI_COLOURS.raw }} aria-hidden="true" />
          {t('field.ndvi.legendRaw')}
        </li>
        <li>
          <span class="legend-line" style={{ borderColor: NDVI_COLOURS.smoothed }} aria-hidden="true" />
          {t('field.ndvi.legendSmoothed')}
        </li>
        <li>
          <span class="legend-line legend-dashed" style={{ borderColor: NDVI_COLOURS.previousYear }} aria-hidden="true" />
          {hasPreviousYear ? t('field.ndvi.legendPreviousYear') : t('field.ndvi.legendNoPreviousYear')}
        </li>
      </ul>
      <p id="field-ndvi-summary" class="field-note">
        {ndviSummary(points)}
      </p>
      <details>
        <summary>{t('field.ndvi.table')}</summary>
        <TableScroll label={t('field.ndvi.table')}>
          <table class="field-table">
            <thead>
              <tr>
                <th scope="col">{t('field.ndvi.date')}</th>
                <th scope="col">{t('field.ndvi.raw')}</th>
                <th scope="col">{t('field.ndvi.smoothed')}</th>
                <th scope="col">{t('field.ndvi.previousYear')}</th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.date}>
                  <th scope="row">{formatDate(p.date)}</th>
                  <td>{ndvi(p.raw)}</td>
                  <td>{ndvi(p.smoothed)}</td>
                  <td>{p.previousYear === null ? '—' : ndvi(p.previousYear)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </details>
    </>
  );
}

const ndvi = (value: number) => formatNumber(value, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
