import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertUsageError } from '../support/cli-usage.js';
import { createTempDataDir, createTestDatabase } from '../support/database.js';
import { runKheti } from '../support/process.js';

// Every command and option of the kheti command, wrong: README's "Exit codes: 2 invalid usage".
describe('kheti usage errors', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const data = createTempDataDir();
  let env: Record<string, string>;

  before(async () => {
    database = await createTestDatabase();
    env = { NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: data.dir, DATABASE_URL: database.url, PORT: '0', SEED_DEMO: 'false' };
  });
  after(async () => {
    await database.drop();
    data.remove();
  });

  it('answers every usage error with exit 2 and one line on stderr', async () => {
    const cases: [string[], RegExp][] = [
      [[], /no command given; run "kheti help"/],
      [['bogus'], /unknown command "bogus"/],
      [['serve', '--bogus'], /Unknown option '--bogus'/],
      [['worker', 'extra'], /Unexpected argument 'extra'/],
      [['seed', 'now'], /Unexpected argument 'now'/],
      [['backfill'], /unknown backfill ""/],
      [['backfill', 'market-prices', '--from', '2025-02-30', '--to', '2025-03-01'], /--from must be a date YYYY-MM-DD/],
      [['backfill', 'market-prices', '--from', '2025-04-04'], /--to must be a date YYYY-MM-DD/],
      [['backfill', 'market-prices', '--from', '2024-01-01', '--to', '2025-04-01'], /backfill at most 366/],
      [['admin'], /unknown admin command ""/],
      [['admin', 'create', '--email', 'nobody'], /--email must be an email address/],
      [['admin', 'create', '--email', 'a@example.org', '--password'], /--password/],
      [['admin', 'create', '--email', 'a@example.org', '--password', 'x', '--password-stdin'], /not both/],
      [['admin', 'create', '--email', 'a@example.org', '--password', 'short'], /the password must have at least \d+ characters/],
      // No terminal and no --password-stdin: nothing to read the password from.
      [['admin', 'create', '--email', 'a@example.org'], /no password: run on a terminal .* --password-stdin/],
      [['admin', 'rotate-data-keys', '--batch-size', '0'], /--batch-size must be an integer/],
    ];
    // A few at a time: each is a whole Node.js process.
    for (let i = 0; i < cases.length; i += 4) {
      const batch = cases.slice(i, i + 4);
      const runs = await Promise.all(batch.map(([args]) => runKheti(args, env)));
      for (const [j, [args, message]] of batch.entries()) assertUsageError(runs[j]!, args, message);
    }
    // A bad configuration is a usage error too.
    assertUsageError(await runKheti(['migrate'], { ...env, PORT: 'eighty' }), ['migrate'], /PORT must be a port number/);
    const help = await runKheti(['serve', '--help'], env);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: kheti <command>/m);
  });
});
