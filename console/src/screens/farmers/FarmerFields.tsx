import { formatNumber, t } from '../../i18n';
import { Link } from '../../router';
import { Empty } from '../../ui/Empty';
import { Loading } from '../../ui/Loading';
import { Problem } from '../../ui/Problem';
import { useApi } from '../../ui/useApi';
import type { FieldSummary, Page } from './types';

/** The farmer's fields, each a link to its own page. */
export function FarmerFields({ farmerId }: { farmerId: string }) {
  const fields = useApi<Page<FieldSummary>>(`/v1/fields?farmerId=${farmerId}&limit=200`);
  return (
    <section aria-labelledby="farmer-fields-heading" class="card farmer-section">
      <h2 id="farmer-fields-heading">{t('farmers.fields.title')}</h2>
      {fields.status === 'loading' && <Loading />}
      {fields.status === 'error' && <Problem problem={fields.problem} onRetry={fields.reload} />}
      {fields.status === 'ok' && fields.data.items.length === 0 && (
        <Empty>
          <p>{t('farmers.fields.none')}</p>
        </Empty>
      )}
      {fields.status === 'ok' && fields.data.items.length > 0 && (
        <ul class="plain-list">
          {fields.data.items.map((field) => (
            <li key={field.id}>
              <Link href={`/fields/${field.id}`}>{field.name}</Link>{' '}
              <span class="muted">{t('farmers.land.ha', { ha: formatNumber(field.areaHa, { maximumFractionDigits: 2 }) })}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
