import { WebSocket } from 'ws';

/** An event-stream message as the server sends it. */
export interface Envelope {
  type: string;
  id: string;
  at: string;
  data: Record<string, unknown>;
}

/** A WebSocket client of GET /v1/ws that records what it receives and how it ended. */
export interface StreamClient {
  socket: WebSocket;
  messages: Envelope[];
  /** Settles with the close code and reason. */
  closed: Promise<{ code: number; reason: string }>;
  /** Waits until `count` messages have arrived (or fails after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<Envelope[]>;
  close(): void;
}

export interface ConnectOptions {
  token?: string;
  /** How the token travels: the Authorization header (default), ?access_token= or the subprotocol. */
  via?: 'header' | 'query' | 'protocol';
  query?: Record<string, string>;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A refused upgrade: the HTTP status, content type and body the server answered instead. */
export class RefusedUpgrade extends Error {
  constructor(
    readonly status: number,
    readonly contentType: string,
    readonly body: string,
  ) {
    super(`upgrade refused with ${status}: ${body}`);
  }
}

/** Opens a stream on `base` (http://host:port); rejects with RefusedUpgrade when the server answers without upgrading. */
export function connectStream(base: string, options: ConnectOptions = {}): Promise<StreamClient> {
  const url = new URL('/v1/ws', base.replace(/^http/, 'ws'));
  for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.set(name, value);
  const via = options.via ?? 'header';
  if (options.token && via === 'query') url.searchParams.set('access_token', options.token);
  const protocols = options.token && via === 'protocol' ? ['kheti.v1', `bearer.${options.token}`] : undefined;
  const headers = options.token && via === 'header' ? { authorization: `Bearer ${options.token}` } : undefined;
  const socket = new WebSocket(url, protocols, { headers });
  const messages: Envelope[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data)) as Envelope));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.on('close', (code, reason) => resolve({ code, reason: String(reason) }));
  });
  return new Promise((resolve, reject) => {
    socket.on('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk));
      response.on('end', () => reject(new RefusedUpgrade(response.statusCode ?? 0, String(response.headers['content-type']), body)));
    });
    socket.on('error', reject);
    socket.on('open', () =>
      resolve({
        socket,
        messages,
        closed,
        async waitFor(count, timeoutMs = 10_000) {
          const until = Date.now() + timeoutMs;
          while (messages.length < count) {
            if (Date.now() > until)
              throw new Error(`waited for ${count} messages, got ${messages.length}: ${JSON.stringify(messages.map((m) => m.type))}`);
            await sleep(10);
          }
          return messages;
        },
        close: () => socket.close(),
      }),
    );
  });
}
