import cluster, { type Worker } from 'node:cluster';
import type { Config } from '../config.js';

interface PrimaryLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** How long a new HTTP worker of a rolling restart may take to listen before the restart gives up. */
const START_TIMEOUT_MS = 60_000;

/**
 * The cluster primary of `kheti serve` with WEB_CONCURRENCY > 1: it keeps that many HTTP workers.
 * A worker that dies unasked is replaced. SIGHUP replaces them one at a time: a new worker is forked
 * and listening before an old one is sent SIGTERM (it drains, see installShutdown), and the next
 * waits for that one's exit, so the port always has WEB_CONCURRENCY workers answering. A SIGHUP
 * during a restart is queued: one more restart follows, so every worker runs the code on disk as of
 * the last SIGHUP. SIGTERM/SIGINT stop every worker (each drains) and then the primary.
 */
export function runHttpWorkers(config: Config, log: PrimaryLogger) {
  let stopping = false;
  // Exits that are no crash: an old worker retired by a restart, a new one that failed to start.
  const expectedExits = new Set<Worker>();
  const pidOf = (worker: Worker) => worker.process.pid;
  const fork = (reason: string) => {
    const worker = cluster.fork();
    log.info({ worker: pidOf(worker), reason }, 'HTTP worker started');
    return worker;
  };

  for (let i = 0; i < config.webConcurrency; i++) fork('start');
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      log.info({ worker: pidOf(worker), code, signal }, 'HTTP worker stopped');
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    if (expectedExits.delete(worker)) return;
    // The others keep serving meanwhile.
    log.error({ worker: pidOf(worker), code, signal }, 'HTTP worker exited unexpectedly; starting another');
    fork(`replaces ${pidOf(worker)}`);
  });

  let restarting = false;
  let restartQueued = false;
  const restart = async () => {
    if (stopping) return;
    if (restarting) {
      restartQueued = true;
      log.info({}, 'rolling restart already under way: another follows it');
      return;
    }
    restarting = true;
    try {
      do {
        restartQueued = false;
        await rollingRestart();
      } while (restartQueued && !stopping);
    } finally {
      restarting = false;
    }
  };

  async function rollingRestart() {
    const old = liveWorkers();
    log.info({ workers: old.map(pidOf) }, 'rolling restart: replacing HTTP workers one at a time');
    for (const previous of old) {
      if (stopping) return;
      if (previous.isDead()) continue; // it crashed meanwhile, and was replaced then
      // From here its replacement is the one being started: should it crash now, none other is.
      expectedExits.add(previous);
      const next = fork(`replaces ${pidOf(previous)}`);
      expectedExits.add(next);
      const started = await listeningOrExit(next, START_TIMEOUT_MS);
      if (stopping) return;
      if (!started) {
        if (!next.isDead()) next.process.kill('SIGKILL');
        expectedExits.delete(previous);
        if (previous.isDead()) fork(`replaces ${pidOf(previous)}`);
        log.error({ worker: pidOf(next) }, 'rolling restart stopped: the new HTTP worker did not start listening; the others keep serving');
        return;
      }
      expectedExits.delete(next);
      log.info({ worker: pidOf(next), retiring: pidOf(previous) }, 'rolling restart: new HTTP worker listening; retiring an old one');
      previous.process.kill('SIGTERM');
      const exited = await exitOf(previous, config.http.shutdownTimeoutMs + 2000);
      if (!exited) previous.process.kill('SIGKILL');
      log.info({ worker: pidOf(previous), graceful: exited }, 'rolling restart: old HTTP worker exited');
    }
    log.info({ workers: liveWorkers().map(pidOf) }, 'rolling restart complete');
  }

  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, workers: liveWorkers().map(pidOf) }, 'stopping every HTTP worker');
    for (const worker of liveWorkers()) worker.process.kill('SIGTERM');
    if (liveWorkers().length === 0) process.exit(0);
    setTimeout(() => process.exit(1), config.http.shutdownTimeoutMs + 2000).unref();
  };
  process.on('SIGHUP', () => void restart());
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

function liveWorkers() {
  return Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined && !worker.isDead());
}

/** Resolves true once the worker listens, false if it exits first or the time runs out. */
function listeningOrExit(worker: Worker, timeoutMs: number) {
  return new Promise<boolean>((resolve) => {
    const settle = (listening: boolean) => {
      clearTimeout(timer);
      worker.off('listening', onListening);
      worker.off('exit', onExit);
      resolve(listening);
    };
    const onListening = () => settle(true);
    const onExit = () => settle(false);
    const timer = setTimeout(() => settle(false), timeoutMs);
    worker.once('listening', onListening);
    worker.once('exit', onExit);
  });
}

/** Resolves true once the worker has exited, false if the time runs out first. */
function exitOf(worker: Worker, timeoutMs: number) {
  if (worker.isDead()) return Promise.resolve(true);
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => {
      worker.off('exit', onExit);
      resolve(false);
    }, timeoutMs);
    const onExit = () => {
      clearTimeout(timer);
      resolve(true);
    };
    worker.once('exit', onExit);
  });
}
