#!/usr/bin/env node
// `npm start`, `npm install` and `npm test` build only what is older than what it is built from, as
// make would: a second start of an unchanged checkout skips the TypeScript compiler and Vite
// (seconds) for a walk of the sources (tens of milliseconds). Directories count too, so a deleted or
// renamed source file also rebuilds. Arguments name the targets (`server`, `console`); none means both.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const TARGETS = {
  server: { stamp: 'dist/.build-stamp', inputs: ['src', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'], script: 'build' },
  console: {
    stamp: 'console/dist/.build-stamp',
    inputs: ['console', 'package-lock.json'],
    script: 'build:console',
    tool: 'node_modules/vite',
  },
};
/** Build outputs and caches inside an input directory are not sources. */
const NOT_SOURCES = new Set(['dist', 'node_modules', '.vite']);

function newestChange(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path)
    .filter((name) => !NOT_SOURCES.has(name))
    .reduce((newest, name) => Math.max(newest, newestChange(join(path, name))), stat.mtimeMs);
}

function buildIfStale(name) {
  const target = TARGETS[name];
  const builtAt = statSync(target.stamp, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  if (builtAt > Math.max(...target.inputs.map(newestChange))) return;
  // An install without development dependencies (a server image) has no bundler: the API runs
  // without the console, and `/` sends a browser to the API documentation instead.
  if (target.tool && !existsSync(target.tool)) {
    console.warn(`${name}: ${target.tool} is not installed; not built`);
    return;
  }
  const startedAt = Date.now();
  const build = spawnSync('npm', ['run', target.script, '--silent'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  // Stamped with the time the build began: a source saved during the build makes the next start rebuild.
  const began = new Date(startedAt);
  writeFileSync(target.stamp, `${began.toISOString()}\n`);
  utimesSync(target.stamp, began, began);
}

const names = process.argv.slice(2);
for (const name of names.length ? names : Object.keys(TARGETS)) {
  if (!(name in TARGETS)) throw new Error(`unknown build target ${name}: one of ${Object.keys(TARGETS).join(', ')}`);
  buildIfStale(name);
}
