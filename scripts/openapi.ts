/**
 * Writes the HTTP contract as files: the OpenAPI document the app serves at /openapi.json
 * (docs/openapi.json) and the typed client's types generated from it by openapi-typescript
 * (client/schema.d.ts). With --check it writes nothing and fails, naming the files, when either
 * differs from what the route schemas make now: CI runs that, so the committed client never lags.
 *
 *   npm run client:generate   write both
 *   npm run client:check      compare both
 *   npm run openapi           write the document alone (--out <path> elsewhere: the release attaches it,
 *                             and a test compares it with the committed one without touching the checkout)
 *
 * The app is built in embedded mode on a throwaway data directory, with the configuration's
 * defaults rather than this machine's environment: the document is the same everywhere.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';

const DOCUMENT = 'docs/openapi.json';
const SCHEMA = 'client/schema.d.ts';
const HEADER = '// Generated from docs/openapi.json by `npm run client:generate` (openapi-typescript). Do not edit.\n\n';

async function buildDocument(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kheti-openapi-'));
  try {
    const app = await buildApp(loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'silent', DATA_DIR: dataDir }));
    try {
      return `${JSON.stringify(app.swagger(), null, 2)}\n`;
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function buildSchema(document: string): Promise<string> {
  const nodes = await openapiTS(document, { alphabetize: false, rootTypes: false });
  return HEADER + astToString(nodes);
}

const read = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

const document = await buildDocument();
// The last --out wins, so `npm run openapi -- --out <path>` overrides the script's own.
const outIndex = process.argv.lastIndexOf('--out');
const documentOnlyPath = outIndex >= 0 ? process.argv[outIndex + 1] : undefined;
const files: Record<string, string> = documentOnlyPath ? {} : { [DOCUMENT]: document, [SCHEMA]: await buildSchema(document) };

if (documentOnlyPath) {
  writeFileSync(documentOnlyPath, document);
  console.log(`Wrote ${documentOnlyPath}.`);
} else if (process.argv.includes('--check')) {
  const stale = Object.entries(files)
    .filter(([path, text]) => read(path) !== text)
    .map(([path]) => path);
  if (stale.length > 0) {
    console.error(`Out of date with the route schemas: ${stale.join(', ')}. Run npm run client:generate and commit the result.`);
    process.exit(1);
  }
  console.log(`${Object.keys(files).join(' and ')} are current.`);
} else {
  for (const [path, text] of Object.entries(files)) writeFileSync(path, text);
  console.log(`Wrote ${Object.keys(files).join(' and ')}.`);
}
