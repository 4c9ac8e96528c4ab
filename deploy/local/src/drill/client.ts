import { Agent, request } from 'node:https';

export interface Answer {
  status: number;
  /** 0 when the request got no HTTP answer (refused, reset, timed out). */
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * A client of the topology's HTTPS endpoint that trusts its self-signed certificate and keeps
 * connections alive, as a mobile app or a browser would. Never throws: a failed exchange is an
 * answer with status 0.
 */
export class TopologyClient {
  private readonly agent: Agent;

  constructor(
    private readonly base: string,
    ca: string,
    maxSockets = 64,
  ) {
    this.agent = new Agent({ ca, keepAlive: true, maxSockets });
  }

  call(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
  ) {
    return new Promise<Answer>((resolve) => {
      const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
      const req = request(
        new URL(path, this.base),
        {
          method,
          agent: this.agent,
          timeout: options.timeoutMs ?? 15_000,
          headers: {
            ...(payload ? { 'content-type': 'application/json' } : {}),
            ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
            ...options.headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let body: unknown = text;
            try {
              body = text ? JSON.parse(text) : undefined;
            } catch {
              // not JSON (nginx's own error pages)
            }
            resolve({ status: res.statusCode ?? 0, body, headers: res.headers });
          });
          res.on('error', () => resolve({ status: 0, body: undefined, headers: {} }));
        },
      );
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', (error) => resolve({ status: 0, body: error.message, headers: {} }));
      req.end(payload);
    });
  }

  close() {
    this.agent.destroy();
  }
}
