import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { Layout } from '../layout.js';
import { certFile } from '../parts/nginx.js';
import { DATABASE, socketDir } from '../parts/postgres.js';
import { sleep } from '../processes.js';
import { TopologyClient } from './client.js';
import { DRILLS, type DrillContext, type DrillResult } from './drills.js';
import { MixedLoad } from './load.js';
import { TopologyParts } from './parts.js';

/**
 * `topology drill`: the drills one after another under one steady mixed load through nginx,
 * then a count in the database of every write that was acknowledged (lost?) and of every name
 * written more than once (duplicated by a retry?). Results go to drills.json and a table.
 */
export async function drill(layout: Layout, options: { short: boolean }): Promise<number> {
  const parts = new TopologyParts(layout);
  const { url } = parts.topology;
  const client = new TopologyClient(url, readFileSync(certFile(layout), 'utf8'));
  const runId = randomUUID().slice(0, 8);
  const session = await signIn(client, parts, runId);
  const load = new MixedLoad(client, { token: () => session.token, fieldId: session.fieldId, runId });
  const context: DrillContext = {
    layout,
    parts,
    client,
    load,
    token: session.token,
    fieldId: session.fieldId,
    settleMs: options.short ? 3000 : 10_000,
  };

  const results: DrillResult[] = [];
  load.start();
  await sleep(options.short ? 2000 : 5000); // a steady state before the first fault
  try {
    for (const run of DRILLS) {
      // Each fault starts from a steady state, so that what it measures is its own doing.
      await steady(load);
      console.log(`drill: ${run.name} …`);
      const result = await run.run(context);
      results.push(result);
      console.log(`drill: ${run.name}: ${result.passed ? 'passed' : 'FAILED'} (${result.detail})`);
    }
  } finally {
    await load.stop();
    client.close();
  }

  const writes = await countWrites(layout, runId, load);
  const report = {
    at: new Date().toISOString(),
    short: options.short,
    load: { requests: load.outcomes.length, acknowledgedWrites: load.acknowledged.size, writesGivenUp: load.writesGivenUp },
    writes,
    drills: results,
    passed: results.every((r) => r.passed) && writes.lost === 0 && writes.duplicated === 0,
  };
  const file = join(layout.runDir, 'drills.json');
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  printTable(report);
  console.log(`\ndrill: ${report.passed ? 'all passed' : 'FAILED'}; details in ${file}`);
  return report.passed ? 0 : 1;
}

/** Waits until the load has run for 3 s without a failed request (at most a minute). */
async function steady(load: MixedLoad) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const recent = load.window(Date.now() - 3000);
    if (recent.length > 0 && recent.every((o) => o.ok)) return;
    await sleep(500);
  }
  throw new Error('the load did not settle without errors within a minute');
}

/** A tenant of the drill's own, made by the platform administrator, with one field to read. */
async function signIn(client: TopologyClient, parts: TopologyParts, runId: string) {
  const { admin } = parts.topology;
  const password = readFileSync(admin.passwordFile, 'utf8').trim();
  const ok = async (method: string, path: string, token: string | undefined, body: unknown) => {
    const answer = await client.call(method, path, { token, body });
    if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body as Record<string, string>;
  };
  const grant = (tenant?: string) =>
    ok('POST', '/oauth/token', undefined, { grant_type: 'password', username: admin.email, password, ...(tenant ? { tenant } : {}) });
  const slug = `drill-${runId}`;
  await ok('POST', '/v1/tenants', (await grant()).access_token, { name: `Drill ${runId}`, slug });
  const token = (await grant(slug)).access_token!;
  const farmer = await ok('POST', '/v1/farmers', token, { name: 'Drill field owner', state: 'Maharashtra' });
  const farm = await ok('POST', '/v1/farms', token, { farmerId: farmer.id, name: 'Drill farm' });
  const [lat, lon, d] = [19.99, 73.79, 0.002];
  const boundary = {
    type: 'Polygon',
    coordinates: [
      [
        [lon, lat],
        [lon + d, lat],
        [lon + d, lat + d],
        [lon, lat + d],
        [lon, lat],
      ],
    ],
  };
  const field = await ok('POST', '/v1/fields', token, { farmId: farm.id, name: 'Drill plot', boundary });
  return { token, fieldId: field.id! };
}

/** Every acknowledged write, looked for on the primary; and every name stored more than once. */
async function countWrites(layout: Layout, runId: string, load: MixedLoad) {
  const db = new pg.Client({ host: socketDir(layout), port: layout.ports.postgresPrimary, user: 'postgres', database: DATABASE });
  await db.connect();
  try {
    const ids = [...load.acknowledged.values()];
    const found = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM farmers WHERE id = ANY($1::uuid[])', [ids]);
    const duplicated = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM (SELECT name FROM farmers WHERE name LIKE $1 GROUP BY name HAVING count(*) > 1) d',
      [`drill-${runId}-%`],
    );
    return { acknowledged: ids.length, lost: ids.length - found.rows[0]!.n, duplicated: duplicated.rows[0]!.n };
  } finally {
    await db.end();
  }
}

function printTable(report: { drills: DrillResult[]; writes: { acknowledged: number; lost: number; duplicated: number } }) {
  const widths = [34, 10, 9, 15, 13, 8];
  const line = (cells: (string | number)[]) => console.log(cells.map((c, i) => String(c).padEnd(widths[i] ?? 0)).join(' '));
  console.log('');
  line(['DRILL', 'REQUESTS', 'FAILED', 'ERRORS FOR (s)', 'RECOVERY (s)', 'RESULT']);
  for (const r of report.drills) {
    line([r.name, r.requests, r.failedRequests, seconds(r.errorsForMs), seconds(r.recoveryMs), r.passed ? 'passed' : 'FAILED']);
  }
  const { acknowledged, lost, duplicated } = report.writes;
  console.log(`\nacknowledged writes: ${acknowledged}, lost: ${lost}, duplicated: ${duplicated}`);
}

const seconds = (ms: number | null) => (ms === null ? '-' : (ms / 1000).toFixed(1));
