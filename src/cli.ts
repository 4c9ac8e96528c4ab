import { parseArgs } from 'node:util';
import pino from 'pino';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openContainer, type Container } from './container.js';
import { openCrypto } from './infra/crypto.js';
import { loadEnvironment } from './infra/keys/vault-kv.js';
import { loggerOptions } from './infra/logger.js';
import { migrate, openDb, pendingMigrations } from './infra/db/index.js';
import { rotateDataKeys } from './infra/sealed-columns.js';
import { SEALED_COLUMNS } from './sealed-columns.js';
import { createIdentity, MIN_PASSWORD_LENGTH } from './auth/index.js';
import { createPlatformAdmin, seedDemo } from './seed.js';
import { promptHidden, PromptCancelled } from './lib/hidden-prompt.js';
import { createProgressReporter } from './lib/progress.js';
import { backfillMarketPrices } from './modules/markets/index.js';
import { serve } from './server.js';
import { runWorker } from './worker.js';

const HELP = `kheti — farm intelligence for farmer organisations

Usage: kheti <command> [options]

Commands:
  serve [--migrate] [--seed] [--worker]
                               run the HTTP API (and, without Redis, the job consumers)
                                 --migrate  apply pending migrations first
                                 --seed     add demo data when SEED_DEMO is not false and there are no tenants
                                 --worker   consume jobs in this process too (one-box setups with Redis)
  worker                       run the job consumers and schedules (production, with Redis)
  migrate [--status]           apply pending database migrations, or list them
  seed                         add demo data to an empty database
  backfill market-prices --from YYYY-MM-DD --to YYYY-MM-DD [--state S]
                               load Agmarknet mandi prices of those arrival days (one
                               data.gov.in query a day; the bundled sample without a key);
                               S as Agmarknet writes it; progress goes to stderr
  admin create --email E [--password-stdin] [--name N]
                               create a platform administrator (or reset their password); the
                               password is asked for (not shown) or read from stdin with
                               --password-stdin; --password P still works but other users of
                               the machine can read it in the process list
  admin rotate-keys            make a new token-signing key; the previous one stays published
                               until the tokens it signed have expired
  admin rotate-data-keys [--batch-size N]
                               re-wrap the data keys of sealed values with the current key
                               (KHETI_ENCRYPTION_KEY, or KEY_PROVIDER's Vault or KMS key) after a
                               key change; when a run re-wraps nothing, the old key may be removed
  help                         show this text

Configuration comes from the environment; see README.md and .env.example.`;

async function withDb<T>(config: Config, work: (db: Awaited<ReturnType<typeof openDb>>) => Promise<T>): Promise<T> {
  const db = await openDb(config);
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

/** The process container for a command that needs the outside world (data.gov.in for a backfill). */
async function withContainer<T>(config: Config, work: (container: Container) => Promise<T>): Promise<T> {
  // Log lines (a page tried again, say) go to stderr: stdout carries the command's own answer.
  const container = await openContainer(config, { logger: pino(loggerOptions(config, 'kheti-cli'), pino.destination(2)) });
  try {
    return await work(container);
  } finally {
    await container.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command) {
    // No command is a usage error like any other: one line on stderr, exit 2.
    throw new UsageError('no command given; run "kheti help" for the list');
  }
  if (command === 'help' || command === '--help' || command === '-h' || rest.includes('--help') || rest.includes('-h')) {
    console.log(HELP);
    return 0;
  }
  const config = loadConfig(await loadEnvironment());
  // A process that would seal or open anything refuses to start without its key provider, rather
  // than serve 503s; migrations and backfills need no keys and so still run during its outage.
  if (!['migrate', 'backfill'].includes(command) && config.keys.provider !== 'local') {
    await openCrypto(config)
      .verify()
      .catch((error: Error) => {
        throw new Error(`the key provider (KEY_PROVIDER=${config.keys.provider}) cannot be used: ${error.message}`);
      });
  }

  switch (command) {
    case 'serve': {
      const { values } = parseArgs({
        args: rest,
        options: { migrate: { type: 'boolean' }, seed: { type: 'boolean' }, worker: { type: 'boolean' } },
      });
      await serve(config, values);
      return -1; // keeps running until a signal
    }
    case 'worker':
      parseArgs({ args: rest, options: {} });
      await runWorker(config);
      return -1;
    case 'migrate': {
      const { values } = parseArgs({ args: rest, options: { status: { type: 'boolean' } } });
      return withDb(config, async (db) => {
        if (values.status) {
          const pending = await pendingMigrations(db);
          console.log(pending.length ? `pending: ${pending.join(', ')}` : 'up to date');
          return 0;
        }
        const applied = await migrate(db);
        console.log(applied.length ? `applied: ${applied.join(', ')}` : 'up to date: no pending migrations');
        return 0;
      });
    }
    case 'seed':
      parseArgs({ args: rest, options: {} });
      return withDb(config, async (db) => {
        await migrate(db);
        const result = await seedDemo(db, openCrypto(config));
        if (!result.seeded) console.log('The database already has tenants; demo data is only added to an empty one.');
        else
          console.log(
            `Demo organisation "demo" created.\n  administrator: ${result.adminEmail}\n  password:      ${result.adminPassword}  (shown once)\n  farmer phone:  ${result.farmerPhone}  (one-time password sign-in)`,
          );
        return 0;
      });
    case 'backfill': {
      let progress: ReturnType<typeof createProgressReporter> | undefined;
      const code = await backfillMarketPrices(
        rest,
        (work) => withContainer(config, ({ resources, outside }) => work(resources.db, outside.marketPrices)),
        (message) => new UsageError(message),
        ({ daysDone, days, percent }) => {
          progress ??= createProgressReporter({ label: 'backfill', unit: 'days', total: days, stream: process.stderr });
          if (percent >= 100) progress.finish();
          else progress.update(daysDone, percent);
        },
      );
      return code;
    }
    case 'admin': {
      const [sub, ...args] = rest;
      if (sub === 'rotate-keys') {
        parseArgs({ args, options: {} });
        return withDb(config, async (db) => {
          await migrate(db);
          const identity = createIdentity(config, db);
          const previous = (await identity.keys.current()).kid;
          const kid = await identity.keys.rotate();
          console.log(`Signing key rotated: new ${kid}; ${previous} stays published for ${config.auth.accessTokenTtlSeconds + 120} s`);
          return 0;
        });
      }
      if (sub === 'rotate-data-keys') {
        const { values } = parseArgs({ args, options: { 'batch-size': { type: 'string' } } });
        const batchSize = values['batch-size'] === undefined ? undefined : Number(values['batch-size']);
        if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= 100_000))
          throw new UsageError('--batch-size must be an integer 1-100000');
        return withDb(config, async (db) => {
          await migrate(db);
          const crypto = openCrypto(config);
          const counts = await rotateDataKeys(db, crypto, { columns: SEALED_COLUMNS, batchSize });
          for (const c of counts) console.log(`${c.table}.${c.column}: ${c.rewrapped} re-wrapped, ${c.alreadyCurrent} already current`);
          const rewrapped = counts.reduce((sum, c) => sum + c.rewrapped, 0);
          console.log(
            rewrapped === 0
              ? `Every data key is wrapped by ${crypto.keyId}; ${config.keys.provider === 'local' ? 'KHETI_ENCRYPTION_KEY_PREVIOUS' : 'the local key (KHETI_ENCRYPTION_KEY and KHETI_ENCRYPTION_KEY_PREVIOUS)'} may be removed once every process runs with this key.`
              : `Data keys re-wrapped by ${crypto.keyId}. Run again once every process runs with this key, until nothing is re-wrapped.`,
          );
          return 0;
        });
      }
      if (sub !== 'create')
        throw new UsageError(
          `unknown admin command ${JSON.stringify(sub ?? '')}; try: kheti admin create --email E, kheti admin rotate-keys, or kheti admin rotate-data-keys`,
        );
      const { values } = parseArgs({
        args,
        options: {
          email: { type: 'string' },
          password: { type: 'string' },
          'password-stdin': { type: 'boolean' },
          name: { type: 'string' },
        },
      });
      if (!values.email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email)) throw new UsageError('--email must be an email address');
      const password = await adminPassword(values);
      if (password.length < MIN_PASSWORD_LENGTH) throw new UsageError(`the password must have at least ${MIN_PASSWORD_LENGTH} characters`);
      return withDb(config, async (db) => {
        await migrate(db);
        const admin = await createPlatformAdmin(db, values.email!, password, values.name);
        console.log(`${admin.created ? 'Created' : 'Updated'} platform administrator ${admin.email}`);
        return 0;
      });
    }
    default:
      throw new UsageError(`unknown command ${JSON.stringify(command)}; run "kheti help"`);
  }
}

class UsageError extends Error {}

/**
 * The new administrator's password: from stdin with --password-stdin (a pipe or a secret store), from
 * a prompt that does not echo on a terminal, or from --password, which stays because the README has
 * always shown it, with a warning: an argument is visible to every user of the machine (ps, /proc)
 * and kept in shell history.
 */
async function adminPassword(values: { password?: string; 'password-stdin'?: boolean }): Promise<string> {
  if (values.password !== undefined && values['password-stdin']) throw new UsageError('give --password or --password-stdin, not both');
  if (values['password-stdin']) return stripOneNewline(await readStdin());
  if (values.password !== undefined) {
    // A password refused anyway gets only the refusal, one line like every usage error.
    if (values.password.length < MIN_PASSWORD_LENGTH) return values.password;
    console.error(
      'kheti: warning: a password given with --password is visible to other users of this machine and kept in shell history; ' +
        'leave it out to be asked for it, or use --password-stdin',
    );
    return values.password;
  }
  if (!process.stdin.isTTY)
    throw new UsageError('no password: run on a terminal to be asked for it, or pass it on stdin with --password-stdin');
  try {
    const password = await promptHidden('Password: ');
    if (password.length < MIN_PASSWORD_LENGTH) return password;
    if ((await promptHidden('Password again: ')) !== password) throw new UsageError('the passwords typed do not match');
    return password;
  } catch (error) {
    if (error instanceof PromptCancelled) throw new Error('cancelled: no administrator created');
    throw error;
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** `echo secret |` and a file ending in a newline both mean the line without it; other spaces count. */
const stripOneNewline = (text: string) => text.replace(/\r?\n$/, '');

export async function run(argv = process.argv.slice(2)) {
  try {
    const code = await main(argv);
    if (code >= 0) process.exitCode = code;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`kheti: ${(error as Error).message}`);
      process.exitCode = 2;
      return;
    }
    console.error(`kheti: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
