import { Queue, UnrecoverableError, Worker, type Job, type JobsOptions, type JobType } from 'bullmq';
import { CronExpressionParser } from 'cron-parser';
import { v7 as uuidv7 } from 'uuid';
import type { Metrics } from '../metrics.js';
import { initialiseOutcomes } from './outcomes.js';
import {
  closeRedis,
  endWhenUnreachable,
  hashTagged,
  namespaceOf,
  pingRedis,
  whileAvailable,
  type InfraLogger,
  type RedisConnection,
} from '../redis.js';
import {
  newestFirst,
  PermanentJobError,
  type EnqueueOptions,
  type JobFilter,
  type JobHandler,
  type JobQueue,
  type JobRecord,
  type JobStatus,
} from './queue.js';

/** What a BullMQ job carries: the port's payload plus the tenant, which BullMQ has no field for. */
interface Payload {
  tenantId: string | null;
  data: unknown;
}

type Counts = Record<'waiting' | 'active' | 'delayed' | 'failed', number>;

export interface BullJobQueueOptions {
  metrics: Pick<Metrics, 'jobsCompleted'>;
  logger?: InfraLogger;
  /** The namespace (default `kheti`); BullMQ keys are `{<namespace>}:<type>:…`. */
  prefix?: string;
  /** How long a worker's lock on a running job lasts (default 15 s); see LOCK_DURATION_MS. */
  lockDurationMs?: number;
  /** The fail-fast connection for producing, reading and the id index. */
  producer: RedisConnection;
  /** Makes the connection BullMQ workers share and duplicate (`maxRetriesPerRequest: null`). */
  connectWorker: () => RedisConnection;
}

/**
 * Recovery of a job whose worker died (SIGKILL, OOM, a lost machine): the worker holds a lock on
 * each running job for the lock's duration (JOB_LOCK_MS, default LOCK_DURATION_MS) and renews it
 * well before it runs out (BullMQ renews at half the duration), and every third of the lock (the
 * stalled interval) a worker of the type checks for stalled jobs
 * (at most one check per queue per interval, whichever worker runs it). A check marks the active
 * jobs; a later one returns a marked job whose lock has expired to the queue, where any worker (a
 * running one, or the dead one restarted) takes it again. So a dead worker's job runs again within
 * about the lock plus two intervals (≤ 25 s with the default lock), where BullMQ's defaults (30 s locks,
 * 30 s checks) take up to ~90 s. An event loop blocked for more than ~half the lock loses it and
 * the job runs again elsewhere, which is safe as handlers are idempotent; a job that stalls more
 * than once (maxStalledCount 1) is failed rather than retried for ever.
 */
const LOCK_DURATION_MS = 15_000;
/** The stalled interval is this share of the lock. */
const STALLED_INTERVAL_SHARE = 3;
/** How long close() waits for BullMQ once no handler is running (a reconnect attempt is ≤ 4 s). */
const CLOSE_GRACE_MS = 5000;
const KEEP_COMPLETED = { age: 24 * 60 * 60, count: 1000 };
const KEEP_FAILED = { age: 7 * 24 * 60 * 60, count: 5000 };
/** The id index outlives the jobs it points at (plus any delay), so get() never misses a kept job. */
const INDEX_TTL_SECONDS = KEEP_FAILED.age + 24 * 60 * 60;
/** Type names become BullMQ queue names (no ":"); a leading "_" is kept for our own keys. */
const TYPE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** The BullMQ states behind each status of the port, read one status at a time by list(). */
const STATES_OF: Record<JobStatus, JobType[]> = {
  queued: ['waiting', 'delayed', 'prioritized', 'waiting-children'],
  running: ['active'],
  succeeded: ['completed'],
  failed: ['failed'],
};

/**
 * The job port on BullMQ. Layout: one BullMQ queue per job type, because BullMQ concurrency is
 * per worker and a worker serves one queue, so per-type concurrency needs per-type queues. get(id)
 * knows only the id, so each enqueue also writes a small index key `<prefix>:_job:<id>` → type
 * (expiring after the job's retention); ids without an index entry (scheduler runs) are looked up
 * in every known type, listed in the set `<prefix>:_types` (which also drives counts()).
 * All keys share the hash tag `{<namespace>}`, which BullMQ needs on a cluster.
 */
export class BullJobQueue implements JobQueue {
  private readonly prefix: string;
  private readonly producer: RedisConnection;
  private readonly queues = new Map<string, Promise<Queue>>();
  private readonly consumers = new Map<string, { handler: JobHandler<unknown>; concurrency: number }>();
  private readonly workers = new Map<string, Worker>();
  private readonly typesAnnounced = new Set<string>();
  private workerConnection?: RedisConnection;
  /** Handler runs in progress, so close() knows when local work is done. */
  private readonly running = new Set<Promise<unknown>>();
  private started = false;
  private closed = false;
  private closing?: Promise<void>;

  private readonly lockDurationMs: number;

  constructor(private readonly options: BullJobQueueOptions) {
    this.lockDurationMs = options.lockDurationMs ?? LOCK_DURATION_MS;
    this.prefix = hashTagged(namespaceOf(options.prefix));
    this.producer = options.producer;
  }

  /** Rejects at once with a RedisUnavailableError (HTTP 503) while Redis is down. */
  async enqueue<T>(type: string, data: T, options: EnqueueOptions = {}): Promise<JobRecord> {
    this.assertOpen(type);
    return whileAvailable(this.producer, () => this.add(type, data, options));
  }

  private async add(type: string, data: unknown, options: EnqueueOptions): Promise<JobRecord> {
    const id = options.jobId ?? uuidv7();
    const indexKey = `${this.prefix}:_job:${id}`;
    const ttl = INDEX_TTL_SECONDS + Math.ceil((options.delayMs ?? 0) / 1000);
    if ((await this.producer.set(indexKey, type, 'EX', ttl, 'NX')) !== 'OK') {
      // The id is taken: hand back that job (whatever its type) if it is still kept.
      const existing = await this.find(id);
      if (existing) return existing;
      await this.producer.set(indexKey, type, 'EX', ttl);
    }
    await this.announceType(type);
    const payload: Payload = { tenantId: options.tenantId ?? null, data };
    const job = await (await this.queue(type)).add(type, payload, {
      ...jobOptions(options.attempts, options.backoffMs),
      jobId: id,
      delay: options.delayMs,
    });
    return toRecord(type, job, 'queued');
  }

  async get(id: string): Promise<JobRecord | undefined> {
    return whileAvailable(this.producer, () => this.find(id));
  }

  private async find(id: string): Promise<JobRecord | undefined> {
    const indexed = await this.producer.get(`${this.prefix}:_job:${id}`);
    for (const type of indexed ? [indexed] : await this.knownTypes()) {
      const queue = await this.queue(type);
      let job = await queue.getJob(id);
      if (!job) continue;
      const state = await job.getState();
      if (state === 'unknown') continue;
      // The hash was read before the state: a job that finished in between is read again.
      if ((state === 'completed' || state === 'failed') && !job.finishedOn) job = await queue.getJob(id);
      if (job) return toRecord(type, job, statusOf(state));
    }
    return undefined;
  }

  /**
   * Reads every kept job of the matching types and states and filters by tenant here: BullMQ
   * indexes jobs by state only. Retention bounds the read (KEEP_COMPLETED, KEEP_FAILED per type).
   */
  async list(filter: JobFilter): Promise<JobRecord[]> {
    return whileAvailable(this.producer, async () => {
      const known = await this.knownTypes();
      const types = filter.type === undefined ? known : known.filter((t) => t === filter.type);
      const statuses = filter.status === undefined ? (Object.keys(STATES_OF) as JobStatus[]) : [filter.status];
      const records: JobRecord[] = [];
      for (const type of types) {
        const queue = await this.queue(type);
        for (const status of statuses) {
          for (const job of await queue.getJobs(STATES_OF[status])) {
            // getJobs may hand back a job removed between reading its id and its hash.
            if (!job?.id) continue;
            const record = toRecord(type, job, status);
            if (filter.tenantId === undefined || record.tenantId === filter.tenantId) records.push(record);
          }
        }
      }
      // A job that changed state between two reads appears twice: its later status is kept.
      const byId = new Map(records.map((r) => [r.id, r]));
      return [...byId.values()].sort(newestFirst);
    });
  }

  register<T>(type: string, handler: JobHandler<T>, options: { concurrency?: number } = {}): void {
    this.assertOpen(type);
    this.consumers.set(type, { handler: handler as JobHandler<unknown>, concurrency: Math.max(1, options.concurrency ?? 1) });
    initialiseOutcomes(this.options.metrics, type);
    if (this.started) this.startWorker(type);
  }

  async repeat<T>(type: string, cron: string, data: T): Promise<void> {
    this.assertOpen(type);
    CronExpressionParser.parse(cron, { tz: 'UTC' }); // a clear error for a bad pattern
    const payload: Payload = { tenantId: null, data };
    await whileAvailable(this.producer, async () => {
      await this.announceType(type);
      // The scheduler id is the type, so declaring the type again replaces its schedule.
      await (await this.queue(type)).upsertJobScheduler(
        type,
        { pattern: cron, tz: 'UTC' },
        {
          name: type,
          data: payload,
          opts: jobOptions(undefined, undefined),
        },
      );
    });
  }

  async start(): Promise<void> {
    if (this.closed) throw new Error('Job queue is closed');
    this.started = true;
    for (const type of this.consumers.keys()) this.startWorker(type);
  }

  async counts(): Promise<Record<string, Counts>> {
    return whileAvailable(this.producer, () => this.countAll());
  }

  private async countAll(): Promise<Record<string, Counts>> {
    const result: Record<string, Counts> = {};
    for (const type of await this.knownTypes()) {
      const c = await (await this.queue(type)).getJobCounts('waiting', 'prioritized', 'waiting-children', 'active', 'delayed', 'failed');
      result[type] = {
        waiting: (c.waiting ?? 0) + (c.prioritized ?? 0) + (c['waiting-children'] ?? 0),
        active: c.active ?? 0,
        delayed: c.delayed ?? 0,
        failed: c.failed ?? 0,
      };
    }
    return result;
  }

  async check(): Promise<void> {
    await pingRedis(this.producer);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown() {
    // While Redis is down, BullMQ's close() would wait forever for its connections to end.
    const stopNudging = this.workerConnection ? endWhenUnreachable(this.workerConnection) : () => undefined;
    // Workers first: close() stops fetching and waits for the jobs they are running. A job whose
    // outcome cannot be recorded (Redis down) comes back later as a stalled job.
    const workers = [...this.workers.values()];
    const closingWorkers = Promise.allSettled(workers.map((worker) => worker.close()));
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
    if (!(await settlesWithin(closingWorkers, CLOSE_GRACE_MS))) {
      this.options.logger?.warn({ types: [...this.workers.keys()] }, 'BullMQ workers did not close in time');
    }
    stopNudging();
    const queues = await Promise.allSettled(this.queues.values());
    const closingQueues = queues.map((q) => (q.status === 'fulfilled' ? q.value.close() : undefined));
    await settlesWithin(Promise.allSettled(closingQueues), CLOSE_GRACE_MS);
    await Promise.allSettled([closeRedis(this.producer), this.workerConnection && closeRedis(this.workerConnection)]);
  }

  /** BullMQ Queue objects, created on first use and shared by every caller. */
  private queue(type: string): Promise<Queue> {
    let queue = this.queues.get(type);
    if (!queue) {
      const created = new Queue(type, { connection: this.producer, prefix: this.prefix });
      created.on('error', (err) => this.options.logger?.warn({ err, type }, 'BullMQ queue error'));
      queue = created.waitUntilReady().then(() => created);
      // A queue whose set-up failed (Redis dropped mid-way) is not reused: the next call retries.
      queue.catch(() => {
        if (this.queues.get(type) === queue) this.queues.delete(type);
        created.close().catch(() => undefined);
      });
      this.queues.set(type, queue);
    }
    return queue;
  }

  private async announceType(type: string) {
    if (this.typesAnnounced.has(type)) return;
    await this.producer.sadd(`${this.prefix}:_types`, type);
    this.typesAnnounced.add(type);
  }

  private async knownTypes(): Promise<string[]> {
    const stored = await this.producer.smembers(`${this.prefix}:_types`);
    return [...new Set([...stored, ...this.typesAnnounced])];
  }

  private startWorker(type: string) {
    const consumer = this.consumers.get(type);
    if (!consumer || this.workers.has(type)) return;
    // All workers share one connection for ordinary commands; BullMQ adds a duplicate per worker
    // for its blocking fetch.
    this.workerConnection ??= this.options.connectWorker();
    const worker = new Worker(type, (job: Job) => this.process(type, consumer.handler, job), {
      connection: this.workerConnection,
      prefix: this.prefix,
      concurrency: consumer.concurrency,
      lockDuration: this.lockDurationMs,
      stalledInterval: Math.round(this.lockDurationMs / STALLED_INTERVAL_SHARE),
    });
    const { metrics, logger } = this.options;
    worker.on('error', (err) => logger?.warn({ err, type }, 'BullMQ worker error'));
    worker.on('stalled', (jobId) =>
      logger?.warn({ jobId, type }, 'Stalled job returned to the queue (its worker stopped renewing its lock)'),
    );
    worker.on('completed', () => metrics.jobsCompleted.inc({ type, outcome: 'succeeded' }));
    worker.on('failed', (job, err) => {
      // BullMQ reports every failed try; only the last one (finishedOn set) fails the job.
      if (!job?.finishedOn) return;
      metrics.jobsCompleted.inc({ type, outcome: 'failed' });
      logger?.warn({ err, jobId: job.id, type, attempts: job.attemptsMade }, 'Job failed');
    });
    this.workers.set(type, worker);
    this.announceType(type).catch(() => undefined);
  }

  private process(type: string, handler: JobHandler<unknown>, job: Job): Promise<unknown> {
    const payload = job.data as Payload;
    // Which process runs which job: what an operator (and the worker drill) looks for after a crash.
    this.options.logger?.info({ jobId: job.id, type, attempt: job.attemptsMade + 1 }, 'job started');
    const run = (async () => {
      try {
        return await handler({
          id: job.id!,
          type,
          tenantId: payload.tenantId,
          data: payload.data,
          attempt: job.attemptsMade + 1,
          progress: (percent) => job.updateProgress(Math.min(100, Math.max(0, percent))),
        });
      } catch (err) {
        if (err instanceof PermanentJobError) throw new UnrecoverableError(err.message);
        throw err;
      }
    })();
    this.running.add(run);
    const forget = () => this.running.delete(run);
    run.then(forget, forget);
    return run;
  }

  private assertOpen(type: string) {
    if (this.closed) throw new Error('Job queue is closed');
    if (!TYPE_PATTERN.test(type)) throw new Error(`Invalid job type "${type}": use letters, digits, ".", "_" and "-"`);
  }
}

/** Resolves true if `promise` settles within `ms`, false otherwise; never rejects. */
function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const settled = promise.then(
    () => true,
    () => true,
  );
  return Promise.race([settled, timeout]).finally(() => clearTimeout(timer));
}

function jobOptions(attempts = 3, backoffMs = 1000): JobsOptions {
  return {
    attempts: Math.max(1, attempts),
    backoff: { type: 'exponential', delay: backoffMs },
    removeOnComplete: KEEP_COMPLETED,
    removeOnFail: KEEP_FAILED,
  };
}

function statusOf(state: string): JobStatus {
  if (state === 'active') return 'running';
  if (state === 'completed') return 'succeeded';
  if (state === 'failed') return 'failed';
  return 'queued'; // waiting, delayed (including a retry's backoff), prioritized, waiting-children
}

function toRecord(type: string, job: Job, status: JobStatus): JobRecord {
  const payload = job.data as Payload;
  const record: JobRecord = {
    id: job.id!,
    type,
    tenantId: payload?.tenantId ?? null,
    status,
    // A finished job is complete whether or not its handler reported the last step.
    progress: status === 'succeeded' ? 100 : typeof job.progress === 'number' ? job.progress : 0,
    attempts: Math.max(job.attemptsStarted ?? 0, job.attemptsMade),
    createdAt: new Date(job.timestamp).toISOString(),
  };
  if (status === 'succeeded' && job.returnvalue != null) record.result = job.returnvalue;
  // Like the in-process queue: a retry's error shows until the job succeeds.
  if (job.failedReason && status !== 'succeeded') record.error = job.failedReason;
  if (job.finishedOn) record.finishedAt = new Date(job.finishedOn).toISOString();
  return record;
}
