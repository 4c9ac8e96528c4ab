import { getAccessToken, refreshTokens } from '../auth/tokens';

/** One event as Kheti's stream sends it (GET /v1/ws): `notification.created`, `job.progress`, … */
export interface RealtimeEvent {
  type: string;
  /** A UUIDv7: ids sort in the order events were raised, so the last one seen is where to resume. */
  id: string;
  at: string;
  data: Record<string, unknown>;
}

export type RealtimeStatus = 'stopped' | 'connecting' | 'open' | 'waiting';

/** The subprotocol Kheti speaks; a browser cannot set an Authorization header, so the token rides beside it. */
const PROTOCOL = 'kheti.v1';
/** Kheti's own close codes: the access token expired (4401), the member's rights changed (4403). */
const CLOSE_EXPIRED = 4401;
const CLOSE_RIGHTS = 4403;
const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;

let socket: WebSocket | undefined;
let types: string[] = [];
let lastEventId: string | undefined;
let attempt = 0;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let status: RealtimeStatus = 'stopped';
const eventListeners = new Set<(event: RealtimeEvent) => void>();
const statusListeners = new Set<(status: RealtimeStatus) => void>();

function setStatus(next: RealtimeStatus): void {
  status = next;
  for (const listener of statusListeners) listener(next);
}

export const realtimeStatus = (): RealtimeStatus => status;

/** Calls `listener` with every event of the stream; returns the unsubscribe. */
export function onRealtimeEvent(listener: (event: RealtimeEvent) => void): () => void {
  eventListeners.add(listener);
  return () => eventListeners.delete(listener);
}

/** Calls `listener` whenever the connection opens, drops or stops; returns the unsubscribe. */
export function onRealtimeStatus(listener: (status: RealtimeStatus) => void): () => void {
  statusListeners.add(listener);
  return () => statusListeners.delete(listener);
}

/**
 * Opens the signed-in user's event stream, asking only for events whose type starts with one of
 * `typePrefixes` (a phone need not receive every analysis' progress). It reconnects by itself with a
 * growing, jittered delay, resuming with `since` the last event id seen so nothing is missed.
 */
export function startRealtime(typePrefixes: string[]): void {
  if (status !== 'stopped') return;
  types = typePrefixes;
  lastEventId = undefined;
  attempt = 0;
  setStatus('connecting');
  connect();
}

/** Closes the stream and forgets where it was (sign-out). */
export function stopRealtime(): void {
  clearTimeout(retryTimer);
  const open = socket;
  socket = undefined;
  setStatus('stopped');
  open?.close(1000, 'signed out');
}

function streamUrl(): string {
  const url = new URL('/v1/ws', location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  if (types.length > 0) url.searchParams.set('types', types.join(','));
  if (lastEventId) url.searchParams.set('since', lastEventId);
  return url.href;
}

function connect(): void {
  const token = getAccessToken();
  if (!token) {
    void renewThenRetry();
    return;
  }
  setStatus('connecting');
  const current = new WebSocket(streamUrl(), [PROTOCOL, `bearer.${token}`]);
  socket = current;
  let opened = false;
  current.onopen = () => {
    opened = true;
    attempt = 0;
    setStatus('open');
  };
  current.onmessage = (message) => {
    const event = parseEvent(message.data);
    if (!event) return;
    lastEventId = event.id;
    for (const listener of eventListeners) listener(event);
  };
  current.onclose = (close) => {
    if (socket !== current) return;
    socket = undefined;
    // An expired token closes an open stream with 4401; a refused upgrade (a stale token, most often)
    // never opens. Both need a fresh token; other closes (server restart, slow reader, a dropped
    // mobile link) only need patience.
    if (close.code === CLOSE_EXPIRED || close.code === CLOSE_RIGHTS || !opened) void renewThenRetry();
    else retryLater();
  };
}

async function renewThenRetry(): Promise<void> {
  // A rejected refresh token signs the user out (tokens.ts), and signing out stops this client.
  await refreshTokens().catch(() => undefined);
  if (status !== 'stopped') retryLater();
}

function retryLater(): void {
  if (status === 'stopped') return;
  setStatus('waiting');
  // Jitter spreads the reconnections of many phones after a server restart.
  const delay = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** attempt) * (0.5 + Math.random() / 2);
  attempt += 1;
  clearTimeout(retryTimer);
  retryTimer = setTimeout(connect, delay);
}

function parseEvent(raw: unknown): RealtimeEvent | undefined {
  if (typeof raw !== 'string') return undefined;
  try {
    const event = JSON.parse(raw) as Partial<RealtimeEvent>;
    if (typeof event.type !== 'string' || typeof event.id !== 'string') return undefined;
    return { type: event.type, id: event.id, at: String(event.at ?? ''), data: event.data ?? {} };
  } catch {
    return undefined;
  }
}
