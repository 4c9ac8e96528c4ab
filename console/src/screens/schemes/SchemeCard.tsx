import { useState } from 'preact/hooks';
import { currentLang, formatDate, formatNumber, t } from '../../i18n';
import { navigate } from '../../router';
import { useRights } from '../farmers/roles';
import { EligibleCount } from './EligibleCount';
import { schemeName } from './data';
import { StartApplication } from './StartApplication';
import type { Scheme } from './types';

/** A scheme's key facts, its official source, how many farmers qualify, and a way to apply for one. */
export function SchemeCard({ scheme }: { scheme: Scheme }) {
  const { moveApplications } = useRights();
  const [applying, setApplying] = useState(false);
  const hindi = currentLang() === 'hi';
  const other = hindi ? null : scheme.nameHi;
  const benefit = hindi && scheme.benefitHi ? scheme.benefitHi : scheme.benefit;
  const headingId = `scheme-${scheme.id}`;
  return (
    <article class="card scheme-card" aria-labelledby={headingId}>
      <h3 id={headingId}>{schemeName(scheme, currentLang())}</h3>
      {other && (
        <p class="scheme-other-name" lang="hi">
          {other}
        </p>
      )}
      <p class="scheme-meta">
        <span class="tag">
          {scheme.level === 'central' ? t('schemes.level.central') : t('schemes.level.state', { state: scheme.state ?? '' })}
        </span>{' '}
        {!scheme.shared && <span class="tag">{t('schemes.own')}</span>} {scheme.department}
      </p>
      {scheme.benefitInr !== null && (
        <p class="scheme-amount">
          {t(`schemes.per.${scheme.benefitPer === 'month' ? 'month' : scheme.benefitPer === 'year' ? 'year' : 'once'}`, {
            amount: formatNumber(scheme.benefitInr, { style: 'currency', currency: 'INR', maximumFractionDigits: 0 }),
          })}
        </p>
      )}
      <p lang={hindi && scheme.benefitHi ? 'hi' : 'en'}>{benefit}</p>
      <EligibleCount scheme={scheme} />
      {scheme.documents.length > 0 && (
        <details>
          <summary>{t('schemes.documents')}</summary>
          <ul lang="en">
            {scheme.documents.map((document) => (
              <li key={document}>{document}</li>
            ))}
          </ul>
        </details>
      )}
      {scheme.howToApply && (
        <details>
          <summary>{t('schemes.howToApply')}</summary>
          <p lang="en">{scheme.howToApply}</p>
        </details>
      )}
      {scheme.sourceUrl && (
        <p class="scheme-source">
          <a href={scheme.sourceUrl} target="_blank" rel="noopener noreferrer">
            {t('schemes.source')}
            <span class="visually-hidden"> {t('schemes.newTab')}</span>
          </a>
          {scheme.checkedOn && <span class="muted"> {t('schemes.checkedOn', { date: formatDate(scheme.checkedOn) })}</span>}
        </p>
      )}
      {moveApplications && (
        <button type="button" aria-expanded={applying} onClick={() => setApplying(!applying)}>
          {t('schemes.apply.open')}
          <span class="visually-hidden">: {scheme.name}</span>
        </button>
      )}
      {applying && (
        <StartApplication
          schemeId={scheme.id}
          idPrefix={`apply-${scheme.id}`}
          onCreated={() => navigate(`/schemes?view=board&scheme=${scheme.id}`)}
        />
      )}
    </article>
  );
}
