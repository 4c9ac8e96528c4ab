import { loadConfig, type Config } from '../../src/config.js';
import { createTempDataDir, createTestDatabase } from './database.js';
import { testServices } from './services.js';

/**
 * The two storage modes every storage test runs in: embedded (PGlite, in-process ports) and
 * production (PostgreSQL + Redis). Each call gives a fresh database and a fresh Redis key prefix.
 */
export interface StorageMode {
  name: 'embedded' | 'postgres';
  /** A config for this mode; `extra` adds or overrides environment variables. */
  setup(extra?: Record<string, string>): Promise<{ config: Config; cleanup: () => Promise<void> }>;
}

export const embeddedMode: StorageMode = {
  name: 'embedded',
  async setup(extra = {}) {
    const data = createTempDataDir();
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: data.dir, ...extra });
    return { config, cleanup: async () => data.remove() };
  },
};

export const postgresMode: StorageMode = {
  name: 'postgres',
  async setup(extra = {}) {
    const database = await createTestDatabase();
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: database.url,
      REDIS_URL: testServices.redisUrl,
      ...extra,
    });
    return { config, cleanup: database.drop };
  },
};

export const storageModes: StorageMode[] = testServices.embeddedOnly ? [embeddedMode] : [embeddedMode, postgresMode];
