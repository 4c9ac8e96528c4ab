import { resolve } from 'node:path';

/**
 * Where every part of the local topology lives: one directory of state (data, logs, configs,
 * pids) and a block of ports counted from one base, so two topologies on one machine only need
 * different TOPOLOGY_DIR and TOPOLOGY_BASE_PORT.
 */
export interface Layout {
  root: string;
  runDir: string;
  basePort: number;
  ports: {
    https: number;
    http: number;
    postgresPrimary: number;
    postgresReplicas: [number, number, number];
    pgbouncer: number;
    redisQueue: number;
    redisCache: number;
    api: [number, number];
    workerMetrics: [number, number];
    prometheus: number;
    redisQueueExporter: number;
    redisCacheExporter: number;
    postgresExporter: number;
    blackboxExporter: number;
  };
}

export function layoutFrom(env: NodeJS.ProcessEnv, root: string): Layout {
  const basePort = Number(env.TOPOLOGY_BASE_PORT ?? 18000);
  if (!Number.isInteger(basePort) || basePort < 1024 || basePort > 65000) {
    throw new Error(`TOPOLOGY_BASE_PORT must be an integer from 1024 to 65000 (got ${env.TOPOLOGY_BASE_PORT})`);
  }
  const p = (offset: number) => basePort + offset;
  return {
    root,
    runDir: resolve(env.TOPOLOGY_DIR ?? resolve(root, 'deploy/local/.run')),
    basePort,
    ports: {
      https: p(0),
      http: p(1),
      postgresPrimary: p(10),
      postgresReplicas: [p(11), p(12), p(13)],
      pgbouncer: p(20),
      redisQueue: p(30),
      redisCache: p(31),
      api: [p(40), p(41)],
      workerMetrics: [p(45), p(46)],
      prometheus: p(50),
      redisQueueExporter: p(51),
      redisCacheExporter: p(52),
      postgresExporter: p(53),
      blackboxExporter: p(55),
    },
  };
}
