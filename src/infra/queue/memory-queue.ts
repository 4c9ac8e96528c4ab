import { CronExpressionParser } from 'cron-parser';
import { v7 as uuidv7 } from 'uuid';
import type { Metrics } from '../metrics.js';
import type { InfraLogger } from '../redis.js';
import { initialiseOutcomes } from './outcomes.js';
import {
  newestFirst,
  PermanentJobError,
  type EnqueueOptions,
  type JobFilter,
  type JobHandler,
  type JobQueue,
  type JobRecord,
} from './queue.js';

type State = 'waiting' | 'delayed' | 'active' | 'finished';
type Counts = Record<'waiting' | 'active' | 'delayed' | 'failed', number>;

interface MemoryJob {
  record: JobRecord;
  data: unknown;
  state: State;
  maxAttempts: number;
  backoffMs: number;
  timer?: NodeJS.Timeout;
}

interface Consumer {
  handler: JobHandler<unknown>;
  concurrency: number;
  active: number;
}

export interface MemoryJobQueueOptions {
  metrics: Pick<Metrics, 'jobsCompleted'>;
  logger?: InfraLogger;
  /** Finished jobs stay readable through get() for this long… */
  keepFinishedMs?: number;
  /** …but no more than this many of them. */
  keepFinished?: number;
}

/** setTimeout cannot wait longer than ~24.8 days; longer waits are done in hops. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;
/** The same rule as on BullMQ, where a type names a queue. */
const TYPE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * The embedded-mode queue, with BullMQ's semantics: at-least-once per process lifetime, retries
 * with exponential backoff (`backoffMs * 2^(attempt-1)`), PermanentJobError fails at once,
 * concurrency per type, cron repeats in UTC. Jobs live in memory, so a restart forgets queued work.
 */
export class MemoryJobQueue implements JobQueue {
  private readonly jobs = new Map<string, MemoryJob>();
  private readonly waiting = new Map<string, MemoryJob[]>();
  private readonly consumers = new Map<string, Consumer>();
  private readonly types = new Set<string>();
  /** Finished job ids in finishing order, for bounded retention. */
  private readonly finished = new Map<string, number>();
  private readonly schedules = new Map<string, NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private started = false;
  private closed = false;

  constructor(private readonly options: MemoryJobQueueOptions) {}

  async enqueue<T>(type: string, data: T, options: EnqueueOptions = {}): Promise<JobRecord> {
    this.assertOpen();
    assertType(type);
    const id = options.jobId ?? uuidv7();
    const existing = this.jobs.get(id);
    if (existing) return structuredClone(existing.record);
    const job: MemoryJob = {
      record: {
        id,
        type,
        tenantId: options.tenantId ?? null,
        status: 'queued',
        progress: 0,
        attempts: 0,
        createdAt: new Date().toISOString(),
      },
      // Copied through JSON like a Redis payload, so the caller cannot change it afterwards.
      data: data === undefined ? undefined : JSON.parse(JSON.stringify(data)),
      state: 'waiting',
      maxAttempts: Math.max(1, options.attempts ?? 3),
      backoffMs: options.backoffMs ?? 1000,
    };
    this.jobs.set(id, job);
    this.types.add(type);
    const queued = structuredClone(job.record); // before schedule(), which may start it at once
    this.schedule(job, options.delayMs ?? 0);
    return queued;
  }

  async get(id: string): Promise<JobRecord | undefined> {
    this.prune();
    const job = this.jobs.get(id);
    return job && structuredClone(job.record);
  }

  async list(filter: JobFilter): Promise<JobRecord[]> {
    this.prune();
    const matches = (r: JobRecord) =>
      (filter.tenantId === undefined || r.tenantId === filter.tenantId) &&
      (filter.type === undefined || r.type === filter.type) &&
      (filter.status === undefined || r.status === filter.status);
    return [...this.jobs.values()]
      .map((job) => job.record)
      .filter(matches)
      .map((record) => structuredClone(record))
      .sort(newestFirst);
  }

  register<T>(type: string, handler: JobHandler<T>, options: { concurrency?: number } = {}): void {
    this.assertOpen();
    assertType(type);
    this.consumers.set(type, { handler: handler as JobHandler<unknown>, concurrency: Math.max(1, options.concurrency ?? 1), active: 0 });
    initialiseOutcomes(this.options.metrics, type);
    this.types.add(type);
    this.pump(type);
  }

  async repeat<T>(type: string, cron: string, data: T): Promise<void> {
    this.assertOpen();
    assertType(type);
    const nextRun = (after: number) =>
      CronExpressionParser.parse(cron, { tz: 'UTC', currentDate: new Date(after) })
        .next()
        .getTime();
    let fireAt = nextRun(Date.now()); // throws on an invalid pattern, before anything changes
    clearTimeout(this.schedules.get(type));
    this.types.add(type);
    const arm = () => {
      const timer = setTimeout(
        () => {
          if (Date.now() < fireAt) return arm(); // a hop of a very long wait
          // One id per occurrence, so a duplicate timer can never enqueue the same run twice.
          this.enqueue(type, data, { jobId: `repeat-${type}-${fireAt}` }).catch(() => undefined);
          fireAt = nextRun(Math.max(Date.now(), fireAt));
          arm();
        },
        Math.min(Math.max(0, fireAt - Date.now()), MAX_TIMEOUT_MS),
      );
      timer.unref();
      this.schedules.set(type, timer);
    };
    arm();
  }

  async start(): Promise<void> {
    this.assertOpen();
    this.started = true;
    for (const type of this.consumers.keys()) this.pump(type);
  }

  async counts(): Promise<Record<string, Counts>> {
    this.prune();
    const counts: Record<string, Counts> = {};
    for (const type of this.types) counts[type] = { waiting: 0, active: 0, delayed: 0, failed: 0 };
    for (const job of this.jobs.values()) {
      const c = counts[job.record.type]!;
      if (job.state === 'finished') {
        if (job.record.status === 'failed') c.failed++;
      } else c[job.state]++;
    }
    return counts;
  }

  async check(): Promise<void> {
    this.assertOpen();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.schedules.values()) clearTimeout(timer);
    for (const job of this.jobs.values()) clearTimeout(job.timer);
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private schedule(job: MemoryJob, delayMs: number) {
    if (delayMs > 0 && !this.closed) {
      job.state = 'delayed';
      job.timer = setTimeout(
        () => {
          job.timer = undefined;
          this.makeReady(job);
        },
        Math.min(delayMs, MAX_TIMEOUT_MS),
      );
      job.timer.unref();
    } else {
      this.makeReady(job);
    }
  }

  private makeReady(job: MemoryJob) {
    job.state = 'waiting';
    let list = this.waiting.get(job.record.type);
    if (!list) this.waiting.set(job.record.type, (list = []));
    list.push(job);
    this.pump(job.record.type);
  }

  private pump(type: string) {
    const consumer = this.consumers.get(type);
    const list = this.waiting.get(type);
    if (!this.started || this.closed || !consumer || !list) return;
    while (consumer.active < consumer.concurrency && list.length > 0) {
      const job = list.shift()!;
      consumer.active++;
      const run = this.run(job, consumer).finally(() => {
        consumer.active--;
        this.running.delete(run);
        this.pump(type);
      });
      this.running.add(run);
    }
  }

  private async run(job: MemoryJob, consumer: Consumer) {
    const { record } = job;
    job.state = 'active';
    record.status = 'running';
    const attempt = ++record.attempts;
    try {
      const result = await consumer.handler({
        id: record.id,
        type: record.type,
        tenantId: record.tenantId,
        data: structuredClone(job.data),
        attempt,
        progress: async (percent) => {
          record.progress = Math.min(100, Math.max(0, percent));
        },
      });
      const stored = result == null ? undefined : JSON.parse(JSON.stringify(result));
      this.finish(job, 'succeeded', { result: stored });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof PermanentJobError || attempt >= job.maxAttempts) {
        this.finish(job, 'failed', { error: message });
        this.options.logger?.warn({ err, jobId: record.id, type: record.type, attempt }, 'Job failed');
      } else {
        record.status = 'queued';
        record.error = message;
        this.schedule(job, job.backoffMs * 2 ** (attempt - 1));
      }
    }
  }

  private finish(job: MemoryJob, outcome: 'succeeded' | 'failed', fields: Pick<JobRecord, 'result' | 'error'>) {
    Object.assign(job.record, { status: outcome, finishedAt: new Date().toISOString() }, fields);
    if (outcome === 'succeeded') {
      // A finished job is complete whether or not its handler reported the last step.
      job.record.progress = 100;
      delete job.record.error;
    }
    job.state = 'finished';
    this.finished.set(job.record.id, Date.now());
    this.options.metrics.jobsCompleted.inc({ type: job.record.type, outcome });
    this.prune();
  }

  /** Forgets finished jobs past their retention, oldest first. */
  private prune() {
    const maxCount = this.options.keepFinished ?? 1000;
    const oldest = Date.now() - (this.options.keepFinishedMs ?? 24 * 60 * 60 * 1000);
    for (const [id, finishedAt] of this.finished) {
      if (this.finished.size <= maxCount && finishedAt >= oldest) break;
      this.finished.delete(id);
      this.jobs.delete(id);
    }
  }

  private assertOpen() {
    if (this.closed) throw new Error('Job queue is closed');
  }
}

function assertType(type: string) {
  if (!TYPE_PATTERN.test(type)) throw new Error(`Invalid job type "${type}": use letters, digits, ".", "_" and "-"`);
}
