/**
 * CPU time spent per answered request, by side: the server's process tree and the PostgreSQL
 * backends serving its database. Unlike req/s, CPU time does not count the time a process waits
 * for a core, so on a shared machine it still tells which side does more work per request, and
 * where (the server or the database). Linux only: it reads /proc.
 */
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';

/** Clock ticks per second of /proc/<pid>/stat's times: 100 on every Linux this runs on (USER_HZ). */
const TICKS_PER_SECOND = 100;

interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime, in ms. */
  cpuMs: number;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: fields count from its end.
    const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(rest[11]) + Number(rest[12]);
    return { pid, ppid: Number(rest[1]), cpuMs: (ticks * 1000) / TICKS_PER_SECOND };
  } catch {
    return undefined; // gone between the listing and the read
  }
}

const allStats = () =>
  readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readStat(Number(name)))
    .filter((stat): stat is ProcStat => stat !== undefined);

/** CPU ms used so far by a process and all its descendants that are alive now. */
export function processTreeCpuMs(rootPid: number): number {
  const stats = allStats();
  const children = new Map<number, ProcStat[]>();
  for (const stat of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);
  const treeMs = (stat: ProcStat): number => stat.cpuMs + (children.get(stat.pid) ?? []).reduce((sum, child) => sum + treeMs(child), 0);
  const root = stats.find((stat) => stat.pid === rootPid);
  return root ? treeMs(root) : 0;
}

/** CPU ms used so far by the PostgreSQL backends connected to a database now. */
export async function databaseBackendsCpuMs(adminUrl: string, database: string): Promise<number> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [
      database,
    ]);
    return rows.reduce((sum, row) => sum + (readStat(row.pid)?.cpuMs ?? 0), 0);
  } finally {
    await admin.end();
  }
}

export interface CpuSide {
  pid: number;
  database?: string;
}

/** Measures `work`'s CPU on a side: server and database ms, to be divided by the requests answered. */
export async function measureCpu<T>(side: CpuSide, adminUrl: string, work: () => Promise<T>) {
  const database = () => (side.database ? databaseBackendsCpuMs(adminUrl, side.database) : Promise.resolve(0));
  const before = { server: processTreeCpuMs(side.pid), database: await database() };
  const result = await work();
  const after = { server: processTreeCpuMs(side.pid), database: await database() };
  return { result, serverMs: after.server - before.server, databaseMs: after.database - before.database };
}
