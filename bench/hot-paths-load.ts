/**
 * The load generator of bench/hot-paths.ts, in a process of its own so that its CPU is not the
 * server's: autocannon against one URL, printing one JSON line with what the 2xx answers showed.
 *
 *   node --import tsx bench/hot-paths-load.ts '<json of LoadPlan>'
 *
 * A plan with `patch` sends PATCH with If-Match: each request takes a record from a shared pool
 * (so no two connections edit the same record at once), sends its current ETag, and puts the
 * record back with the ETag its answer carried.
 */
import autocannon from 'autocannon';

export interface LoadPlan {
  url: string;
  headers: Record<string, string>;
  connections: number;
  seconds: number;
  patch?: { records: { path: string; etag: string }[] };
}

export interface LoadResult {
  ok: number;
  other: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

const plan = JSON.parse(process.argv[2]!) as LoadPlan;

type EditedRecord = { path: string; etag: string };
const free: EditedRecord[] = [...(plan.patch?.records ?? [])];
let edits = 0;

const requests = plan.patch
  ? [
      {
        method: 'PATCH' as const,
        setupRequest: (request: autocannon.Request, context: { record?: EditedRecord }) => {
          const record = free.shift();
          if (!record) throw new Error('more connections than records to edit');
          context.record = record;
          return {
            ...request,
            path: record.path,
            headers: { ...request.headers, 'content-type': 'application/json', 'if-match': record.etag },
            body: JSON.stringify({ name: `Plot edit ${++edits}` }),
          };
        },
        onResponse: (status: number, _body: string, context: { record?: EditedRecord }, headers: Record<string, string>) => {
          const record = context.record!;
          if (status === 200 && headers.etag) record.etag = headers.etag;
          free.push(record);
        },
      },
    ]
  : undefined;

const result = await autocannon({
  url: plan.url,
  connections: plan.connections,
  duration: plan.seconds,
  headers: plan.headers,
  // The typings lag autocannon 9: setupRequest and onResponse take the context as documented.
  ...(requests ? { requests: requests as unknown as autocannon.Options['requests'] } : {}),
});

// autocannon records latencies of 2xx answers only; req/s counts only 2xx too.
const out: LoadResult = {
  ok: result['2xx'],
  other: result.non2xx,
  errors: result.errors + result.timeouts,
  seconds: result.duration,
  perSecond: result['2xx'] / result.duration,
  p50Ms: result.latency.p50,
  p99Ms: result.latency.p99,
};
process.stdout.write(`${JSON.stringify(out)}\n`);
