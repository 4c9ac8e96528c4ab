#!/usr/bin/env node
// The `kheti` command. Runs the compiled CLI (npm install builds it; so does npm start).
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('kheti: not built yet. Run "npm run build" (npm install and npm start do it for you).');
  process.exit(1);
}
process.setSourceMapsEnabled(true);
const { run } = await import(cli.href);
await run();
