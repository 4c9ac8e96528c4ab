import { useState } from 'preact/hooks';
import { api } from '../../api/client';
import { t } from '../../i18n';
import { Problem } from '../../ui/Problem';
import { type Farmer, REVEALABLE } from './types';

/**
 * Phone, Aadhaar and bank account as Kheti masks them. A tenant admin may reveal them: Kheti
 * answers `?reveal=` only to that role and records each such read in the audit log, which the
 * console says next to the clear values.
 */
export function PersonalData({ farmer, canReveal }: { farmer: Farmer; canReveal: boolean }) {
  const [revealed, setRevealed] = useState<Farmer>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>();
  const hasAny = REVEALABLE.some((key) => farmer[key] !== null);
  const shown = revealed ?? farmer;

  const reveal = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      setRevealed(await api.get<Farmer>(`/v1/farmers/${farmer.id}?reveal=${REVEALABLE.join(',')}`));
    } catch (caught) {
      setProblem(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="farmer-personal-heading" class="card farmer-section">
      <h2 id="farmer-personal-heading">{t('farmers.personal.title')}</h2>
      <dl class="facts">
        {REVEALABLE.map((key) => (
          <div key={key}>
            <dt>{t(`farmers.field.${key}`)}</dt>
            <dd class="pii">{shown[key] ?? t('farmers.value.none')}</dd>
          </div>
        ))}
        <div>
          <dt>{t('farmers.field.ifsc')}</dt>
          <dd class="pii">{farmer.ifsc ?? t('farmers.value.none')}</dd>
        </div>
      </dl>
      {revealed ? (
        <>
          <p class="notice" role="status">
            {t('farmers.personal.recorded')}
          </p>
          <button type="button" onClick={() => setRevealed(undefined)}>
            {t('farmers.personal.hide')}
          </button>
        </>
      ) : (
        canReveal &&
        hasAny && (
          <button type="button" onClick={() => void reveal()} disabled={busy}>
            {t('farmers.personal.reveal')}
          </button>
        )
      )}
      {problem !== undefined && <Problem problem={problem} />}
    </section>
  );
}
