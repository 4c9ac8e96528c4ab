/**
 * The job port. BullMQ on Redis in production, an in-process queue in embedded mode.
 * Jobs are at-least-once: handlers must be idempotent. Payloads carry ids, never secrets.
 */
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface JobRecord {
  id: string;
  type: string;
  /** The tenant the job works for; null for platform jobs (e.g. shared market data). */
  tenantId: string | null;
  status: JobStatus;
  /** 0–100 */
  progress: number;
  result?: unknown;
  error?: string;
  attempts: number;
  createdAt: string;
  finishedAt?: string;
}

/** Which kept jobs list() returns; an absent key matches every job. */
export interface JobFilter {
  /** A tenant's jobs, or null for platform jobs; absent for every tenant's. */
  tenantId?: string | null;
  type?: string;
  status?: JobStatus;
}

/** The order of list(): newest first, the id breaking ties, so a page boundary is a (createdAt, id) pair. */
export function newestFirst(a: JobRecord, b: JobRecord): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

export interface EnqueueOptions {
  tenantId?: string | null;
  /** Defaults to a fresh UUIDv7. Enqueueing an id that exists returns the existing job. */
  jobId?: string;
  /** Total tries including the first; default 3. */
  attempts?: number;
  /** Base of the exponential backoff between tries; default 1000 ms. */
  backoffMs?: number;
  delayMs?: number;
}

export interface JobContext<T = unknown> {
  id: string;
  type: string;
  tenantId: string | null;
  data: T;
  /** 1 on the first try. */
  attempt: number;
  progress(percent: number): Promise<void>;
}

export type JobHandler<T = unknown> = (job: JobContext<T>) => Promise<unknown>;

/** Thrown by a handler for a failure that retrying cannot fix: the job fails at once. */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

export interface JobQueue {
  enqueue<T>(type: string, data: T, options?: EnqueueOptions): Promise<JobRecord>;
  get(id: string): Promise<JobRecord | undefined>;
  /** The kept jobs (finished ones until their retention ends) matching `filter`, in newestFirst order. */
  list(filter: JobFilter): Promise<JobRecord[]>;
  /** Declares the consumer of a job type; consuming starts with `start()`. */
  register<T>(type: string, handler: JobHandler<T>, options?: { concurrency?: number }): void;
  /** A repeatable job on a cron pattern (UTC); re-declaring the same type replaces the schedule. */
  repeat<T>(type: string, cron: string, data: T): Promise<void>;
  /** Starts the consumers of every registered type (the worker side). */
  start(): Promise<void>;
  /** Jobs per type and state, for metrics. */
  counts(): Promise<Record<string, Record<'waiting' | 'active' | 'delayed' | 'failed', number>>>;
  check(): Promise<void>;
  /** Stops taking jobs, lets running ones finish (or return to the queue), then closes. */
  close(): Promise<void>;
}
