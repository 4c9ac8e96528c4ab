import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry, type MetricObjectWithValues, type MetricValue } from 'prom-client';
import { refreshScrapedGauges, scrapeProcess } from './metrics-scrape.js';
import type { Resources } from './resources.js';

/**
 * One scrape of a `kheti serve` with several HTTP workers must describe all of them, whichever
 * worker the connection landed on. The worker that receives GET /metrics asks the primary; the
 * primary asks every worker that is listening for its registry as JSON and answers with
 * prom-client's aggregation (counters and histograms summed, gauges by their `aggregator`).
 * Our own messages rather than prom-client's: the primary asks only workers that listen (a worker
 * still starting has no answering side yet), and one that exits mid-scrape is no longer waited for.
 */

type Scraped = Pick<Resources, 'db' | 'queue' | 'metrics'>;
type MetricJson = MetricObjectWithValues<MetricValue<string>>;

/** The primary's budget for every listening worker to answer; a scrape that misses one fails. */
const GATHER_TIMEOUT_MS = 3000;

type Message =
  | { kheti: 'metrics:gather'; id: number }
  | { kheti: 'metrics:collect'; gather: number }
  | { kheti: 'metrics:collected'; gather: number; metrics?: MetricJson[]; error?: string }
  | { kheti: 'metrics:gathered'; id: number; text?: string; error?: string };

const isMessage = (value: unknown): value is Message =>
  typeof value === 'object' && value !== null && typeof (value as { kheti?: unknown }).kheti === 'string';

/**
 * A send on a channel closed meanwhile (the other side exiting) reports its error here; without a
 * callback it would be an 'error' event, and an uncaught one would take the process down.
 */
const ignoreClosedChannel = () => {};

let gatherFromPrimary: (() => Promise<string>) | undefined;

/** This process's metrics, or its whole cluster's when it is a cluster worker that joined. */
export function scrapeMetrics(resources: Scraped): Promise<string> {
  return gatherFromPrimary ? gatherFromPrimary() : scrapeProcess(resources);
}

/** In a cluster worker: answer the primary's requests for this registry and scrape through it. */
export function joinClusterMetrics(resources: Scraped) {
  const waiting = new Map<number, { resolve(text: string): void; reject(error: Error): void }>();
  let nextId = 0;
  process.on('message', (message: unknown) => {
    if (!isMessage(message)) return;
    if (message.kheti === 'metrics:collect') {
      const reply = (body: { metrics?: MetricJson[]; error?: string }) =>
        process.send?.(
          { kheti: 'metrics:collected', gather: message.gather, ...body } satisfies Message,
          undefined,
          {},
          ignoreClosedChannel,
        );
      refreshScrapedGauges(resources)
        .then(() => resources.metrics.registry.getMetricsAsJSON())
        .then(
          (metrics) => reply({ metrics }),
          (error: Error) => reply({ error: error.message }),
        );
    } else if (message.kheti === 'metrics:gathered') {
      const request = waiting.get(message.id);
      waiting.delete(message.id);
      if (message.text !== undefined) request?.resolve(message.text);
      else request?.reject(new Error(message.error ?? 'the cluster primary gave no metrics'));
    }
  });
  gatherFromPrimary = () =>
    new Promise<string>((resolve, reject) => {
      const id = nextId++;
      // A little longer than the primary's own budget, so its explanation arrives first.
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error('the cluster primary did not answer'));
      }, GATHER_TIMEOUT_MS + 1000);
      waiting.set(id, {
        resolve: (text) => {
          clearTimeout(timer);
          resolve(text);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      process.send?.({ kheti: 'metrics:gather', id } satisfies Message, undefined, {}, (error: Error | null) => {
        if (!error) return;
        waiting.delete(id);
        clearTimeout(timer);
        reject(error);
      });
    });
}

interface Gather {
  asker: Worker;
  /** The asker's own request id: its counter and the primary's never mix. */
  askerId: number;
  pending: Set<Worker>;
  collected: MetricJson[][];
  timer: NodeJS.Timeout;
}

/** In the cluster primary: gather every listening worker's registry when one of them is scraped. */
export function serveClusterMetrics() {
  // Only a worker that is listening has its answering side installed (it joins before it listens).
  const listening = new Set<Worker>();
  const gathers = new Map<number, Gather>();
  let nextGather = 0;

  const answer = (id: number, body: { text?: string; error?: string }) => {
    const gather = gathers.get(id);
    if (!gather) return;
    gathers.delete(id);
    clearTimeout(gather.timer);
    if (gather.asker.isConnected()) {
      gather.asker.send({ kheti: 'metrics:gathered', id: gather.askerId, ...body } satisfies Message, undefined, ignoreClosedChannel);
    }
  };

  const finishIfComplete = (id: number) => {
    const gather = gathers.get(id);
    if (!gather || gather.pending.size > 0) return;
    AggregatorRegistry.aggregate(gather.collected)
      .metrics()
      .then(
        (text) => answer(id, { text }),
        (error: Error) => answer(id, { error: error.message }),
      );
  };

  cluster.on('listening', (worker) => listening.add(worker));
  cluster.on('exit', (worker) => {
    listening.delete(worker);
    // A worker gone mid-scrape took its counters with it; the others' still answer the scrape.
    for (const [id, gather] of gathers) {
      if (gather.pending.delete(worker)) finishIfComplete(id);
    }
  });
  cluster.on('message', (worker, message: unknown) => {
    if (!isMessage(message)) return;
    if (message.kheti === 'metrics:gather') {
      const id = nextGather++;
      const targets = [...listening].filter((w) => w.isConnected());
      if (!targets.includes(worker)) targets.push(worker);
      const gather: Gather = {
        asker: worker,
        askerId: message.id,
        pending: new Set(targets),
        collected: [],
        timer: setTimeout(
          () => answer(id, { error: `${gather.pending.size} HTTP worker(s) did not report metrics within ${GATHER_TIMEOUT_MS} ms` }),
          GATHER_TIMEOUT_MS,
        ),
      };
      gathers.set(id, gather);
      // One that went away meanwhile is dropped from the gather by its exit.
      for (const target of targets) target.send({ kheti: 'metrics:collect', gather: id } satisfies Message, undefined, ignoreClosedChannel);
    } else if (message.kheti === 'metrics:collected') {
      const gather = gathers.get(message.gather);
      if (!gather?.pending.delete(worker)) return;
      if (message.error !== undefined) return answer(message.gather, { error: message.error });
      gather.collected.push(message.metrics ?? []);
      finishIfComplete(message.gather);
    }
  });
}
