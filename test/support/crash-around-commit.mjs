// A fault point for process tests, loaded into a kheti process with `--import` (NODE_OPTIONS):
// the process kills itself with SIGKILL, as `kill -9` would, around the COMMIT of the first
// transaction that ran a statement matching KHETI_TEST_CRASH_STATEMENT (a regular expression).
// KHETI_TEST_CRASH_WHEN is `before-commit` (the transaction never commits: PostgreSQL rolls it
// back when the connection drops) or `after-commit` (PostgreSQL has committed it; nothing after
// runs). It patches the pg driver the process loads, not the application: the application runs
// unchanged up to the moment it dies.
import { createRequire } from 'node:module';

const statement = process.env.KHETI_TEST_CRASH_STATEMENT;
const when = process.env.KHETI_TEST_CRASH_WHEN;
if (statement && (when === 'before-commit' || when === 'after-commit')) {
  const pattern = new RegExp(statement);
  const pg = createRequire(import.meta.url)('pg');
  const query = pg.Client.prototype.query;
  const marked = Symbol('ran the statement');
  const die = () => process.kill(process.pid, 'SIGKILL');
  pg.Client.prototype.query = function (config, values, callback) {
    const text = typeof config === 'string' ? config : config?.text;
    if (typeof text === 'string' && pattern.test(text)) this[marked] = true;
    if (text === 'ROLLBACK') this[marked] = false;
    if (text === 'COMMIT' && this[marked]) {
      if (when === 'before-commit') die();
      const committed = query.call(this, config, values, callback);
      committed.then(die, die);
      return committed;
    }
    return query.call(this, config, values, callback);
  };
}
