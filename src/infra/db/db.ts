import { isUuid } from '../../lib/uuid.js';
import { settingLiteral } from './literals.js';

/**
 * The database port. PostgreSQL (with optional read replicas) in production, PGlite in embedded
 * mode: both speak real PostgreSQL, so the SQL above this line is the same in both.
 *
 * Every data access runs in a transaction that first switches to an application role without
 * BYPASSRLS, so row-level security holds even when the connection itself is a superuser
 * (PGlite always is; test databases often are):
 *   - `tenant(id, work)`  → role kheti_app, `app.tenant_id` set: sees one tenant's rows only;
 *   - `platform(work)`    → role kheti_platform: sees every tenant (platform admins, shared jobs).
 * Both settings are transaction-local (`set_config(…, true)`), which keeps them safe behind
 * PgBouncer in transaction mode. The engine opens the transaction with them (on PostgreSQL in the
 * same message as the first statement: see postgres.ts), so nothing runs before they hold.
 */
export type Row = Record<string, unknown>;

export interface QueryResult<R extends object = Row> {
  rows: R[];
  rowCount: number;
}

export interface Tx {
  query<R extends object = Row>(text: string, params?: unknown[]): Promise<QueryResult<R>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
}

export interface TxOptions {
  /** A read-only transaction may be served by a replica. */
  readOnly?: boolean;
  /**
   * Whose reads must see their own writes (a user id, say). After that key writes, its read-only
   * transactions go to the primary until a replica has replayed the write.
   */
  consistencyKey?: string;
  /**
   * Narrows a tenant transaction to one farmer's records (a caller with role `farmer`): the
   * registry's policies then show only the farmer linked to this user and what hangs off it.
   */
  farmerUserId?: string;
  /**
   * A read-only transaction that must see the primary's latest state (a caller's current rights):
   * never sent to a replica, which may not have replayed a change yet.
   */
  primaryOnly?: boolean;
  /**
   * The work runs exactly one statement (a read of one record, say): on PostgreSQL the whole
   * transaction, opening, statement and COMMIT, then travels as one message, one round trip
   * instead of two. A second statement in such work is an error.
   */
  oneStatement?: boolean;
}

/** How a transaction begins: the role it runs as and its transaction-local settings. */
export interface TxSetup {
  role: string;
  settings: Record<string, string>;
}

/** The statement that applies a setup, every value checked to be an id or a name (see literals.ts). */
export function setupStatement(setup: TxSetup): string {
  const calls = [['role', setup.role], ...Object.entries(setup.settings)].map(
    ([name, value]) => `set_config(${settingLiteral(name!)}, ${settingLiteral(value!)}, true)`,
  );
  return `SELECT ${calls.join(', ')}`;
}

export interface DbCheck {
  ok: boolean;
  latencyMs?: number;
  error?: string;
}

export interface DbHealth {
  primary: DbCheck;
  replicas: (DbCheck & { name: string; lagBytes?: number })[];
}

export interface PoolStats {
  pool: string;
  total: number;
  idle: number;
  waiting: number;
}

/** What an engine (pg pool or PGlite) provides; roles and routing are layered on top. */
export interface Engine {
  readonly mode: 'postgres' | 'embedded';
  /** Runs `work` in one transaction, as the connecting role or as `setup` says. */
  transaction<T>(work: (tx: Tx) => Promise<T>, options?: TxOptions, setup?: TxSetup): Promise<T>;
  /** Runs `work` on one dedicated session outside any transaction (migrations, advisory locks). */
  session<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  check(): Promise<DbHealth>;
  poolStats(): PoolStats[];
  close(): Promise<void>;
}

export const TENANT_ROLE = 'kheti_app';
export const PLATFORM_ROLE = 'kheti_platform';

export interface Db extends Engine {
  /** Work on one tenant's data: row-level security limits every statement to that tenant. */
  tenant<T>(tenantId: string, work: (tx: Tx) => Promise<T>, options?: TxOptions): Promise<T>;
  /** Work across tenants (platform administration, shared reference data, cross-tenant jobs). */
  platform<T>(work: (tx: Tx) => Promise<T>, options?: TxOptions): Promise<T>;
}

export function withRoles(engine: Engine): Db {
  return {
    mode: engine.mode,
    transaction: (work, options, setup) => engine.transaction(work, options, setup),
    session: (work) => engine.session(work),
    check: () => engine.check(),
    poolStats: () => engine.poolStats(),
    close: () => engine.close(),
    tenant(tenantId, work, options) {
      // A malformed id would otherwise surface as a cast error inside a policy.
      if (!isUuid(tenantId)) return Promise.reject(new TypeError(`tenant id must be a UUID, got ${JSON.stringify(tenantId)}`));
      const farmerUserId = options?.farmerUserId ?? '';
      if (farmerUserId !== '' && !isUuid(farmerUserId)) {
        return Promise.reject(new TypeError(`farmer user id must be a UUID, got ${JSON.stringify(farmerUserId)}`));
      }
      return engine.transaction(work, options, {
        role: TENANT_ROLE,
        settings: { 'app.tenant_id': tenantId, 'app.farmer_user_id': farmerUserId },
      });
    },
    platform(work, options) {
      return engine.transaction(work, options, { role: PLATFORM_ROLE, settings: {} });
    },
  };
}
