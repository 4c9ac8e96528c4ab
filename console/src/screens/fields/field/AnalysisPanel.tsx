import { useEffect, useState } from 'preact/hooks';
import { ApiProblem, api } from '../../../api/client';
import { formatNumber, t } from '../../../i18n';
import { Problem } from '../../../ui/Problem';
import { localDay } from './dates';
import { Panel } from './Panel';
import { useJobProgress } from './useJobProgress';

/** How far back a new analysis looks by default: a month covers the last few Sentinel-2 passes. */
const DEFAULT_DAYS = 30;

/**
 * Starts a satellite analysis of the field (POST …/vegetation-analyses → a job) and shows the job's
 * progress as it happens; when it succeeds the page redraws the chart and the map (`onDone`).
 */
export function AnalysisPanel({ fieldId, onDone }: { fieldId: string; onDone: () => void }) {
  const [from, setFrom] = useState(localDay(DEFAULT_DAYS));
  const [to, setTo] = useState(localDay());
  const [jobId, setJobId] = useState<string>();
  const [starting, setStarting] = useState(false);
  const [problem, setProblem] = useState<unknown>();
  const job = useJobProgress(jobId);
  const running = job !== undefined && (job.status === 'queued' || job.status === 'running');

  useEffect(() => {
    if (job?.status === 'succeeded') onDone();
  }, [job?.status]);

  const start = async (event: Event) => {
    event.preventDefault();
    setStarting(true);
    setProblem(undefined);
    try {
      const answer = await api.post<{ analysisId: string; jobId: string }>(
        `/v1/fields/${encodeURIComponent(fieldId)}/vegetation-analyses`,
        {
          body: { from, to, index: 'ndvi' },
        },
      );
      setJobId(answer.jobId);
    } catch (error) {
      setProblem(error);
    } finally {
      setStarting(false);
    }
  };

  const errorOf = (name: string) =>
    problem instanceof ApiProblem ? problem.errors.find((e) => e.path === `body.${name}`)?.message : undefined;

  return (
    <Panel id="field-analysis" title={t('field.analysis.title')}>
      <p class="field-note">{t('field.analysis.intro')}</p>
      <form class="field-form" onSubmit={start}>
        <div class="field-form-row">
          <div class="stack">
            <label for="analysis-from">{t('field.analysis.from')}</label>
            <input id="analysis-from" type="date" required value={from} max={to} onInput={(e) => setFrom(e.currentTarget.value)} />
            {errorOf('from') && <p class="field-error">{errorOf('from')}</p>}
          </div>
          <div class="stack">
            <label for="analysis-to">{t('field.analysis.to')}</label>
            <input id="analysis-to" type="date" required value={to} min={from} onInput={(e) => setTo(e.currentTarget.value)} />
            {errorOf('to') && <p class="field-error">{errorOf('to')}</p>}
          </div>
        </div>
        <button type="submit" class="primary" disabled={starting || running}>
          {starting ? t('field.analysis.starting') : t('field.analysis.start')}
        </button>
      </form>
      {problem !== undefined && <Problem problem={problem} />}
      {job && (
        <div class="job-progress">
          <label for="analysis-progress">{t('field.analysis.progress')}</label>
          <progress id="analysis-progress" max={100} value={job.progress} />
          <p role="status">{statusText(job.status, job.progress, job.scenesProcessed)}</p>
          {job.status === 'failed' && <p class="field-error">{job.error}</p>}
          {running && job.via !== 'connecting' && (
            <p class="field-note">{job.via === 'live' ? t('field.analysis.live') : t('field.analysis.polling')}</p>
          )}
        </div>
      )}
    </Panel>
  );
}

function statusText(status: string, progress: number, scenes: number | undefined): string {
  if (status === 'queued') return t('field.analysis.queued');
  if (status === 'running') return t('field.analysis.running', { percent: formatNumber(progress) });
  if (status === 'failed') return t('field.analysis.failed');
  return scenes === undefined ? t('field.analysis.done') : t('field.analysis.doneScenes', { count: scenes });
}
