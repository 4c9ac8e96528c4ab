#!/usr/bin/env node
// Runs every test file under test/ with node:test through tsx. Node 20's --test does not expand
// globs itself, so the files are listed here; extra arguments narrow the run to matching paths.
// Every test process loads test/support/loopback-guard.ts first: a connection to anything but
// this machine fails the test that made it.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function findTests(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return findTests(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const filters = process.argv.slice(2);
const files = findTests('test')
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ')}`);
  process.exit(1);
}
// The time limit also binds each file as a whole: the process suites start real kheti processes
// one after another and take 60-100 s on a busy two-core machine, so a file gets five minutes; a
// hang still fails the run.
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--import', './test/support/loopback-guard.ts', '--test', '--test-concurrency=2', '--test-timeout=300000', ...files],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
process.exit(result.status ?? 1);
