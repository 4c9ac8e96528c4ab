import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Loopback {
  /** http://127.0.0.1:<port>, no trailing slash. */
  baseUrl: string;
  /** Ends every open connection (a stub may be holding answers back), then stops listening. */
  close(): Promise<void>;
}

/**
 * The HTTP server under every vendor stub: on 127.0.0.1 and a free port (or `port`, so that a stub
 * stopped for an outage comes back where its clients look for it), a handler that throws ends its
 * response instead of the test run, and close() never waits on a kept-alive socket.
 */
export async function listenLoopback(handle: (req: IncomingMessage, res: ServerResponse) => Promise<unknown>, port = 0): Promise<Loopback> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
