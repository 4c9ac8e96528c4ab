import { FieldMapPanel } from '../../../map/FieldMapPanel';
import type { Field } from '../../../map/types';
import { formatNumber, t } from '../../../i18n';
import { Link } from '../../../router';
import { useApi } from '../../../ui/useApi';
import { Panel } from './Panel';
import type { Farm, Farmer } from './types';

/**
 * The field on the map (the map area's FieldMapPanel: boundary, latest NDVI image, zones) with its
 * area, farm and farmer. The farm and farmer are one small read each; if either fails, only its name is missing.
 */
export function MapPanel({ field }: { field: Field }) {
  const farm = useApi<Farm>(`/v1/farms/${encodeURIComponent(field.farmId)}`);
  const farmer = useApi<Farmer>(`/v1/farmers/${encodeURIComponent(field.farmerId)}`);
  return (
    <Panel id="field-map" title={t('field.map.title')}>
      <FieldMapPanel field={field} />
      <dl class="field-facts">
        <dt>{t('field.map.area')}</dt>
        <dd>{t('field.map.hectares', { ha: formatNumber(field.areaHa, { maximumFractionDigits: 2 }) })}</dd>
        <dt>{t('field.map.farm')}</dt>
        <dd>{nameOf(farm.status, farm.data && [farm.data.name, farm.data.village].filter(Boolean).join(', '))}</dd>
        <dt>{t('field.map.farmer')}</dt>
        <dd>
          {farmer.data ? (
            <Link href={`/farmers/${encodeURIComponent(farmer.data.id)}`}>{farmer.data.name}</Link>
          ) : (
            nameOf(farmer.status, undefined)
          )}
        </dd>
      </dl>
    </Panel>
  );
}

function nameOf(status: 'loading' | 'ok' | 'error', name: string | undefined): string {
  if (status === 'loading') return t('state.loading');
  if (status === 'error') return t('field.map.unknown');
  return name ?? '';
}
