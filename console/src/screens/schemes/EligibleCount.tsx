import { ApiProblem, api } from '../../api/client';
import { t } from '../../i18n';
import { useAsync } from '../../ui/useApi';
import type { EligibleFarmersCounts, Scheme } from './types';

/**
 * How many of the tenant's farmers the scheme's rule finds eligible (Kheti counts them all; one
 * farmer of the list is enough to ask for). A scheme without a rule says so instead of a count.
 */
export function EligibleCount({ scheme }: { scheme: Scheme }) {
  const hasRule = scheme.eligibility !== null && scheme.eligibility !== undefined;
  const answer = useAsync(
    (signal) =>
      hasRule
        ? api.get<EligibleFarmersCounts>(`/v1/schemes/${scheme.id}/eligible-farmers?limit=1`, { signal })
        : Promise.resolve(undefined),
    [scheme.id, hasRule],
  );
  if (!hasRule) return <p class="eligible-count muted">{t('schemes.eligible.noRule')}</p>;
  if (answer.status === 'loading') return <p class="eligible-count muted">{t('state.loading')}</p>;
  if (answer.status === 'error') {
    // Counting every farmer is for staff: a viewer is simply not shown a count.
    if (answer.problem instanceof ApiProblem && answer.problem.status === 403) return null;
    return <p class="eligible-count muted">{t('schemes.eligible.failed')}</p>;
  }
  const counts = answer.data!.counts;
  return (
    <p class="eligible-count">
      <strong>{t('schemes.eligible.count', { eligible: counts.eligible, total: counts.total })}</strong>
      {counts.unknown > 0 && <> {t('schemes.eligible.unknown', { unknown: counts.unknown })}</>}
    </p>
  );
}
