import { answeredWithin, closeRedis, type InfraLogger, type RedisConnection } from '../redis.js';

/**
 * Where a key's (a user's) last write position is known to every process of the deployment, so
 * that read-your-writes holds whichever process serves the user's next read. One process's memory
 * is not enough once there are several (cluster workers, API instances).
 */
export interface WritePositions {
  /** The key's last write position, 0n when none is known; rejects when that cannot be told. */
  get(key: string): Promise<bigint>;
  /** Keeps `lsn` for `ttlMs` unless a later position is already kept; failures are reported, not thrown. */
  record(key: string, lsn: bigint, ttlMs: number): Promise<void>;
  close(): Promise<void>;
}

// A later position must never be replaced by an earlier one that arrives after it (two processes
// recording writes of one user at once). Positions are fixed-width hex, so strings compare as numbers.
const RECORD_MAX = `
local kept = redis.call('GET', KEYS[1])
if kept and kept >= ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;

// A read that cannot learn the position in time goes to the primary: slower, never stale. A write
// waits longer, as a position not recorded may let another process serve a stale read.
const LOOKUP_TIMEOUT_MS = 250;
const RECORD_TIMEOUT_MS = 1000;

const asHex = (lsn: bigint) => lsn.toString(16).padStart(16, '0');

type WithRecordMax = RedisConnection & {
  recordWritePosition(key: string, lsn: string, ttlMs: number): Promise<number>;
};

/**
 * Write positions in Redis under the deployment's namespace, `<namespace>:written:<key>`. The
 * namespace may come from the database (infra/deployment.ts), so it is given once the database is
 * open; until then nothing is known: get() rejects (the read goes to the primary) and record() fails.
 */
export class RedisWritePositions implements WritePositions {
  private prefix?: string;
  private readonly redis: WithRecordMax;

  constructor(
    redis: RedisConnection,
    private readonly logger?: InfraLogger,
  ) {
    redis.defineCommand('recordWritePosition', { numberOfKeys: 1, lua: RECORD_MAX });
    this.redis = redis as WithRecordMax;
  }

  useNamespace(namespace: string) {
    this.prefix = `${namespace}:written:`;
  }

  async get(key: string): Promise<bigint> {
    const prefix = this.known();
    const kept = await this.within(LOOKUP_TIMEOUT_MS, () => this.redis.get(prefix + key));
    return kept ? BigInt(`0x${kept}`) : 0n;
  }

  async record(key: string, lsn: bigint, ttlMs: number): Promise<void> {
    try {
      const prefix = this.known();
      await this.within(RECORD_TIMEOUT_MS, () => this.redis.recordWritePosition(prefix + key, asHex(lsn), Math.ceil(ttlMs)));
    } catch (error) {
      // The write itself has committed; failing the request now would invite a retry of it.
      this.logger?.warn(
        { err: error },
        "a write's position could not be shared: another process may serve this user's reads from a replica that has not replayed it",
      );
    }
  }

  close() {
    return closeRedis(this.redis);
  }

  private within<T>(ms: number, command: () => Promise<T>): Promise<T> {
    return answeredWithin(this.redis, ms, command);
  }

  private known(): string {
    if (this.prefix === undefined) throw new Error('write positions have no Redis namespace yet');
    return this.prefix;
  }
}
