import { formatDate, t } from '../../i18n';
import type { Application } from './types';

/** Each status change of an application, oldest first, with its note. */
export function ApplicationHistory({ application }: { application: Application }) {
  return (
    <ol class="application-history">
      {application.history.map((change) => (
        <li key={`${change.at}-${change.to}`}>
          <time dateTime={change.at}>{formatDate(change.at, { dateStyle: 'medium', timeStyle: 'short' })}</time>{' '}
          {change.from
            ? t('schemes.history.moved', { from: t(`schemes.status.${change.from}`), to: t(`schemes.status.${change.to}`) })
            : t('schemes.history.created', { to: t(`schemes.status.${change.to}`) })}
          {change.note && <q class="application-note">{change.note}</q>}
        </li>
      ))}
    </ol>
  );
}
