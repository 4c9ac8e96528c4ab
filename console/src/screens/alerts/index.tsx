import { api } from '../../api/client';
import { useSession } from '../../auth/session';
import { t } from '../../i18n';
import { Loading } from '../../ui/Loading';
import { Problem } from '../../ui/Problem';
import { useAsync } from '../../ui/useApi';
import { useCommodities } from '../markets/commodities';
import '../../styles/alerts.css';
import { InboxSection } from './InboxSection';
import { RulesSection } from './RulesSection';
import type { Page } from './types';

/** Staff make and delete rules (Kheti's alerts:manage); farmers and viewers read them. */
const MANAGERS = ['tenant_admin', 'platform_admin', 'agronomist'];
/** The fields a rule can watch; more than this and the organisation picks "all fields" or a farm via the API. */
const FIELDS_LIMIT = 200;

/** #/alerts: the inbox, live, and the organisation's alert rules. */
export function AlertsScreen() {
  const session = useSession();
  const role = session.status === 'signedIn' ? session.role : '';
  const commodities = useCommodities();
  const fields = useAsync(
    (signal) => api.get<Page<{ id: string; name: string }>>(`/v1/fields?limit=${FIELDS_LIMIT}`, { signal }).then((page) => page.items),
    [],
  );
  return (
    <>
      <h1>{t('alerts.title')}</h1>
      <div class="alerts-layout">
        <InboxSection />
        {commodities.status === 'error' && <Problem problem={commodities.problem} onRetry={commodities.reload} />}
        {fields.status === 'error' && <Problem problem={fields.problem} onRetry={fields.reload} />}
        {(commodities.status === 'loading' || fields.status === 'loading') && <Loading />}
        {commodities.status === 'ok' && fields.status === 'ok' && (
          <RulesSection canManage={MANAGERS.includes(role)} commodities={commodities.data} fields={fields.data} />
        )}
      </div>
    </>
  );
}
