import { useEffect, useState } from 'preact/hooks';
import { ApiProblem } from '../../api/client';
import { formatDate, type MessageKey, t } from '../../i18n';
import { Link } from '../../router';
import { Problem } from '../../ui/Problem';
import { useRights } from '../farmers/roles';
import { ApplicationHistory } from './ApplicationHistory';
import { farmerName, moveApplication } from './data';
import type { Application, ApplicationStatus } from './types';

interface Props {
  application: Application;
  schemeName: string;
  onMoved: (application: Application) => void;
  /** Someone else moved it first (412): the board reloads. */
  onStale: () => void;
}

/** One application on the board: whose, which scheme, and a button for each next status Kheti allows, none other. */
export function ApplicationCard({ application, schemeName, onMoved, onStale }: Props) {
  const { moveApplications } = useRights();
  const [farmer, setFarmer] = useState<string>();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>();
  useEffect(() => {
    farmerName(application.farmerId).then(setFarmer, () => setFarmer(undefined));
  }, [application.farmerId]);

  const move = async (status: ApplicationStatus) => {
    setBusy(true);
    setProblem(undefined);
    try {
      onMoved(await moveApplication(application, status, note.trim() || undefined));
      setNote('');
    } catch (caught) {
      if (caught instanceof ApiProblem && caught.status === 412) onStale();
      else setProblem(caught);
    } finally {
      setBusy(false);
    }
  };

  const noteId = `note-${application.id}`;
  const last = application.history.at(-1);
  return (
    <article class="card application-card" aria-label={t('schemes.card.label', { farmer: farmer ?? '', scheme: schemeName })}>
      <p class="application-farmer">
        <Link href={`/farmers/${application.farmerId}`}>{farmer ?? t('state.loading')}</Link>
      </p>
      <p class="application-scheme">{schemeName}</p>
      {last && <p class="muted">{t('schemes.card.since', { date: formatDate(last.at) })}</p>}
      <details>
        <summary>{t('schemes.card.history')}</summary>
        <ApplicationHistory application={application} />
      </details>
      {moveApplications && application.allowedTransitions.length > 0 && (
        <div class="transitions">
          <label for={noteId}>{t('schemes.card.note')}</label>
          <input id={noteId} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
          <div class="transition-buttons">
            {application.allowedTransitions.map((status) => (
              <button
                key={status}
                type="button"
                class={status === 'rejected' || status === 'withdrawn' ? 'danger' : 'primary'}
                disabled={busy}
                onClick={() => void move(status)}
              >
                {t(`schemes.action.${status}` as MessageKey)}
              </button>
            ))}
          </div>
        </div>
      )}
      {problem !== undefined && <Problem problem={problem} />}
    </article>
  );
}
