import { readFileSync } from 'node:fs';
import type { Layout } from '../layout.js';
import { khetiEnv, startApi, startWorker } from '../parts/kheti.js';
import { startPgbouncer } from '../parts/pgbouncer.js';
import { restartPostgres, stopPostgres } from '../parts/postgres.js';
import { redisCli, startRedis } from '../parts/redis.js';
import { isAlive, sleep, stopProcess } from '../processes.js';
import { topologySecrets } from '../secrets.js';
import { type Part, type Topology, readTopology, writeTopology } from '../state.js';

/**
 * The faults the drills cause and the repairs a supervisor (systemd, Kubernetes) would make,
 * keeping topology.json current so that `down` stops the replacements too.
 */
export class TopologyParts {
  readonly secrets;

  constructor(private readonly layout: Layout) {
    this.secrets = topologySecrets(layout);
  }

  get topology(): Topology {
    const topology = readTopology(this.layout);
    if (!topology) throw new Error('the topology is not up: run "deploy/local/topology up" first');
    return topology;
  }

  part(name: string): Part {
    const part = this.topology.processes.find((p) => p.name === name);
    if (!part) throw new Error(`no part named ${name}`);
    return part;
  }

  private replace(part: Part) {
    const topology = this.topology;
    topology.processes = topology.processes.map((p) => (p.name === part.name ? part : p));
    writeTopology(this.layout, topology);
  }

  /** SIGKILL to the part's whole process group (a `kheti serve` primary and its cluster workers). */
  async kill(name: string) {
    await stopProcess(this.part(name).pid, { signal: 'SIGKILL', group: true });
  }

  async restartApi(name: string) {
    const index = Number(name.split('-')[1]) - 1;
    this.replace(await startApi(this.layout, khetiEnv(this.layout, this.secrets), index));
  }

  async restartWorker(name: string) {
    const index = Number(name.split('-')[1]) - 1;
    this.replace(await startWorker(this.layout, khetiEnv(this.layout, this.secrets), index));
  }

  stopPostgres = (name: string) => stopPostgres(this.layout, name);

  async startPostgres(name: string) {
    const part = this.part(name);
    this.replace({ ...part, pid: await restartPostgres(this.layout, name, part.port) });
  }

  /** SHUTDOWN (which flushes the append-only file), then the same server again. */
  async restartQueueRedis() {
    const part = this.part('redis-queue');
    await redisCli(this.layout, this.secrets, 'queue', ['SHUTDOWN']).catch(() => undefined);
    while (isAlive(part.pid)) await sleep(50);
    this.replace(await startRedis(this.layout, this.secrets, 'queue'));
  }

  async restartPgbouncer() {
    await stopProcess(this.part('pgbouncer').pid);
    this.replace(await startPgbouncer(this.layout, this.secrets));
  }

  /** The cluster workers of a `kheti serve` primary, from /proc. */
  childrenOf(pid: number): number[] {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return children ? children.split(/\s+/).map(Number) : [];
  }
}
