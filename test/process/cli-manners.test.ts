import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTempDataDir, createTestDatabase } from '../support/database.js';
import { assertUsageError } from '../support/cli-usage.js';
import { runKheti, startKheti } from '../support/process.js';

describe('kheti command-line manners', () => {
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

  it('creates an administrator whose password comes on stdin, who then signs in', async () => {
    const password = 'a long pass phrase 7';
    const created = await runKheti(['admin', 'create', '--email', 'root@example.org', '--password-stdin'], env, `${password}\n`);
    assert.equal(created.code, 0, created.stderr);
    assert.equal(created.stdout.trim(), 'Created platform administrator root@example.org');
    assert.equal(created.stderr, '');

    const api = startKheti(['serve'], { ...env, LOG_LEVEL: 'info' });
    try {
      const url = await api.serving(120_000); // a busy machine starts it slowly
      const signIn = async (pass: string) =>
        fetch(`${url}/oauth/token`, {
          method: 'POST',
          body: new URLSearchParams({ grant_type: 'password', username: 'root@example.org', password: pass }),
        });
      const ok = await signIn(password);
      assert.equal(ok.status, 200, await ok.clone().text());
      assert.equal(((await ok.json()) as { token_type: string }).token_type, 'Bearer');
      // The newline that ended the line on stdin is not part of the password.
      assert.equal((await signIn(`${password}\n`)).status, 400);
    } finally {
      await api.stop();
    }
  });

  it('still takes --password, warning that other users of the machine can read it', async () => {
    const run = await runKheti(['admin', 'create', '--email', 'second@example.org', '--password', 'another long one 8'], env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /^kheti: warning: a password given with --password is visible to other users of this machine/);
  });

  it('refuses a backfill of a state Agmarknet does not write that way, naming the close ones', async () => {
    const official = await runKheti(
      ['backfill', 'market-prices', '--from', '2025-04-04', '--to', '2025-04-05', '--state', 'Chhattisgarh'],
      env,
    );
    assertUsageError(
      official,
      ['--state Chhattisgarh'],
      /--state "Chhattisgarh" is not a state as Agmarknet writes it; did you mean Chattisgarh\?$/,
    );
    const typo = await runKheti(['backfill', 'market-prices', '--from', '2025-04-04', '--to', '2025-04-05', '--state', 'Maharastra'], env);
    assertUsageError(typo, ['--state Maharastra'], /did you mean Maharashtra\?$/);
    const code = await runKheti(['backfill', 'market-prices', '--from', '2025-04-04', '--to', '2025-04-05', '--state', 'PY'], env);
    assertUsageError(code, ['--state PY'], /did you mean Pondicherry\?$/);
    const nothing = await runKheti(['backfill', 'market-prices', '--from', '2025-04-04', '--to', '2025-04-05', '--state', 'Atlantis'], env);
    assertUsageError(nothing, ['--state Atlantis'], /use one of Andaman and Nicobar, Andhra Pradesh, .*West Bengal$/);
  });

  it('reports a backfill’s progress off a terminal as lines with counts and an ETA', async () => {
    const run = await runKheti(
      ['backfill', 'market-prices', '--from', '2025-04-04', '--to', '2025-04-07', '--state', 'andhra pradesh'],
      env,
    );
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stderr.trimEnd().split('\n');
    // The first day done is reported at once, with an estimate of the rest; the last line says it is over.
    assert.match(lines[0]!, /^backfill: [1-3]\/4 days \(\d{1,2}%\), ETA \d+ (s|min \d\d s)$/);
    assert.match(lines.at(-1)!, /^backfill: 4\/4 days \(100%\), done in \d+ s$/);
    assert.ok(
      lines.every((line) => line.startsWith('backfill: ')),
      run.stderr,
    );
    assert.match(run.stdout, /^Backfill 2025-04-04\.\.2025-04-07 from /);
  });
});
