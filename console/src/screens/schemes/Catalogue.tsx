import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n';
import { Empty } from '../../ui/Empty';
import { Loading } from '../../ui/Loading';
import { Problem } from '../../ui/Problem';
import { useAsync } from '../../ui/useApi';
import { loadCatalogue, searchSchemes } from './data';
import { SchemeCard } from './SchemeCard';
import type { Scheme } from './types';

/**
 * The schemes with a search in English or Hindi. Kheti's full-text search ranks whole words
 * (stemmed English, Hindi as written); the few dozen schemes are also matched here by part of a
 * name, Hindi name or code, so a half-typed "PM-KI" or "फ़सल" finds something as the person types.
 */
export function Catalogue() {
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 300);
    return () => clearTimeout(timer);
  }, [typed]);
  const catalogue = useAsync((signal) => loadCatalogue(signal), []);
  const found = useAsync((signal) => (q ? searchSchemes(q, signal) : Promise.resolve(undefined)), [q]);

  const shown = catalogue.status === 'ok' && found.status === 'ok' ? matching(catalogue.data, found.data, q) : undefined;
  return (
    <section aria-labelledby="schemes-catalogue-heading">
      <h2 id="schemes-catalogue-heading" class="visually-hidden">
        {t('schemes.catalogue.title')}
      </h2>
      <div class="search-box">
        <label for="scheme-search">{t('schemes.search.label')}</label>
        <p id="scheme-search-hint" class="form-hint">
          {t('schemes.search.hint')}
        </p>
        <input
          id="scheme-search"
          type="search"
          aria-describedby="scheme-search-hint"
          value={typed}
          onInput={(e) => setTyped(e.currentTarget.value)}
        />
      </div>
      {(catalogue.status === 'loading' || found.status === 'loading') && <Loading />}
      {catalogue.status === 'error' && <Problem problem={catalogue.problem} onRetry={catalogue.reload} />}
      {found.status === 'error' && <Problem problem={found.problem} onRetry={found.reload} />}
      {shown && shown.length === 0 && (
        <Empty>
          <p>{t('schemes.search.none', { q })}</p>
        </Empty>
      )}
      {shown && shown.length > 0 && (
        <>
          <p class="list-count" role="status">
            {shown.length === 1 ? t('schemes.list.countOne') : t('schemes.list.count', { count: shown.length })}
          </p>
          <ul class="scheme-list">
            {shown.map((scheme) => (
              <li key={scheme.id}>
                <SchemeCard scheme={scheme} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** Kheti's ranked matches first, then the schemes whose name, Hindi name or code contains the words typed. */
function matching(all: Scheme[], ranked: Scheme[] | undefined, q: string): Scheme[] {
  if (!q || !ranked) return all;
  const needle = q.toLocaleLowerCase();
  const partial = all.filter(
    (scheme) =>
      !ranked.some((r) => r.id === scheme.id) &&
      [scheme.name, scheme.nameHi ?? '', scheme.code].some((text) => text.toLocaleLowerCase().includes(needle)),
  );
  return [...ranked, ...partial];
}
