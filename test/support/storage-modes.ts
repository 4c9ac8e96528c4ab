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

/**
 * Load shedding is off unless a test turns it on: on a 2-core machine running two test files at
 * once, PGlite's start-up alone can hold the event loop past the production threshold.
 */
const TEST_DEFAULTS = { NODE_ENV: 'test', LOG_LEVEL: 'silent', MAX_EVENT_LOOP_DELAY_MS: '0' };

export const embeddedMode: StorageMode = {
  name: 'embedded',
  async setup(extra = {}) {
    const data = createTempDataDir();
    const config = loadConfig({ ...TEST_DEFAULTS, DATA_DIR: data.dir, ...extra });
    return { config, cleanup: async () => data.remove() };
  },
};

export const postgresMode: StorageMode = {
  name: 'postgres',
  async setup(extra = {}) {
    const database = await createTestDatabase();
    // Files the app writes (the offline imagery catalog) go to a throwaway directory here too.
    const data = createTempDataDir();
    const config = loadConfig({
      ...TEST_DEFAULTS,
      DATABASE_URL: database.url,
      REDIS_URL: testServices.redisUrl,
      DATA_DIR: data.dir,
      ...extra,
    });
    return {
      config,
      cleanup: async () => {
        await database.drop();
        data.remove();
      },
    };
  },
};

export const storageModes: StorageMode[] = testServices.embeddedOnly ? [embeddedMode] : [embeddedMode, postgresMode];
