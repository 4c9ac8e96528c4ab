import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Layout } from '../layout.js';
import { streamingReplicas } from '../parts/postgres.js';
import { sleep } from '../processes.js';
import type { TopologyClient } from './client.js';
import type { MixedLoad } from './load.js';
import type { TopologyParts } from './parts.js';

export interface DrillContext {
  layout: Layout;
  parts: TopologyParts;
  client: TopologyClient;
  load: MixedLoad;
  token: string;
  fieldId: string;
  /** How long the load runs on after a fault's repair before the drill's window closes. */
  settleMs: number;
}

export interface DrillResult {
  name: string;
  fault: string;
  requests: number;
  failedRequests: number;
  failedReads: number;
  failedWrites: number;
  /** From the fault to the last failed request (0: none failed). */
  errorsForMs: number;
  /** The drill's own measure of recovery (named in `detail`), or null where errorsForMs is the measure. */
  recoveryMs: number | null;
  passed: boolean;
  detail: string;
}

interface Effect {
  recoveryMs: number | null;
  detail: string;
  /** What the drill itself requires beyond the common bounds. */
  ok: boolean;
  /** Failed requests the drill tolerates; undefined: any, as long as errors stop within the bound. */
  maxFailed?: number;
}

/** Recovery, and the time errors may last after a fault, must stay under this. */
export const RECOVERY_BOUND_MS = 10_000;

async function measured(
  context: DrillContext,
  name: string,
  fault: string,
  act: (faultAt: number) => Promise<Effect>,
): Promise<DrillResult> {
  const faultAt = Date.now();
  const effect = await act(faultAt);
  await sleep(context.settleMs);
  const window = context.load.window(faultAt);
  const failed = window.filter((o) => !o.ok);
  const errorsForMs = failed.length > 0 ? failed.at(-1)!.at - faultAt : 0;
  const passed =
    effect.ok &&
    errorsForMs < RECOVERY_BOUND_MS + context.settleMs &&
    (effect.recoveryMs ?? 0) < RECOVERY_BOUND_MS &&
    (effect.maxFailed === undefined || failed.length <= effect.maxFailed) &&
    // Errors must have stopped well before the window closed.
    (failed.length === 0 || Date.now() - failed.at(-1)!.at > Math.min(2000, context.settleMs));
  return {
    name,
    fault,
    requests: window.length,
    failedRequests: failed.length,
    failedReads: failed.filter((o) => o.kind === 'read').length,
    failedWrites: failed.filter((o) => o.kind === 'write').length,
    errorsForMs,
    recoveryMs: effect.recoveryMs,
    passed,
    detail: effect.detail,
  };
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check().catch(() => false)) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
    await sleep(100);
  }
}

/** An analysis of the drill's field: a real job with progress, run by a worker. */
async function startAnalysis(context: DrillContext): Promise<string> {
  const today = new Date();
  const day = (offset: number) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  const answer = await context.client.call('POST', `/v1/fields/${context.fieldId}/vegetation-analyses`, {
    token: context.token,
    body: { from: day(-365), to: day(0), maxCloudPct: 100 },
  });
  if (answer.status !== 202) throw new Error(`an analysis was not accepted: ${answer.status} ${JSON.stringify(answer.body)}`);
  return (answer.body as { jobId: string }).jobId;
}

const jobStatus = async (context: DrillContext, jobId: string) =>
  ((await context.client.call('GET', `/v1/jobs/${jobId}`, { token: context.token })).body as { status?: string } | undefined)?.status;

const readyEverywhere = async (context: DrillContext) => {
  const answer = await context.client.call('GET', '/readyz');
  const checks = (answer.body as { checks?: { replicas?: { ok: boolean }[] } }).checks;
  return answer.status === 200 && (checks?.replicas ?? []).length === 3 && checks!.replicas!.every((r) => r.ok);
};

/** Which worker's log says it started this job (the last one to, after a takeover). */
function workerRunning(layout: Layout, jobId: string, workers: string[]): string | undefined {
  return workers.find((name) => readFileSync(join(layout.runDir, 'logs', `${name}.log`), 'utf8').includes(`"jobId":"${jobId}"`));
}

export const DRILLS: { name: string; run: (context: DrillContext) => Promise<DrillResult> }[] = [
  {
    name: 'api-instance-killed',
    run: (context) =>
      measured(context, 'api-instance-killed', 'kill -9 of api-1 (its primary and cluster workers)', async () => {
        await context.parts.kill('api-1');
        // nginx takes it out after its first failure; the supervisor brings it back after a while.
        await sleep(context.settleMs);
        await context.parts.restartApi('api-1');
        return { recoveryMs: null, detail: 'errors stop when nginx routes around it; api-1 restarted', ok: true };
      }),
  },
  {
    name: 'replica-stopped',
    run: (context) =>
      measured(context, 'replica-stopped', 'pg_ctl stop -m fast of postgres-replica-2, then start', async () => {
        await context.parts.stopPostgres('postgres-replica-2');
        await sleep(context.settleMs);
        const restartedAt = Date.now();
        await context.parts.startPostgres('postgres-replica-2');
        await until('replica 2 streaming again', async () => (await streamingReplicas(context.layout)) === 3);
        await until('every API process seeing three healthy replicas', () => readyEverywhere(context));
        const recoveryMs = Date.now() - restartedAt;
        return {
          recoveryMs,
          detail: `no read may fail; rejoined ${(recoveryMs / 1000).toFixed(1)} s after its start`,
          ok: true,
          maxFailed: 0,
        };
      }),
  },
  {
    name: 'queue-redis-restarted',
    run: (context) =>
      measured(context, 'queue-redis-restarted', 'SHUTDOWN of the queue Redis with an analysis in flight, then start', async () => {
        const jobId = await startAnalysis(context);
        await until('the analysis running', async () => (await jobStatus(context, jobId)) === 'running', 30_000);
        const stoppedAt = Date.now();
        await context.parts.restartQueueRedis();
        await until('readiness through nginx', async () => (await context.client.call('GET', '/readyz')).status === 200);
        const recoveryMs = Date.now() - stoppedAt;
        await until(
          'the analysis finishing',
          async () => ['succeeded', 'failed'].includes((await jobStatus(context, jobId)) ?? ''),
          120_000,
        );
        const status = await jobStatus(context, jobId);
        return {
          recoveryMs,
          detail: `ready ${(recoveryMs / 1000).toFixed(1)} s after the shutdown; the analysis in flight ${status}`,
          ok: status === 'succeeded',
        };
      }),
  },
  {
    name: 'worker-killed-mid-job',
    run: (context) =>
      measured(context, 'worker-killed-mid-job', 'kill -9 of the worker running an analysis', async () => {
        const jobId = await startAnalysis(context);
        await until('the analysis running', async () => (await jobStatus(context, jobId)) === 'running', 30_000);
        const workers = ['worker-1', 'worker-2'];
        const victim = workerRunning(context.layout, jobId, workers);
        if (!victim) throw new Error(`no worker log names job ${jobId}`);
        const survivor = workers.find((w) => w !== victim)!;
        const killedAt = Date.now();
        await context.parts.kill(victim);
        await until(`${survivor} taking the job over`, async () => workerRunning(context.layout, jobId, [survivor]) !== undefined, 120_000);
        const recoveryMs = Date.now() - killedAt;
        await until(
          'the analysis finishing',
          async () => ['succeeded', 'failed'].includes((await jobStatus(context, jobId)) ?? ''),
          120_000,
        );
        const status = await jobStatus(context, jobId);
        await context.parts.restartWorker(victim);
        return {
          recoveryMs,
          detail: `${survivor} took the job over ${(recoveryMs / 1000).toFixed(1)} s after ${victim} died; the job ${status}; ${victim} restarted`,
          ok: status === 'succeeded',
          maxFailed: 0,
        };
      }),
  },
  {
    name: 'pgbouncer-then-primary-restarted',
    run: (context) =>
      measured(
        context,
        'pgbouncer-then-primary-restarted',
        'PgBouncer stopped and started, then pg_ctl restart -m fast of the primary',
        async (faultAt) => {
          await context.parts.restartPgbouncer();
          await sleep(context.settleMs);
          const primaryAt = Date.now();
          await context.parts.stopPostgres('postgres-primary');
          await context.parts.startPostgres('postgres-primary');
          await until('a write answered after the primary restart', async () =>
            context.load.window(primaryAt).some((o) => o.kind === 'write' && o.ok),
          );
          const firstOk = context.load.window(primaryAt).find((o) => o.kind === 'write' && o.ok)!;
          const recoveryMs = firstOk.at - primaryAt;
          await until('three replicas streaming again', async () => (await streamingReplicas(context.layout)) === 3);
          return {
            recoveryMs,
            detail: `PgBouncer restarted, then the primary ${((primaryAt - faultAt) / 1000).toFixed(0)} s later; writes resumed ${(recoveryMs / 1000).toFixed(1)} s after it went down`,
            ok: true,
          };
        },
      ),
  },
  {
    name: 'rolling-restart',
    run: (context) =>
      measured(context, 'rolling-restart', 'SIGHUP to api-1, then to api-2, each replacing its cluster workers one at a time', async () => {
        for (const name of ['api-1', 'api-2']) {
          const { pid } = context.parts.part(name);
          const before = new Set(context.parts.childrenOf(pid));
          process.kill(pid, 'SIGHUP');
          await until(`${name} replacing both workers`, async () => {
            const now = context.parts.childrenOf(pid);
            return now.length === 2 && now.every((child) => !before.has(child));
          });
        }
        return { recoveryMs: null, detail: 'every cluster worker of both instances replaced; no request may fail', ok: true, maxFailed: 0 };
      }),
  },
];
