import { formatDate, formatNumber, type MessageKey, t } from '../../../i18n';
import { Empty } from '../../../ui/Empty';
import { useApi } from '../../../ui/useApi';
import { Loaded, Panel } from './Panel';
import type { Page, SoilTest } from './types';

type Nutrient = 'n' | 'p' | 'k' | 'ph' | 'ec' | 'oc' | 's' | 'zn' | 'fe' | 'mn' | 'cu' | 'b';

/** The soil health card's values in the card's order, each with its name and unit (as the API documents them). */
const NUTRIENTS: { key: Nutrient; name: MessageKey; unit: MessageKey | undefined }[] = [
  { key: 'n', name: 'field.soil.n', unit: 'field.soil.kgHa' },
  { key: 'p', name: 'field.soil.p', unit: 'field.soil.kgHa' },
  { key: 'k', name: 'field.soil.k', unit: 'field.soil.kgHa' },
  { key: 'ph', name: 'field.soil.ph', unit: undefined },
  { key: 'ec', name: 'field.soil.ec', unit: 'field.soil.dsm' },
  { key: 'oc', name: 'field.soil.oc', unit: 'field.soil.percent' },
  { key: 's', name: 'field.soil.s', unit: 'field.soil.ppm' },
  { key: 'zn', name: 'field.soil.zn', unit: 'field.soil.ppm' },
  { key: 'fe', name: 'field.soil.fe', unit: 'field.soil.ppm' },
  { key: 'mn', name: 'field.soil.mn', unit: 'field.soil.ppm' },
  { key: 'cu', name: 'field.soil.cu', unit: 'field.soil.ppm' },
  { key: 'b', name: 'field.soil.b', unit: 'field.soil.ppm' },
];

/** The latest soil test of the field (GET /v1/fields/{id}/soil-tests): only the values the lab measured. */
export function SoilPanel({ fieldId }: { fieldId: string }) {
  const tests = useApi<Page<SoilTest>>(`/v1/fields/${encodeURIComponent(fieldId)}/soil-tests?limit=200`);
  return (
    <Panel id="field-soil" title={t('field.soil.title')}>
      <Loaded state={tests}>
        {({ items }) => {
          const latest = [...items].sort((a, b) => b.sampledOn.localeCompare(a.sampledOn))[0];
          if (!latest) {
            return (
              <Empty>
                <p>{t('field.soil.empty')}</p>
              </Empty>
            );
          }
          return (
            <>
              <p>
                {latest.lab
                  ? t('field.soil.sampledAt', { date: formatDate(latest.sampledOn), lab: latest.lab })
                  : t('field.soil.sampled', { date: formatDate(latest.sampledOn) })}
              </p>
              <table class="field-table soil-table">
                <thead>
                  <tr>
                    <th scope="col">{t('field.soil.nutrient')}</th>
                    <th scope="col">{t('field.soil.value')}</th>
                  </tr>
                </thead>
                <tbody>
                  {NUTRIENTS.filter(({ key }) => latest[key] !== undefined).map(({ key, name, unit }) => (
                    <tr key={key}>
                      <th scope="row">{t(name)}</th>
                      <td>
                        {formatNumber(latest[key]!, { maximumFractionDigits: 2 })}
                        {unit && ` ${t(unit)}`}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          );
        }}
      </Loaded>
    </Panel>
  );
}
