#!/usr/bin/env node
// `npm start` builds only when dist/ is older than what it is built from, as make would: a second
// start of an unchanged checkout skips the TypeScript compiler (seconds) for a walk of src/ (tens
// of milliseconds). Directories count too, so a deleted or renamed source file also rebuilds.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const STAMP = 'dist/.build-stamp';
const INPUTS = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

function newestChange(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestChange(join(path, name))), stat.mtimeMs);
}

const builtAt = statSync(STAMP, { throwIfNoEntry: false })?.mtimeMs ?? 0;
const sourcesAt = Math.max(...INPUTS.map(newestChange));
if (builtAt > sourcesAt) process.exit(0);

const startedAt = Date.now();
const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
// Stamped with the time the build began: a source saved during the build makes the next start rebuild.
const began = new Date(startedAt);
writeFileSync(STAMP, `${began.toISOString()}\n`);
utimesSync(STAMP, began, began);
