import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client';
import { t } from '../../i18n';
import { navigate, useRoute } from '../../router';
import { Empty } from '../../ui/Empty';
import { Loading } from '../../ui/Loading';
import { Problem } from '../../ui/Problem';
import { useAsync } from '../../ui/useApi';
import { FarmerForm } from './FarmerForm';
import { FarmerList } from './FarmerList';
import { useRights } from './roles';
import { createBody } from './form-values';
import { CATEGORIES, type Farmer, type Page } from './types';
import '../../styles/farmers.css';

const PAGE_SIZE = 50;

/** #/farmers: the tenant's farmers, searched by Kheti (name, village, district); `?new=1` opens the form for a new one. */
export function FarmersScreen() {
  const { query } = useRoute();
  const { editFarmers } = useRights();
  const creating = editFarmers && query.get('new') === '1';
  const [typed, setTyped] = useState('');
  const [category, setCategory] = useState('');
  const q = useDebounced(typed.trim(), 300);
  const [more, setMore] = useState<{ items: Farmer[]; nextCursor: string | null }>();
  const [moreProblem, setMoreProblem] = useState<unknown>();
  // Kheti searches and filters: the list shows one page of what matches, not a page filtered here.
  const filters = { ...(q ? { q } : {}), ...(category ? { category } : {}) };
  const first = useAsync(
    (signal) => api.get<Page<Farmer>>(`/v1/farmers?${new URLSearchParams({ limit: String(PAGE_SIZE), ...filters })}`, { signal }),
    [q, category],
  );
  useEffect(() => setMore(undefined), [q, category, first.data]);

  const items = first.data ? [...first.data.items, ...(more?.items ?? [])] : [];
  const nextCursor = more ? more.nextCursor : first.data?.nextCursor;
  const loadMore = async () => {
    setMoreProblem(undefined);
    try {
      const params = new URLSearchParams({ limit: String(PAGE_SIZE), cursor: nextCursor ?? '', ...filters });
      const page = await api.get<Page<Farmer>>(`/v1/farmers?${params}`);
      setMore({ items: [...(more?.items ?? []), ...page.items], nextCursor: page.nextCursor });
    } catch (problem) {
      setMoreProblem(problem);
    }
  };

  if (creating) {
    return (
      <>
        <h1>{t('farmers.new.title')}</h1>
        <FarmerForm
          onSubmit={async (values) => {
            const created = await api.post<Farmer>('/v1/farmers', { body: createBody(values) });
            navigate(`/farmers/${created.id}`);
          }}
          onCancel={() => navigate('/farmers')}
        />
      </>
    );
  }

  return (
    <>
      <div class="screen-head">
        <h1>{t('nav.farmers')}</h1>
        {editFarmers && (
          <button type="button" class="primary" onClick={() => navigate('/farmers?new=1')}>
            {t('farmers.new.button')}
          </button>
        )}
      </div>
      <div class="farmer-filters">
        <div class="search-box">
          <label for="farmer-search">{t('farmers.search.label')}</label>
          <input id="farmer-search" type="search" value={typed} onInput={(e) => setTyped(e.currentTarget.value)} />
        </div>
        <div class="search-box">
          <label for="farmer-category">{t('farmers.field.category')}</label>
          <select id="farmer-category" value={category} onChange={(e) => setCategory(e.currentTarget.value)}>
            <option value="">{t('farmers.search.allCategories')}</option>
            {CATEGORIES.map((option) => (
              <option key={option} value={option}>
                {t(`farmers.category.${option}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {first.status === 'loading' && <Loading />}
      {first.status === 'error' && <Problem problem={first.problem} onRetry={first.reload} />}
      {first.status === 'ok' && items.length === 0 && (
        <Empty>
          <p>{q || category ? t('farmers.search.nothing') : t('farmers.list.empty')}</p>
        </Empty>
      )}
      {first.status === 'ok' && items.length > 0 && (
        <>
          <p class="list-count" role="status">
            {nextCursor
              ? t('farmers.list.countMore', { count: items.length })
              : items.length === 1
                ? t('farmers.list.countOne')
                : t('farmers.list.count', { count: items.length })}
          </p>
          <FarmerList farmers={items} />
          {moreProblem !== undefined && <Problem problem={moreProblem} />}
          {nextCursor && (
            <button type="button" onClick={() => void loadMore()}>
              {t('farmers.list.more')}
            </button>
          )}
        </>
      )}
    </>
  );
}

/** The value once it has stopped changing for `ms`: one search per pause in typing, not per key. */
function useDebounced(value: string, ms: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
