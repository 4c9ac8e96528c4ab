/**
 * Where a worker's CPU went, from a V8 .cpuprofile (node --cpu-prof): self time grouped by what
 * the code is part of (token verification, PostgreSQL client, Redis client, logging, metrics,
 * serialisation, Fastify, Node's HTTP and sockets), as shares of the busy (not idle) time. A frame
 * without a URL of its own (a native write, a builtin) counts for the nearest caller that has one,
 * and Node's own frames (sockets, streams, timers) count for the nearest library or application
 * frame above them: pino's synchronous file writes count as logging, pg's socket writes as the
 * PostgreSQL client, a response's writev as Fastify.
 *
 *   node --import tsx bench/profile-summary.ts PROFILE.cpuprofile [top=25]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** First match wins: a frame's URL (or name) tells what it is part of. */
const GROUPS: [string, RegExp][] = [
  ['idle', /^\(idle\)$/],
  ['start-up (loading modules)', /internal\/modules\/|source_map|cjs-module-lexer|compileForInternalLoader/],
  ['garbage collection', /^\(garbage collector\)$/],
  ['token verification (jose, WebCrypto)', /node_modules\/jose\/|internal\/crypto\/|auth\/tokens|auth\/keys|auth\/verified-tokens/],
  ['PostgreSQL client (pg, pg-protocol, parsing rows)', /node_modules\/(pg|pg-protocol|pg-types|postgres-[a-z]+|pg-pool)\/|infra\/db\//],
  [
    'Redis client (ioredis, rate-limit store)',
    /node_modules\/(ioredis|@ioredis|redis-parser|denque|cluster-key-slot|@fastify\/rate-limit)\/|http\/rate-limit/,
  ],
  [
    'logging (pino)',
    /node_modules\/(pino|pino-std-serializers|fast-redact|sonic-boom|thread-stream|@pinojs)\/|infra\/logger|url-redaction/,
  ],
  ['metrics (prom-client)', /node_modules\/(prom-client|tdigest|bintrees)\/|infra\/metrics/],
  [
    'serialisation (fast-json-stringify, JSON)',
    /node_modules\/(fast-json-stringify|fast-uri|json-schema-ref-resolver)\/|^JSON\.|stringify/,
  ],
  ['validation (ajv)', /node_modules\/(ajv|ajv-formats|fast-deep-equal)\//],
  ['security headers, CORS, load shedding', /node_modules\/@fastify\/(helmet|cors|under-pressure)\/|node_modules\/helmet\//],
  [
    'Fastify core, routing, hooks and writing the response',
    /node_modules\/(fastify|find-my-way|light-my-request|avvio|@fastify\/[a-z-]+|fastq|toad-cache|safe-regex2|ret|abstract-logging)\//,
  ],
  [
    'Node HTTP parsing, sockets and timers (no other caller)',
    /^node:|internal\/(http|streams|net|stream_base|timers|async_hooks|process|event_target|events|url|util|buffer|validators)|^(_http|net|events|stream|buffer|http)\b|llhttp|\(program\)/,
  ],
  ['uuid and ids', /node_modules\/uuid\//],
  ['Kheti application code', /\/(src|dist)\//],
];

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: profile-summary.ts PROFILE.cpuprofile [top]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));

const parentOf = new Map<number, ProfileNode>();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node);
const ownGroup = (node: ProfileNode) => {
  const { url, functionName } = node.callFrame;
  // A synchronous file write is its caller's (pino's sonic-boom), not Node's HTTP.
  if (url === 'node:fs') return undefined;
  return GROUPS.find(([, pattern]) => pattern.test(url || functionName) || pattern.test(functionName))?.[0];
};
const NODE = 'Node HTTP parsing, sockets and timers (no other caller)';
const groupOf = (node: ProfileNode): string => {
  let nodeInternal = false;
  for (let at: ProfileNode | undefined = node; at; at = parentOf.get(at.id)) {
    const group = ownGroup(at);
    if (group === NODE) nodeInternal = true;
    else if (group) return group;
  }
  return nodeInternal ? NODE : 'other (V8 builtins, native)';
};

// Steady state: from the first sample inside a token verification (the first request) on, so the
// start-up (loading modules, compiling schemas) stays out of the shares.
const inVerification = (id: number) => {
  for (let at = byId.get(id); at; at = parentOf.get(at.id)) if (at.callFrame.functionName === 'verifyAccessToken') return true;
  return false;
};
const firstRequest = Math.max(0, profile.samples.findIndex(inVerification));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => {
  if (i >= firstRequest) selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
const idle = [...selfUs].filter(([id]) => byId.get(id)!.callFrame.functionName === '(idle)').reduce((a, [, us]) => a + us, 0);
const busy = total - idle;
const groups = new Map<string, number>();
const functions = new Map<string, number>();
for (const [id, us] of selfUs) {
  const node = byId.get(id)!;
  groups.set(groupOf(node), (groups.get(groupOf(node)) ?? 0) + us);
  const { functionName, url, lineNumber } = node.callFrame;
  const name = `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(src|dist)\//, '$1/')}:${lineNumber + 1}`;
  functions.set(name, (functions.get(name) ?? 0) + us);
}
const pct = (us: number) => `${((100 * us) / busy).toFixed(1)} %`;
console.log(
  `${file}: ${(total / 1e6).toFixed(1)} s profiled from the first request on, ${(busy / 1e6).toFixed(1)} s busy (shares below are of busy time)\n`,
);
console.log('| part | self time | share of busy |');
console.log('| --- | ---: | ---: |');
for (const [group, us] of [...groups].sort((a, b) => b[1] - a[1])) {
  if (group !== 'idle') console.log(`| ${group} | ${(us / 1e3).toFixed(0)} ms | ${pct(us)} |`);
}
console.log(`\ntop ${topArg ?? 25} functions by self time:`);
for (const [name, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg ?? 25))) {
  console.log(`  ${pct(us).padStart(7)}  ${name}`);
}
