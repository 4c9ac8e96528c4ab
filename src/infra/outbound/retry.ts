/**
 * The waiting half of retries: exponential backoff with jitter, an abortable sleep, and a retry
 * loop for callers whose failures are judged after the answer is read (a page that is not the
 * documented envelope is worth another try, which only the caller can tell).
 */

/**
 * The wait before retry `attempt` (1 for the first retry): baseMs × 2^(attempt-1), at most maxMs,
 * of which a random half is taken off ("equal jitter"), so clients that failed together do not
 * come back together.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs = Number.POSITIVE_INFINITY): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The caller's signal and a deadline as one signal: for a budget shared by several calls. */
export function withDeadline(signal: AbortSignal | undefined, timeoutMs: number): AbortSignal {
  const deadline = AbortSignal.timeout(timeoutMs);
  return signal ? AbortSignal.any([signal, deadline]) : deadline;
}

export interface RetryPolicy {
  /** Tries after the first. */
  retries: number;
  /** The first retry waits about this long; each later one twice as long. */
  backoffMs: number;
  maxBackoffMs?: number;
  /** Whether a failure may pass if asked again. */
  retryable(error: unknown): boolean;
  /** Told before each wait, e.g. to log it. */
  onRetry?(info: { attempt: number; error: unknown; delayMs: number }): void;
  /** Stops the waiting (rejecting with the signal's reason). */
  signal?: AbortSignal;
}

/** Runs `call` until it succeeds, fails with something not retryable, or has used its retries. */
export async function retrying<T>(call: (attempt: number) => Promise<T>, policy: RetryPolicy): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call(attempt);
    } catch (error) {
      if (attempt > policy.retries || !policy.retryable(error)) throw error;
      const delayMs = backoffDelay(attempt, policy.backoffMs, policy.maxBackoffMs);
      policy.onRetry?.({ attempt, error, delayMs });
      await sleep(delayMs, policy.signal);
    }
  }
}
