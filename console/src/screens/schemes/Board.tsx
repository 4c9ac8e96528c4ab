import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client';
import { currentLang, t } from '../../i18n';
import { navigate, useRoute } from '../../router';
import { Loading } from '../../ui/Loading';
import { Problem } from '../../ui/Problem';
import { useAsync } from '../../ui/useApi';
import type { Page } from '../farmers/types';
import { ApplicationCard } from './ApplicationCard';
import { loadCatalogue, schemeName } from './data';
import { type Application, APPLICATION_STATUSES } from './types';

const LIMIT = 200;

/** The tenant's applications in one column per status, newest first; `?scheme=<id>` narrows to one scheme. */
export function Board() {
  const { query } = useRoute();
  const schemeId = query.get('scheme') ?? '';
  const loaded = useAsync(
    async (signal) => {
      const params = new URLSearchParams({ limit: String(LIMIT), ...(schemeId ? { schemeId } : {}) });
      const [applications, schemes] = await Promise.all([
        api.get<Page<Application>>(`/v1/scheme-applications?${params}`, { signal }),
        loadCatalogue(signal),
      ]);
      return { applications, schemes };
    },
    [schemeId],
  );
  // Moves change cards in place, without reloading the board under the person's focus.
  const [applications, setApplications] = useState<Application[]>([]);
  const [announcement, setAnnouncement] = useState('');
  useEffect(() => setApplications(loaded.data?.applications.items ?? []), [loaded.data]);

  if (loaded.status === 'loading') return <Loading />;
  if (loaded.status === 'error') return <Problem problem={loaded.problem} onRetry={loaded.reload} />;
  const { schemes } = loaded.data;
  const nameOf = (id: string) => {
    const scheme = schemes.find((s) => s.id === id);
    return scheme ? schemeName(scheme, currentLang()) : id;
  };

  const moved = (next: Application) => {
    setApplications(applications.map((a) => (a.id === next.id ? next : a)));
    setAnnouncement(t('schemes.board.moved', { scheme: nameOf(next.schemeId), status: t(`schemes.status.${next.status}`) }));
  };

  return (
    <section aria-labelledby="schemes-board-heading">
      <h2 id="schemes-board-heading" class="visually-hidden">
        {t('schemes.board.title')}
      </h2>
      <div class="board-filter">
        <label for="board-scheme">{t('schemes.board.filter')}</label>
        <select
          id="board-scheme"
          value={schemeId}
          onChange={(e) => navigate(e.currentTarget.value ? `/schemes?view=board&scheme=${e.currentTarget.value}` : '/schemes?view=board')}
        >
          <option value="">{t('schemes.board.allSchemes')}</option>
          {schemes.map((scheme) => (
            <option key={scheme.id} value={scheme.id}>
              {schemeName(scheme, currentLang())}
            </option>
          ))}
        </select>
      </div>
      <p class="visually-hidden" role="status">
        {announcement}
      </p>
      {loaded.data.applications.nextCursor && <p class="notice">{t('schemes.board.newest', { count: LIMIT })}</p>}
      {applications.length === 0 && <p class="state">{t('schemes.board.empty')}</p>}
      <div class="board">
        {APPLICATION_STATUSES.map((status) => {
          const column = applications.filter((a) => a.status === status);
          return (
            <section key={status} class={`board-column column-${status}`} aria-labelledby={`column-${status}`}>
              <h3 id={`column-${status}`}>
                {t(`schemes.status.${status}`)} <span class="column-count">({column.length})</span>
              </h3>
              <ul class="board-cards">
                {column.map((application) => (
                  <li key={application.id}>
                    <ApplicationCard
                      application={application}
                      schemeName={nameOf(application.schemeId)}
                      onMoved={moved}
                      onStale={() => {
                        setAnnouncement(t('schemes.board.stale'));
                        loaded.reload();
                      }}
                    />
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
      </div>
    </section>
  );
}
