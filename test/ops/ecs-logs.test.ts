import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { FastifyPluginAsync } from 'fastify';
import { asPrincipal, buildTestApp, type TestApp } from '../support/app.js';
import { useProcessDeployment } from '../support/process-deployment.js';
import type { KhetiProcess } from '../support/process.js';
import { testServices } from '../support/services.js';
import { embeddedMode } from '../support/storage-modes.js';

/**
 * Kheti's log lines as Elasticsearch will read them: ECS field names on the lines real processes
 * write, nothing secret on them, and every field they carry mapped with a compatible type by the
 * index template Filebeat ships them into (deploy/filebeat/index-template.json).
 */

type Line = Record<string, unknown>;
type Mapping = { type?: string; properties?: Record<string, Mapping> };
type DynamicTemplate = Record<string, { match_mapping_type?: string; path_match?: string; mapping: Mapping }>;

const template = JSON.parse(readFileSync(new URL('../../deploy/filebeat/index-template.json', import.meta.url), 'utf8')) as {
  template: { mappings: { properties: Record<string, Mapping>; dynamic_templates: DynamicTemplate[] } };
};
const { properties, dynamic_templates: dynamicTemplates } = template.template.mappings;

const TOKEN = 'ecs-secret-token-77';
const BEARER = 'ecs-bearer-secret-88';
const PHONE = '9876543210';
const AADHAAR = '203456789010';
const SECRETS = [TOKEN, BEARER, PHONE, AADHAAR, '98765'];

const ALWAYS = ['@timestamp', 'ecs.version', 'log.level', 'message', 'service.name', 'process.pid'];
const ON_ACCESS = [
  'trace.id',
  'transaction.id',
  'url.path',
  'http.request.method',
  'http.response.status_code',
  'event.duration',
  'client.ip',
];
const ON_ERROR = ['error.type', 'error.message', 'error.stack_trace'];

/** A line's fields by dotted path, whether it wrote `{"url":{"path":…}}` or `{"url.path":…}` (Elasticsearch reads both alike). */
function flatten(value: unknown, prefix = '', into: Record<string, unknown> = {}): Record<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, into);
  } else into[prefix] = value;
  return into;
}

const jsonType = (value: unknown) =>
  typeof value === 'string' ? 'string' : typeof value === 'boolean' ? 'boolean' : Number.isInteger(value) ? 'long' : 'double';

/** The mapping Elasticsearch would use for a field, the template's own or a dynamic template's; or why it has none. */
function mappingOf(path: string, value: unknown): Mapping | string {
  let level: Record<string, Mapping> | undefined = properties;
  const segments = path.split('.');
  for (const [i, segment] of segments.entries()) {
    const node: Mapping | undefined = level?.[segment];
    if (!node) break;
    if (i === segments.length - 1) return node;
    if (node.type && node.type !== 'object') return `${segments.slice(0, i + 1).join('.')} is mapped as ${node.type}, not an object`;
    level = node.properties;
  }
  for (const entry of dynamicTemplates) {
    const rule = Object.values(entry)[0]!;
    const pathMatches = !rule.path_match || new RegExp(`^${rule.path_match.replaceAll('.', '\\.').replaceAll('*', '.*')}$`).test(path);
    if (pathMatches && (!rule.match_mapping_type || rule.match_mapping_type === jsonType(value))) return rule.mapping;
  }
  return 'not mapped';
}

function compatible(type: string | undefined, value: unknown): boolean {
  switch (type) {
    case 'keyword':
    case 'wildcard':
    case 'text':
    case 'match_only_text':
      return typeof value === 'string';
    case 'date':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value));
    case 'long':
      return Number.isInteger(value);
    case 'double':
      return typeof value === 'number';
    case 'ip':
      return typeof value === 'string' && isIP(value) !== 0;
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return false;
  }
}

/** The template maps every field of the lines with a type that takes its value; the fields named are mapped by the template itself. */
function assertMapped(lines: Line[], explicit: string[]) {
  for (const path of explicit) assert.ok(pathIsExplicit(path), `${path} is in the template's properties`);
  for (const line of lines) {
    for (const [path, value] of Object.entries(flatten(line))) {
      if (value === null) continue; // Elasticsearch indexes nothing for a null
      const values = Array.isArray(value) ? value : [value];
      for (const one of values) {
        const mapping = mappingOf(path, one);
        assert.ok(typeof mapping === 'object', `${path}: ${mapping} (${JSON.stringify(line)})`);
        assert.ok(compatible(mapping.type, one), `${path}: ${JSON.stringify(one)} does not fit ${mapping.type}`);
      }
    }
  }
}

function pathIsExplicit(path: string) {
  let level: Record<string, Mapping> | undefined = properties;
  let node: Mapping | undefined;
  for (const segment of path.split('.')) {
    node = level?.[segment];
    level = node?.properties;
  }
  return node?.type !== undefined;
}

function assertEcsLine(line: Line, service: string) {
  const fields = flatten(line);
  for (const field of ALWAYS) assert.notEqual(fields[field], undefined, `${field} on ${JSON.stringify(line)}`);
  assert.equal(fields['service.name'], service);
  assert.equal(fields['ecs.version'], '8.11.0');
  assert.match(String(fields['@timestamp']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.ok(['trace', 'debug', 'info', 'warn', 'error', 'fatal'].includes(String(fields['log.level'])));
  for (const old of ['msg', 'level', 'pid', 'reqId', 'service', 'err'])
    assert.equal(line[old], undefined, `no pre-ECS ${old} on ${JSON.stringify(line)}`);
}

function assertNoSecrets(lines: Line[]) {
  const text = JSON.stringify(lines);
  for (const secret of SECRETS) assert.ok(!text.includes(secret), `${secret} must not be logged`);
}

const jsonLines = (proc: KhetiProcess): Line[] =>
  proc
    .stdout()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Line);

describe('ECS logs of real kheti serve and kheti worker processes', { skip: testServices.embeddedOnly && 'embedded-only run' }, () => {
  const deployment = useProcessDeployment();
  let api: Line[];
  let worker: Line[];
  let refusedStatus: number;

  before(async () => {
    await deployment.migrate();
    const apiProcess = deployment.start(['serve']);
    const workerProcess = deployment.start(['worker']);
    const url = await apiProcess.serving();
    const answer = await fetch(`${url}/livez?access_token=${TOKEN}&phone=${PHONE}&village=Khed`, {
      headers: { 'x-request-id': 'ecs-access-1', 'user-agent': 'kheti-ecs-test/1.0' },
    });
    assert.equal(answer.status, 200);
    const refused = await fetch(`${url}/v1/farmers?aadhaar=${AADHAAR}`, {
      headers: { 'x-request-id': 'ecs-access-2', authorization: `Bearer ${BEARER}` },
    });
    refusedStatus = refused.status;
    for (let i = 0; i < 200 && !workerProcess.stdout().includes('worker started'); i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(await apiProcess.stop('SIGTERM'), 0, apiProcess.stderr());
    assert.equal(await workerProcess.stop('SIGTERM'), 0, workerProcess.stderr());
    api = jsonLines(apiProcess);
    worker = jsonLines(workerProcess);
  });

  it('write ECS lines from start to shutdown, each service under its own name', () => {
    assert.ok(api.some((line) => String(line.message).startsWith('Kheti is serving')));
    assert.ok(api.some((line) => line.message === 'shutdown complete'));
    assert.ok(worker.some((line) => line.message === 'worker started'));
    assert.ok(worker.some((line) => line.message === 'worker stopped'));
    for (const line of api) assertEcsLine(line, 'kheti-api');
    for (const line of worker) assertEcsLine(line, 'kheti-worker');
  });

  it('write one access line per request with the request id as trace and transaction id, the path without its query', () => {
    const access = api.filter((line) => line['trace.id'] === 'ecs-access-1');
    assert.equal(access.length, 1);
    const [line] = access as [Line];
    assert.equal(line['transaction.id'], 'ecs-access-1');
    assert.equal(line['url.path'], '/livez');
    assert.equal(line['url.query'], 'access_token=[redacted]&phone=[redacted]&village=Khed');
    assert.equal(line['http.request.method'], 'GET');
    assert.equal(line['http.response.status_code'], 200);
    assert.ok(Number.isInteger(line['event.duration']) && (line['event.duration'] as number) > 0, 'nanoseconds, a whole number');
    assert.equal(line['client.ip'], '127.0.0.1');
    assert.equal(line['user_agent.original'], 'kheti-ecs-test/1.0');
    const refused = api.find((candidate) => candidate['trace.id'] === 'ecs-access-2')!;
    assert.equal(refusedStatus, 401, 'the made-up bearer token is refused');
    assert.deepEqual([refused['url.path'], refused['http.response.status_code']], ['/v1/farmers', 401]);
  });

  it('never carry a token, the Authorization header or a phone or Aadhaar number', () => assertNoSecrets([...api, ...worker]));

  it('have every field mapped by the index template with a type that takes its value', () => {
    assertMapped(api, [...ALWAYS, ...ON_ACCESS, 'user_agent.original', 'url.query', 'url.full']);
    assertMapped(worker, ALWAYS);
  });
});

describe('ECS logs of a request that fails', () => {
  const lines: Line[] = [];
  let t: TestApp;
  const failing: FastifyPluginAsync = async (app) => {
    app.get('/probe/ecs-fail', { config: { permission: 'public' } }, async (request) => {
      throw new TypeError(`upstream refused ${request.url}`);
    });
  };
  before(async () => {
    t = await buildTestApp(embeddedMode, {
      env: { LOG_LEVEL: 'info' },
      plugins: [failing],
      logStream: { write: (line: string) => void lines.push(JSON.parse(line) as Line) },
    });
  });
  after(async () => t?.close());

  it('name the error by ECS error fields, its message and stack redacted, on the request trace', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: `/probe/ecs-fail?token=${TOKEN}&phone=${PHONE}`,
      headers: { ...asPrincipal({ tenantId: null }), 'x-request-id': 'ecs-error-1' },
    });
    assert.equal(response.statusCode, 500);
    const mine = lines.filter((line) => line['trace.id'] === 'ecs-error-1');
    assert.ok(mine.length > 0);
    for (const line of mine) assertEcsLine(line, 'kheti-api');
    const failed = mine.find((line) => line.message === 'unhandled error')!;
    assert.equal(failed['transaction.id'], 'ecs-error-1');
    assert.equal(failed['error.type'], 'TypeError');
    assert.match(String(failed['error.message']), /upstream refused \/probe\/ecs-fail\?token=\[redacted\]&phone=\[redacted\]/);
    assert.match(String(failed['error.stack_trace']), /^TypeError: upstream refused/);
    const access = mine.find((line) => line.message === 'request completed')!;
    assert.deepEqual([access['url.path'], access['http.response.status_code']], ['/probe/ecs-fail', 500]);
    assertNoSecrets(lines);
    assertMapped(lines, [...ALWAYS, ...ON_ERROR, ...ON_ACCESS]);
  });
});
