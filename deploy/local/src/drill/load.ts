import { randomUUID } from 'node:crypto';
import type { TopologyClient } from './client.js';

export interface Outcome {
  at: number;
  kind: 'read' | 'write';
  ok: boolean;
  status: number;
}

export interface LoadTarget {
  token: () => string;
  fieldId: string;
  /** Marks the names of the farmers this run writes, so that they can be counted afterwards. */
  runId: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Worth another try with the same Idempotency-Key: no answer, a gateway or availability error, too many requests, or the first try still running (409). */
const retriable = (status: number) => status === 0 || status === 409 || status === 429 || status >= 500;

/**
 * A steady mixed load through nginx: writers create farmers, each with an Idempotency-Key that
 * its retries reuse (for up to RETRY_WINDOW_MS), and readers read one field, a page of fields
 * and the field's weather (from the cache). Every exchange is recorded with its time, so each drill can count what failed in its
 * own window; every acknowledged write is kept to be looked for in the database afterwards.
 */
export class MixedLoad {
  static readonly RETRY_WINDOW_MS = 30_000;
  readonly outcomes: Outcome[] = [];
  /** Farmer id by the name written, for every write answered 2xx. */
  readonly acknowledged = new Map<string, string>();
  /** Writes still unanswered when their retry window closed. */
  writesGivenUp = 0;
  private running = false;
  private loops: Promise<void>[] = [];
  private sequence = 0;

  constructor(
    private readonly client: TopologyClient,
    private readonly target: LoadTarget,
    private readonly shape = { writers: 4, readers: 9, pauseMs: 20 },
  ) {}

  start() {
    this.running = true;
    for (let i = 0; i < this.shape.writers; i++) this.loops.push(this.loop(() => this.write()));
    for (let i = 0; i < this.shape.readers; i++) this.loops.push(this.loop(() => this.read(i)));
  }

  async stop() {
    this.running = false;
    await Promise.all(this.loops);
    this.loops = [];
  }

  /** Outcomes from `from` on (and before `to`, when given). */
  window(from: number, to = Number.POSITIVE_INFINITY) {
    return this.outcomes.filter((o) => o.at >= from && o.at < to);
  }

  private async loop(step: () => Promise<void>) {
    while (this.running) {
      await step();
      await sleep(this.shape.pauseMs);
    }
  }

  private record(kind: Outcome['kind'], status: number) {
    this.outcomes.push({ at: Date.now(), kind, ok: status >= 200 && status < 300, status });
  }

  private async read(i: number) {
    const field = `/v1/fields/${this.target.fieldId}`;
    const path = [field, '/v1/fields?limit=50', `${field}/weather`][i % 3]!;
    const answer = await this.client.call('GET', path, { token: this.target.token() });
    this.record('read', answer.status);
  }

  private async write() {
    const key = randomUUID();
    const name = `drill-${this.target.runId}-${++this.sequence}`;
    const deadline = Date.now() + MixedLoad.RETRY_WINDOW_MS;
    for (;;) {
      const answer = await this.client.call('POST', '/v1/farmers', {
        token: this.target.token(),
        body: { name, state: 'Maharashtra' },
        headers: { 'idempotency-key': key },
      });
      this.record('write', answer.status);
      if (answer.status === 201 || answer.status === 200) {
        this.acknowledged.set(name, (answer.body as { id: string }).id);
        return;
      }
      if (!retriable(answer.status) || Date.now() > deadline) {
        this.writesGivenUp++;
        return;
      }
      await sleep(200);
    }
  }
}
