import { api } from '../../api/client';
import { currentLang, formatDate, t } from '../../i18n';
import { Link } from '../../router';
import { Empty } from '../../ui/Empty';
import { Loading } from '../../ui/Loading';
import { Problem } from '../../ui/Problem';
import { useAsync } from '../../ui/useApi';
import { ApplicationHistory } from '../schemes/ApplicationHistory';
import { loadCatalogue, schemeName } from '../schemes/data';
import { StartApplication } from '../schemes/StartApplication';
import type { Application } from '../schemes/types';
import { useRights } from './roles';
import type { Page } from './types';

/** The farmer's scheme applications with their history, and a form to start another. */
export function FarmerApplications({ farmerId }: { farmerId: string }) {
  const { moveApplications } = useRights();
  const loaded = useAsync(
    async (signal) => {
      const [applications, schemes] = await Promise.all([
        api.get<Page<Application>>(`/v1/scheme-applications?farmerId=${farmerId}&limit=200`, { signal }),
        loadCatalogue(signal),
      ]);
      return { applications: applications.items, schemes };
    },
    [farmerId],
  );
  return (
    <section aria-labelledby="farmer-applications-heading" class="card farmer-section">
      <h2 id="farmer-applications-heading">{t('farmers.applications.title')}</h2>
      {loaded.status === 'loading' && <Loading />}
      {loaded.status === 'error' && <Problem problem={loaded.problem} onRetry={loaded.reload} />}
      {loaded.status === 'ok' && (
        <>
          {loaded.data.applications.length === 0 ? (
            <Empty>
              <p>{t('farmers.applications.none')}</p>
            </Empty>
          ) : (
            loaded.data.applications.map((application) => {
              const scheme = loaded.data.schemes.find((s) => s.id === application.schemeId);
              return (
                <article key={application.id} class="application">
                  <h3>
                    {scheme ? schemeName(scheme, currentLang()) : application.schemeId}{' '}
                    <span class={`status status-${application.status}`}>{t(`schemes.status.${application.status}`)}</span>
                  </h3>
                  <p class="muted">{t('farmers.applications.started', { date: formatDate(application.createdAt) })}</p>
                  <ApplicationHistory application={application} />
                </article>
              );
            })
          )}
          {loaded.data.applications.length > 0 && (
            <p>
              <Link href="/schemes?view=board">{t('farmers.applications.board')}</Link>
            </p>
          )}
          {moveApplications && (
            <>
              <h3>{t('farmers.applications.start')}</h3>
              <StartApplication farmerId={farmerId} schemes={loaded.data.schemes} idPrefix="farmer-apply" onCreated={loaded.reload} />
            </>
          )}
        </>
      )}
    </section>
  );
}
