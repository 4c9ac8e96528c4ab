import { after, before } from 'node:test';
import { createTempDataDir, createTestDatabase } from './database.js';
import { runKheti, startKheti, type KhetiProcess } from './process.js';
import { startRedisServer, type RedisServer } from './redis-server.js';

/** A deployment of real `kheti` processes for one test file, set up by `before` and taken down by `after`. */
export interface ProcessDeployment {
  /** The environment every process of the deployment shares: PostgreSQL, this file's Redis, a data dir, port 0. */
  readonly env: Record<string, string>;
  readonly databaseUrl: string;
  /** `kheti migrate`; fails with its output when it does not exit 0. */
  migrate(): Promise<void>;
  /** Starts `kheti <args>` with the shared environment and `extra` over it; it is SIGKILLed after the file. */
  start(args: string[], extra?: Record<string, string>): KhetiProcess;
}

/**
 * Registers the hooks of a deployment on PostgreSQL (a throwaway database) and a Redis of the
 * file's own (a throwaway redis-server, so no other test's worker can take its jobs), with the
 * synthetic imagery source and no demo organisation; call it inside the file's `describe`.
 */
export function useProcessDeployment(): ProcessDeployment {
  let redis: RedisServer | undefined;
  let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  let data: ReturnType<typeof createTempDataDir> | undefined;
  let env: Record<string, string> | undefined;
  const processes: KhetiProcess[] = [];
  const ready = () => {
    if (!env || !database) throw new Error('the deployment is set up in before(): use it inside a test');
    return { env, database };
  };

  before(async () => {
    data = createTempDataDir();
    redis = await startRedisServer();
    database = await createTestDatabase();
    env = {
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      DATA_DIR: data.dir,
      IMAGERY_PROVIDER: 'synthetic',
      PORT: '0',
      WEB_CONCURRENCY: '1',
      SEED_DEMO: 'false',
    };
  });

  after(async () => {
    await Promise.all(processes.map((p) => p.stop('SIGKILL')));
    await database?.drop();
    await redis?.stop();
    data?.remove();
  });

  return {
    get env() {
      return ready().env;
    },
    get databaseUrl() {
      return ready().database.url;
    },
    async migrate() {
      const migrated = await runKheti(['migrate'], ready().env);
      if (migrated.code !== 0) throw new Error(`kheti migrate exited ${migrated.code}:\n${migrated.stdout}\n${migrated.stderr}`);
    },
    start(args, extra = {}) {
      const started = startKheti(args, { ...ready().env, ...extra });
      processes.push(started);
      return started;
    },
  };
}
