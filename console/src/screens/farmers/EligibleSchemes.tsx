import { api } from '../../api/client';
import { currentLang, type MessageKey, t } from '../../i18n';
import { Link } from '../../router';
import { Empty } from '../../ui/Empty';
import { Loading } from '../../ui/Loading';
import { Problem } from '../../ui/Problem';
import { useAsync } from '../../ui/useApi';
import { loadCatalogue, schemeName } from '../schemes/data';
import type { SchemeEligibility } from './types';

const MISSING_LABELS: Record<string, MessageKey> = {
  dateOfBirth: 'farmers.field.dateOfBirth',
  landOwnership: 'farmers.field.landOwnership',
  landHoldingHa: 'farmers.field.landHoldingHa',
  socialCategory: 'farmers.field.socialCategory',
  gender: 'farmers.field.gender',
  state: 'farmers.field.state',
  fields: 'farmers.missing.fields',
  cropCycles: 'farmers.missing.cropCycles',
};

/** What the profile lacks, in words: a declaration by its question, a field by its label. */
function missingLabel(name: string): string {
  const declaration = /^declarations\.(\w+)$/.exec(name)?.[1];
  if (declaration) return t(`farmers.declaration.${declaration}` as MessageKey);
  const key = MISSING_LABELS[name];
  return key ? t(key) : name;
}

const VERDICT = {
  true: { key: 'farmers.eligible.yes', mark: '✓', css: 'verdict-yes' },
  false: { key: 'farmers.eligible.no', mark: '✗', css: 'verdict-no' },
  null: { key: 'farmers.eligible.unknown', mark: '?', css: 'verdict-unknown' },
} as const;

/** Every scheme with a rule, judged on this farmer's profile by Kheti, with each criterion's reason. */
export function EligibleSchemes({ farmerId, version }: { farmerId: string; version: number }) {
  const answer = useAsync(
    async (signal) => {
      // The answer names each scheme in English; the catalogue has the Hindi names.
      const [eligibility, catalogue] = await Promise.all([
        api.get<{ items: SchemeEligibility[] }>(`/v1/farmers/${farmerId}/eligible-schemes`, { signal }),
        loadCatalogue(signal),
      ]);
      return { items: eligibility.items, catalogue };
    },
    [farmerId, version],
  );
  const hindi = currentLang() === 'hi';
  const nameOf = (scheme: SchemeEligibility['scheme']) =>
    schemeName(answer.data?.catalogue.find((s) => s.id === scheme.id) ?? { name: scheme.name, nameHi: null }, currentLang());
  return (
    <section aria-labelledby="farmer-eligibility-heading" class="card farmer-section">
      <h2 id="farmer-eligibility-heading">{t('farmers.eligible.title')}</h2>
      <p class="muted">{t('farmers.eligible.intro')}</p>
      {answer.status === 'loading' && <Loading />}
      {answer.status === 'error' && <Problem problem={answer.problem} onRetry={answer.reload} />}
      {answer.status === 'ok' && answer.data.items.length === 0 && (
        <Empty>
          <p>{t('farmers.eligible.none')}</p>
        </Empty>
      )}
      {answer.status === 'ok' &&
        answer.data.items.map((item) => {
          const verdict = VERDICT[String(item.eligible) as 'true' | 'false' | 'null'];
          return (
            <article key={item.scheme.id} class="eligibility">
              <h3>
                {nameOf(item.scheme)} <span class={`verdict ${verdict.css}`}>{t(verdict.key)}</span>
              </h3>
              <ul class="reasons">
                {item.reasons.map((reason) => {
                  const mark = VERDICT[String(reason.met) as 'true' | 'false' | 'null'];
                  return (
                    <li key={reason.criterion} class={mark.css}>
                      <span aria-hidden="true" class="reason-mark">
                        {mark.mark}
                      </span>
                      <span class="visually-hidden">{t(`farmers.reason.${String(reason.met) as 'true' | 'false' | 'null'}`)}: </span>
                      {hindi ? reason.textHi : reason.text}
                    </li>
                  );
                })}
              </ul>
              {item.missing.length > 0 && (
                <p class="missing">
                  {t('farmers.eligible.missing', { fields: item.missing.map(missingLabel).join(', ') })}{' '}
                  <Link href={`/farmers/${farmerId}?edit=1`}>{t('farmers.eligible.complete')}</Link>
                </p>
              )}
            </article>
          );
        })}
    </section>
  );
}
