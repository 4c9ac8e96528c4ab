/**
 * The ceiling for a cached answer: a bare node:http server, as many cluster workers as Kheti runs,
 * answering every request with one JSON body held in memory (no routing, no auth, no database).
 *
 *   node bench/bare-http.ts PORT WORKERS BODY_FILE     (Node ≥ 22.6 strips the types itself)
 */
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [port, workers, bodyFile] = [Number(process.argv[2]), Number(process.argv[3] ?? 2), process.argv[4]!];

if (cluster.isPrimary) {
  for (let i = 0; i < workers; i++) cluster.fork();
  process.once('SIGTERM', () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
    process.exit(0);
  });
} else {
  const body = readFileSync(bodyFile);
  createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
    response.end(body);
  }).listen(port, '127.0.0.1');
}
