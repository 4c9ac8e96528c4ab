/**
 * The WebSocket clients of bench/ws-fanout.ts, in a process of their own so that their CPU is not
 * the servers': opens every socket of the plan on GET /v1/ws, then records, for each message of a
 * measured event, receive time − raise time (both epoch ms of this machine's clock) and which of its
 * tenant's events each socket got. Driven over stdin/stdout, one JSON line each way:
 *
 *   node --import tsx bench/ws-fanout-clients.ts '<json of ClientPlan>'
 *   → {"phase":"open",…} once every socket is open (or has failed for good)
 *   ← "report <json of Raised>" → {"phase":"report",…}
 *   ← "close" (or end of stdin): closes the sockets and exits
 */
import { createInterface } from 'node:readline';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { WebSocket } from 'ws';

export interface ClientPlan {
  sockets: number;
  /** Base URLs (http://host:port) of the API processes. */
  servers: string[];
  /** Per tenant, the access tokens its sockets take in turn. */
  tokens: string[][];
  /** Upgrades in flight at once while opening. */
  concurrency: number;
}

export interface OpenResult {
  phase: 'open';
  opened: number;
  failed: number;
  retries: number;
  /** Sockets open per server (index as in the plan). */
  perServer: number[];
  seconds: number;
  firstError?: string;
}

export interface ReportResult {
  phase: 'report';
  /** Messages of measured events received, and what every open socket should have received. */
  received: number;
  expected: number;
  missing: number;
  duplicates: number;
  /** Received out of its tenant's raise order (a later event arrived first). */
  outOfOrder: number;
  /** Messages of warm-up events (not measured). */
  warmup: number;
  /** Sockets closed by the server during the run, by close code. */
  closed: Record<string, number>;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  /** Epoch ms of the last measured message received. */
  lastReceivedAt: number;
  /** p99 of the messages of events raised in each successive 5 s of the run: a queue that grows shows here. */
  p99ByWindowMs: number[];
  /** This process's own event-loop delay while measuring (p99, max): a busy client delays what it reads. */
  clientLoopDelayP99Ms: number;
  clientLoopDelayMaxMs: number;
}

/** What the raiser raised: per tenant, the seq of its first measured event and how many there were. */
export interface Raised {
  firstSeq: number[];
  count: number[];
}

interface Bench {
  tenant: number;
  seq: number;
  measured: boolean;
  raisedAt: number;
}

const plan = JSON.parse(process.argv[2]!) as ClientPlan;
const nowMs = () => performance.timeOrigin + performance.now();
const tenants = plan.tokens.length;

/** Socket i: tenant i mod T, then the servers in turn, so each tenant's sockets are spread evenly over them. */
const placement = (i: number) => {
  const round = Math.floor(i / tenants);
  const server = round % plan.servers.length;
  const tokens = plan.tokens[i % tenants]!;
  return { tenant: i % tenants, server, token: tokens[Math.floor(round / plan.servers.length) % tokens.length]! };
};

interface Client {
  socket: WebSocket;
  tenant: number;
  /** Which measured seqs of its tenant arrived (grown on demand). */
  seen: Uint8Array;
  maxSeq: number;
}

const clients: Client[] = [];
const closed: Record<string, number> = {};
let latencies = new Float64Array(1 << 20);
let raisedAts = new Float64Array(1 << 20);
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
let count = 0;
let warmup = 0;
let duplicates = 0;
let outOfOrder = 0;
let lastReceivedAt = 0;
let closing = false;

function onMessage(client: Client, raw: WebSocket.RawData) {
  const receivedAt = nowMs();
  const bench = (JSON.parse(String(raw)) as { data: { bench?: Bench } }).data.bench;
  if (!bench) return;
  if (!bench.measured) {
    warmup++;
    return;
  }
  if (count === latencies.length) {
    const grown = new Float64Array(latencies.length * 2);
    grown.set(latencies);
    latencies = grown;
    const grownAts = new Float64Array(raisedAts.length * 2);
    grownAts.set(raisedAts);
    raisedAts = grownAts;
  }
  if (count === 0) loopDelay.enable();
  raisedAts[count] = bench.raisedAt;
  latencies[count++] = receivedAt - bench.raisedAt;
  lastReceivedAt = receivedAt;
  if (bench.seq >= client.seen.length) {
    const grown = new Uint8Array(Math.max(bench.seq + 1, client.seen.length * 2));
    grown.set(client.seen);
    client.seen = grown;
  }
  if (client.seen[bench.seq]) duplicates++;
  client.seen[bench.seq] = 1;
  if (bench.seq < client.maxSeq) outOfOrder++;
  client.maxSeq = Math.max(client.maxSeq, bench.seq);
}

function connect(i: number): Promise<Client> {
  const { tenant, server, token } = placement(i);
  const socket = new WebSocket(`${plan.servers[server]!.replace(/^http/, 'ws')}/v1/ws`, { headers: { authorization: `Bearer ${token}` } });
  const client: Client = { socket, tenant, seen: new Uint8Array(64), maxSeq: -1 };
  return new Promise((resolve, reject) => {
    socket.once('unexpected-response', (_request, response) => {
      response.resume();
      reject(new Error(`upgrade refused with ${response.statusCode}`));
    });
    socket.once('error', reject);
    socket.once('open', () => {
      socket.off('error', reject);
      socket.on('error', () => undefined);
      socket.on('message', (raw) => onMessage(client, raw));
      socket.on('close', (code) => {
        if (!closing) closed[code] = (closed[code] ?? 0) + 1;
      });
      resolve(client);
    });
  });
}

async function openAll(): Promise<OpenResult> {
  const started = nowMs();
  const perServer = new Array<number>(plan.servers.length).fill(0);
  let next = 0;
  let failed = 0;
  let retries = 0;
  let firstError: string | undefined;
  const lane = async () => {
    while (next < plan.sockets) {
      const i = next++;
      for (let attempt = 0; ; attempt++) {
        try {
          clients.push(await connect(i));
          perServer[placement(i).server]!++;
          break;
        } catch (error) {
          firstError ??= String(error);
          if (attempt === 5) {
            failed++;
            break;
          }
          retries++;
          await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
        }
      }
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, lane));
  return {
    phase: 'open',
    opened: clients.length,
    failed,
    retries,
    perServer,
    seconds: (nowMs() - started) / 1000,
    ...(firstError ? { firstError } : {}),
  };
}

function report(raised: Raised): ReportResult {
  const sorted = latencies.slice(0, count).sort();
  const at = (p: number) => sorted[Math.min(count - 1, Math.floor(count * p))] ?? 0;
  // Every socket still open should have every measured event of its tenant.
  let expected = 0;
  let received = 0;
  for (const client of clients) {
    if (client.socket.readyState !== WebSocket.OPEN) continue;
    const first = raised.firstSeq[client.tenant]!;
    const end = first + raised.count[client.tenant]!;
    expected += end - first;
    for (let seq = first; seq < end && seq < client.seen.length; seq++) received += client.seen[seq]!;
  }
  const byWindow: number[][] = [];
  const start = raisedAts.subarray(0, count).reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
  for (let i = 0; i < count; i++) (byWindow[Math.floor((raisedAts[i]! - start) / 5000)] ??= []).push(latencies[i]!);
  const p99ByWindowMs = [...byWindow].map((window) => {
    const w = (window ?? []).sort((a, b) => a - b);
    return w[Math.min(w.length - 1, Math.floor(w.length * 0.99))] ?? 0;
  });
  loopDelay.disable();
  return {
    phase: 'report',
    received: count,
    expected,
    missing: expected - received,
    duplicates,
    outOfOrder,
    warmup,
    closed,
    p50Ms: at(0.5),
    p90Ms: at(0.9),
    p99Ms: at(0.99),
    p999Ms: at(0.999),
    maxMs: sorted[count - 1] ?? 0,
    lastReceivedAt,
    p99ByWindowMs,
    clientLoopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    clientLoopDelayMaxMs: loopDelay.max / 1e6,
  };
}

function closeAll() {
  closing = true;
  for (const client of clients) client.socket.terminate();
  process.exit(0);
}

const commands = createInterface({ input: process.stdin });
commands.on('line', (line) => {
  if (line.startsWith('report ')) process.stdout.write(`${JSON.stringify(report(JSON.parse(line.slice(7)) as Raised))}\n`);
  if (line === 'close') closeAll();
});
commands.on('close', closeAll);

process.stdout.write(`${JSON.stringify(await openAll())}\n`);
