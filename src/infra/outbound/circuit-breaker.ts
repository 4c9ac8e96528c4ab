export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  /** Consecutive failed calls that open the breaker; default 5. */
  failureThreshold?: number;
  /** How long it stays open before one trial call; default 30 s. */
  openMs?: number;
}

export const DEFAULT_FAILURE_THRESHOLD = 5;
export const DEFAULT_OPEN_MS = 30_000;

/**
 * One upstream's circuit breaker: after `failureThreshold` consecutive failures it opens and
 * refuses calls for `openMs`, so a dead upstream costs nothing but a fast refusal; then it lets
 * one trial call through (half-open), which closes it again or opens it for another `openMs`.
 */
export class CircuitBreaker {
  private failures = 0;
  private openUntil = 0;
  private trialInFlight = false;
  private readonly threshold: number;
  private readonly openMs: number;

  constructor(
    options: BreakerOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    this.threshold = options.failureThreshold ?? DEFAULT_FAILURE_THRESHOLD;
    this.openMs = options.openMs ?? DEFAULT_OPEN_MS;
  }

  state(): BreakerState {
    if (this.openUntil === 0) return 'closed';
    return this.now() < this.openUntil ? 'open' : 'half-open';
  }

  /** Closed: yes. Open: no. Half-open: one trial call at a time. */
  allow(): boolean {
    const state = this.state();
    if (state === 'closed') return true;
    if (state === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  success(): void {
    this.failures = 0;
    this.openUntil = 0;
    this.trialInFlight = false;
  }

  failure(): void {
    this.failures += 1;
    if (this.trialInFlight || this.failures >= this.threshold) {
      this.openUntil = this.now() + this.openMs;
      this.trialInFlight = false;
    }
  }

  /** A call that ended without saying anything about the upstream (its caller gave up): the trial slot is free again. */
  release(): void {
    this.trialInFlight = false;
  }
}
