import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  prepareSyntheticTile,
  writeSyntheticScene,
  type SyntheticCatalogField,
  type SyntheticScenePlan,
  type SyntheticTilePlan,
} from './synthetic-catalog.js';
import type { SceneTile } from './synthetic-scene.js';
import type { SyntheticSceneStore } from './synthetic-store.js';

/**
 * Makes the offline twin's scenes in the background, one at a time: whoever needs a scene asks for
 * it and gets a promise, and may stop waiting (a request waits a bounded time) without stopping
 * the work, which the next ask then finds done. The same scene asked for twice is made once; an
 * urgent ask (a request) goes ahead of the queue (an analysis's year of scenes). Between two scenes
 * the event loop turns, so requests are served while the twin works.
 */

export interface SceneOrder {
  plan: SyntheticTilePlan;
  /** The fields drawn in the window (at least). */
  fields: ReadonlyMap<string, SyntheticCatalogField>;
  scene: SyntheticScenePlan;
  /** The window's tileDigest. */
  digest: string;
}

interface Job extends SceneOrder {
  key: string;
  done: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Prepared windows kept for the next scenes of the same window. */
const PREPARED_TILES = 8;

export class SyntheticSceneMaker {
  private readonly queue: Job[] = [];
  private readonly jobs = new Map<string, Job>();
  private readonly prepared = new Map<string, SceneTile>();
  private running = false;
  /** Milliseconds per scene, a moving average: what an estimate of the wait is made of. */
  private sceneMs = 100;
  private made = 0;

  constructor(
    private readonly store: SyntheticSceneStore,
    private readonly onError: (error: unknown, sceneId: string) => void = () => {},
  ) {}

  /** Resolves when the scene is on disk as the digest says; the work goes on if the caller stops waiting. */
  make(order: SceneOrder, urgent: boolean): Promise<void> {
    const key = `${order.scene.id}:${order.digest}`;
    const queued = this.jobs.get(key);
    if (queued) {
      const at = this.queue.indexOf(queued);
      if (urgent && at > 0) {
        this.queue.splice(at, 1);
        this.queue.unshift(queued);
      }
      return queued.done;
    }
    let resolve!: () => void;
    let reject!: (error: unknown) => void;
    const done = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // Nobody may be waiting any more when it fails: the failure is reported through onError.
    done.catch(() => {});
    const job: Job = { ...order, key, done, resolve, reject };
    this.jobs.set(key, job);
    if (urgent) this.queue.unshift(job);
    else this.queue.push(job);
    void this.run();
    return done;
  }

  /** Scenes waiting to be made, or being made. */
  get backlog(): number {
    return this.jobs.size;
  }

  /** Scenes made since start. */
  get count(): number {
    return this.made;
  }

  /** About how long the backlog takes, in whole seconds (at least 1). */
  estimateSeconds(): number {
    return Math.max(1, Math.ceil((Math.max(1, this.jobs.size) * this.sceneMs) / 1000));
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let job = this.queue.shift(); job; job = this.queue.shift()) {
        await nextTurn();
        try {
          if ((await this.store.digestOf(job.scene.id)) !== job.digest) await this.write(job);
          job.resolve();
        } catch (error) {
          this.onError(error, job.scene.id);
          job.reject(error);
        } finally {
          this.jobs.delete(job.key);
        }
      }
    } finally {
      this.running = false;
    }
  }

  private async write(job: Job): Promise<void> {
    const started = performance.now();
    let tile = this.prepared.get(job.digest);
    if (tile) this.prepared.delete(job.digest);
    else tile = prepareSyntheticTile(job.plan, job.fields);
    this.prepared.set(job.digest, tile);
    if (this.prepared.size > PREPARED_TILES) this.prepared.delete(this.prepared.keys().next().value!);
    const bytes = await writeSyntheticScene(this.store.itemsDir, job.plan, tile, job.scene, job.digest);
    await this.store.record(job.scene.id, bytes, job.digest);
    this.made += 1;
    this.sceneMs = 0.8 * this.sceneMs + 0.2 * (performance.now() - started);
  }
}
