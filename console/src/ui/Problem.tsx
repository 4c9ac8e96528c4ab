import { ApiProblem } from '../api/client';
import { t } from '../i18n';

/**
 * Shows a failed call: Kheti's title and detail, the fields it rejected, and the request id support asks for.
 * Forms that show errors next to their inputs read `problem.errors` (path like `body.name`) themselves.
 */
export function Problem({ problem, onRetry }: { problem: unknown; onRetry?: () => void }) {
  const known = problem instanceof ApiProblem ? problem : undefined;
  const offline = known?.status === 0;
  return (
    <div class="problem" role="alert">
      <p class="problem-title">{offline ? t('problem.offline') : (known?.title ?? String(problem))}</p>
      {/* Kheti's detail of a validation failure repeats the field errors, so the list replaces it. */}
      {known?.detail && !offline && known.errors.length === 0 && <p>{known.detail}</p>}
      {known && known.errors.length > 0 && (
        <ul>
          {known.errors.map((error) => (
            <li key={error.path}>
              <code>{error.path}</code> {error.message}
            </li>
          ))}
        </ul>
      )}
      {known?.requestId && <p class="problem-id">{t('problem.requestId', { id: known.requestId })}</p>}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('state.retry')}
        </button>
      )}
    </div>
  );
}
