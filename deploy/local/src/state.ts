import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Layout } from './layout.js';

export type Role =
  | 'api'
  | 'worker'
  | 'nginx'
  | 'pgbouncer'
  | 'postgres-primary'
  | 'postgres-replica'
  | 'redis-queue'
  | 'redis-cache'
  | 'prometheus';

export interface Part {
  name: string;
  role: Role;
  /** The main process of the part (for an API instance, its `kheti serve` primary). */
  pid: number;
  port: number;
}

/** An exporter feeds Prometheus; it is not a part of Kheti's own topology. */
export interface Exporter {
  name: string;
  pid: number;
  port: number;
}

/** What `up` writes to topology.json, and `down`, `status` and `drill` read. */
export interface Topology {
  url: string;
  httpUrl: string;
  prometheusUrl: string;
  processes: Part[];
  exporters: Exporter[];
  /** The platform administrator the drills and a person trying the topology sign in as. */
  admin: { email: string; passwordFile: string };
  /** The environment every kheti process of the topology runs with (secrets stay in their files). */
  envFile: string;
}

export const topologyFile = (layout: Layout) => join(layout.runDir, 'topology.json');

export function readTopology(layout: Layout): Topology | undefined {
  const file = topologyFile(layout);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Topology) : undefined;
}

/** Written after every part starts, so that `down` finds whatever an interrupted `up` left running. */
export function writeTopology(layout: Layout, topology: Topology) {
  const file = topologyFile(layout);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(topology, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}
