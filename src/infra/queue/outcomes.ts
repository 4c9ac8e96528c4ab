import type { Metrics } from '../metrics.js';

/**
 * A consumer's outcome counters exist from its start, at 0: a dashboard or alert over failed jobs
 * then reads 0 rather than nothing, and a rate over the first failure sees it (Prometheus's advice
 * on metrics with labels).
 */
export function initialiseOutcomes(metrics: Pick<Metrics, 'jobsCompleted'>, type: string) {
  for (const outcome of ['succeeded', 'failed'] as const) metrics.jobsCompleted.inc({ type, outcome }, 0);
}
