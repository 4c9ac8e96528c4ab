/**
 * The raiser of bench/ws-fanout.ts, in a process of its own as a worker is: it opens the
 * deployment's resources as `kheti worker` does (the configuration comes from the environment) and
 * raises events through the realtime module's face, `raiseEvent` (stored in PostgreSQL, then
 * published on the Redis bus), at a steady rate spread round-robin over the tenants. Each event
 * carries its raise time; one JSON line on stdout reports what was raised.
 *
 *   node --import tsx bench/ws-fanout-raiser.ts '<json of RaisePlan>'
 *
 * The schedule is open-loop: event k is raised at start + k / rate whether or not earlier raises
 * have finished (a slow store shows as latency at the clients, not as a lower rate), and how far
 * the raiser itself fell behind its schedule is reported.
 */
import { loadConfig } from '../src/config.js';
import { openResources } from '../src/infra/resources.js';
import { raiseEvent } from '../src/modules/realtime/index.js';

export interface RaisePlan {
  tenantIds: string[];
  eventsPerSecond: number;
  /** Raised first and marked `measured: false`: JIT, pools and subscriptions warm up on them. */
  warmupSeconds: number;
  seconds: number;
}

export interface RaiseResult {
  /** Per tenant (index as in the plan): the seq of its first measured event, and how many were measured. */
  firstSeq: number[];
  perTenant: number[];
  measured: number;
  warmup: number;
  failed: number;
  /** Epoch ms (performance.timeOrigin based) of the first and last measured raise. */
  firstAt: number;
  lastAt: number;
  /** Time inside raiseEvent (store + publish), ms. */
  raiseP50Ms: number;
  raiseP99Ms: number;
  raiseMaxMs: number;
  /** Largest delay between an event's scheduled time and its raise. */
  behindMaxMs: number;
}

/** Milliseconds since the epoch with sub-millisecond precision, comparable between processes of one machine. */
export const nowMs = () => performance.timeOrigin + performance.now();

const plan = JSON.parse(process.argv[2]!) as RaisePlan;
const silent = {
  info() {},
  warn() {},
  error(obj: object, msg: string) {
    console.error(msg, obj);
  },
};
const resources = await openResources(loadConfig(process.env), { logger: silent });

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

try {
  const tenants = plan.tenantIds.length;
  const warmupCount = Math.round(plan.warmupSeconds * plan.eventsPerSecond);
  const total = warmupCount + Math.round(plan.seconds * plan.eventsPerSecond);
  const perTenantSeq = new Array<number>(tenants).fill(0);
  const perTenant = new Array<number>(tenants).fill(0);
  const firstSeq = new Array<number>(tenants).fill(0);
  const durations: number[] = [];
  let failed = 0;
  let behindMaxMs = 0;
  let firstAt = 0;
  let lastAt = 0;
  const pending = new Set<Promise<void>>();

  const raiseOne = (k: number, scheduledAt: number) => {
    const tenant = k % tenants;
    const measured = k >= warmupCount;
    const seq = perTenantSeq[tenant]!++;
    const raisedAt = nowMs();
    behindMaxMs = Math.max(behindMaxMs, raisedAt - scheduledAt);
    if (measured) {
      if (perTenant[tenant] === 0) firstSeq[tenant] = seq;
      perTenant[tenant]!++;
      if (!firstAt) firstAt = raisedAt;
      lastAt = raisedAt;
    }
    // The shape of a crop-health job's progress (docs/api.md), plus what the clients measure with.
    const data = {
      jobId: `bench-${k}`,
      analysisId: '01900000-0000-7000-8000-000000000000',
      fieldId: '01900000-0000-7000-8000-000000000001',
      progress: (k % 100) / 100,
      sceneId: `S2B_MSIL2A_20261201T053219_N0511_R105_T43QCA_${k}`,
      bench: { tenant, seq, measured, raisedAt },
    };
    const work = raiseEvent(resources, { tenantId: plan.tenantIds[tenant]!, type: 'job.progress', data }).then(
      () => {
        if (measured) durations.push(nowMs() - raisedAt);
      },
      (error: unknown) => {
        failed++;
        console.error('raise failed:', error);
      },
    );
    pending.add(work);
    void work.finally(() => pending.delete(work));
  };

  const start = nowMs() + 50;
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = nowMs();
      while (next < total && start + (next * 1000) / plan.eventsPerSecond <= now) {
        raiseOne(next, start + (next * 1000) / plan.eventsPerSecond);
        next++;
      }
      if (next >= total) return resolve();
      // Wake at the next event's time (timers are at best ~1 ms apart; several due events go together).
      setTimeout(tick, Math.max(0, start + (next * 1000) / plan.eventsPerSecond - nowMs()));
    };
    tick();
  });
  await Promise.all(pending);

  durations.sort((a, b) => a - b);
  const result: RaiseResult = {
    firstSeq,
    perTenant,
    measured: total - warmupCount,
    warmup: warmupCount,
    failed,
    firstAt,
    lastAt,
    raiseP50Ms: percentile(durations, 0.5),
    raiseP99Ms: percentile(durations, 0.99),
    raiseMaxMs: durations.at(-1) ?? 0,
    behindMaxMs,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await resources.close();
}
