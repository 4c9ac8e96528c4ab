import { useRef, useState } from 'preact/hooks';
import { t } from '../../i18n';
import { Loading } from '../../ui/Loading';
import { Problem } from '../../ui/Problem';
import { useAsync } from '../../ui/useApi';
import { loadMarkets, marketLabel, searchMarkets } from './markets-list';
import type { Market } from './types';

/** Matches shown at once; typing more narrows them. */
const SHOWN = 12;
/** Lines a chart can still tell apart. */
export const MAX_MANDIS = 6;

/** Chosen mandis as removable chips, and a search over every mandi to add more. */
export function MandiPicker({ chosen, onChange }: { chosen: Market[]; onChange: (mandis: Market[]) => void }) {
  const markets = useAsync(() => loadMarkets(), []);
  const [text, setText] = useState('');
  const search = useRef<HTMLInputElement>(null);
  const matches = markets.status === 'ok' ? searchMarkets(markets.data, text, SHOWN).filter((m) => !chosen.some((c) => c.id === m.id)) : [];
  const full = chosen.length >= MAX_MANDIS;

  return (
    <fieldset class="mandi-picker">
      <legend>{t('markets.mandis')}</legend>
      {chosen.length === 0 ? (
        <p class="state">{t('markets.noMandisChosen')}</p>
      ) : (
        <ul class="mandi-chips">
          {chosen.map((m) => (
            <li key={m.id} class="mandi-chip">
              <span>{marketLabel(m)}</span>
              <button
                type="button"
                class="chip-remove"
                aria-label={t('markets.removeMandi', { name: m.name })}
                onClick={() => onChange(chosen.filter((c) => c.id !== m.id))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <label for="mandi-search">{t('markets.searchMandis')}</label>
      <input
        id="mandi-search"
        ref={search}
        type="search"
        value={text}
        autoComplete="off"
        aria-describedby="mandi-search-hint"
        disabled={full}
        onInput={(e) => setText(e.currentTarget.value)}
      />
      <p id="mandi-search-hint" class="hint">
        {full ? t('markets.mandisFull', { count: MAX_MANDIS }) : t('markets.searchHint')}
      </p>
      {markets.status === 'loading' && text !== '' && <Loading />}
      {markets.status === 'error' && <Problem problem={markets.problem} onRetry={markets.reload} />}
      {text.trim() !== '' &&
        markets.status === 'ok' &&
        !full &&
        (matches.length === 0 ? (
          <p class="state" role="status">
            {t('markets.noMandiFound')}
          </p>
        ) : (
          <ul class="mandi-matches" aria-label={t('markets.matches')}>
            {matches.map((m) => (
              <li key={m.id}>
                <button
                  type="button"
                  class="link-button"
                  onClick={() => {
                    onChange([...chosen, m]);
                    setText('');
                    // The button pressed disappears with the list: the search keeps the keyboard's place.
                    search.current?.focus();
                  }}
                >
                  {t('markets.addMandi', { name: marketLabel(m) })}
                </button>
              </li>
            ))}
          </ul>
        ))}
    </fieldset>
  );
}
