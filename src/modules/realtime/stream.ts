import type { WebSocket } from 'ws';
import type { BusEvent, EventBus, Unsubscribe } from '../../infra/events/index.js';
import type { Metrics } from '../../infra/metrics.js';
import { sees, type Audience } from './audience.js';
import { eventIdTime } from './event-ids.js';
import type { PublishedEvent, StoredEvent } from './store.js';
import { tenantChannel } from './store.js';

/** Close codes: 1001 going away, 1013 try again later (too slow); 4401/4403 are ours (cf. HTTP 401/403). */
export const CLOSE = { shutdown: 1001, slow: 1013, expired: 4401, rights: 4403, error: 1011 } as const;

/** Events read per replay query. */
const REPLAY_PAGE = 500;
/** Live events held while the replay runs; a replay that cannot keep up with them is too slow. */
const MAX_HELD = 10_000;
/** How late after its commit an event may still be announced on the bus (a slow publish, skewed clocks). */
const LATE_ANNOUNCEMENT_MS = 30_000;
/** How long a closing socket may take to answer our close frame before it is cut. */
const CLOSE_GRACE_MS = 5_000;

export interface StreamSettings {
  retentionDays: number;
  sendBufferBytes: number;
  pingIntervalMs: number;
  rightsCheckMs: number;
}

export interface StreamDeps {
  events: EventBus;
  metrics: Metrics;
  settings: StreamSettings;
  logger: { warn(obj: object, msg: string): void };
}

export interface StreamOptions {
  tenantId: string;
  audience: Audience;
  /** Replay what came after this event id first. */
  since?: string;
  /** Epoch ms at which the access token expires. */
  expiresAt: number;
  /** The caller's events after an id, oldest first, as their rights let them see (row-level security). */
  readAfter(afterId: string, limit: number): Promise<StoredEvent[]>;
  /** Reads the caller's rights again: their farmer record (as Audience.farmerId), or null when they are gone or changed. */
  recheck(): Promise<{ farmerId: Audience['farmerId'] } | null>;
}

type Reason = 'slow' | 'expired' | 'rights' | 'dead' | 'shutdown' | 'error';

/**
 * A live event's envelope as the bytes of a text frame, made once per event and process: the bus
 * hands every handler of a channel the same object, so the tenant's thousands of sockets on this
 * process share one serialisation and one buffer instead of making one each.
 */
const envelopes = new WeakMap<PublishedEvent, { bytes: Buffer; raisedAt: number }>();
function envelopeOf(event: PublishedEvent): { bytes: Buffer; raisedAt: number } {
  let envelope = envelopes.get(event);
  if (!envelope) {
    const bytes = Buffer.from(JSON.stringify({ type: event.type, id: event.id, at: event.at, data: event.data }));
    envelope = { bytes, raisedAt: Date.parse(event.at) };
    envelopes.set(event, envelope);
  }
  return envelope;
}

/**
 * One socket's event stream. Live events are subscribed to first and held while the store replays
 * what came after `since`; the held ones then follow, less those the replay already sent, so the
 * seam has neither a gap nor a duplicate. Sending never waits for a slow reader: once more than
 * `sendBufferBytes` are unsent the socket is closed with 1013, and other sockets are not held up.
 */
export class EventStream {
  private unsubscribe: Unsubscribe | undefined;
  /** Live events that arrived during the replay; null once live events are sent as they come. */
  private held: PublishedEvent[] | null = [];
  /**
   * Recent events the replay sent: one committed before the replay read it may still be announced
   * after the replay ends, and is not sent twice. Forgotten once announcements that late are past.
   */
  private replayed = new Set<string>();
  private closed = false;
  private alive = true;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly socket: WebSocket,
    private readonly options: StreamOptions,
    private readonly deps: StreamDeps,
  ) {}

  async start(): Promise<void> {
    const { socket, options, deps } = this;
    deps.metrics.wsOpen.inc();
    socket.on('close', () => this.stop());
    socket.on('pong', () => {
      this.alive = true;
    });
    // The token's own end: the client reconnects with a fresh token and ?since=.
    this.timers.push(
      setTimeout(() => this.close('expired', CLOSE.expired, 'access token expired'), Math.max(0, options.expiresAt - Date.now())),
    );
    this.timers.push(setInterval(() => this.ping(), deps.settings.pingIntervalMs));
    this.timers.push(setInterval(() => void this.checkRights(), deps.settings.rightsCheckMs));

    this.unsubscribe = await deps.events.subscribe(tenantChannel(options.tenantId), (event) => this.onLive(event as PublishedEvent));
    if (this.closed) {
      await this.unsubscribe();
      return;
    }
    if (options.since) await this.replay(options.since);
    const held = this.held ?? [];
    this.held = null;
    for (const event of held) this.sendLive(event);
    if (this.replayed.size > 0) this.timers.push(setTimeout(() => this.replayed.clear(), LATE_ANNOUNCEMENT_MS).unref());
  }

  /** Closes the stream from this side (shutdown, a slow reader, an expired token, changed rights). */
  close(reason: Reason, code: number, text: string): void {
    if (this.closed) return;
    this.deps.metrics.wsClosed.inc({ reason });
    this.stop();
    if (reason === 'dead') {
      this.socket.terminate();
      return;
    }
    this.socket.close(code, text);
    // A reader that never answers the close frame (a slow one, above all) is cut after a grace period.
    setTimeout(() => this.socket.terminate(), CLOSE_GRACE_MS).unref();
  }

  private stop(): void {
    if (this.closed) return;
    this.closed = true;
    this.deps.metrics.wsOpen.dec();
    for (const timer of this.timers) clearTimeout(timer);
    this.held = null;
    void this.unsubscribe?.().catch((err) => this.deps.logger.warn({ err }, 'leaving the event channel failed'));
  }

  /**
   * Sends every stored event after `since` the caller may see, page by page, each page once the
   * socket has written the last, and remembers the recent ones the live subscription may also bring.
   */
  private async replay(since: string): Promise<void> {
    const { settings } = this.deps;
    const oldestKept = Date.now() - settings.retentionDays * 86_400_000;
    if (eventIdTime(since) < oldestKept) {
      // Events between `since` and the retention's start are gone: the client must refetch state.
      void this.send(
        { type: 'replay.truncated', id: since, at: new Date().toISOString(), data: { since, retentionDays: settings.retentionDays } },
        'replay',
      );
    }
    // Only events raised lately (allowing for clocks that differ between processes) can also come live.
    const recent = Date.now() - LATE_ANNOUNCEMENT_MS;
    let after = since;
    for (;;) {
      const page = await this.options.readAfter(after, REPLAY_PAGE);
      let written: Promise<void> = Promise.resolve();
      for (const event of page) {
        if (this.closed) return;
        if (eventIdTime(event.id) >= recent) this.replayed.add(event.id);
        if (sees(this.options.audience, event))
          written = this.send({ type: event.type, id: event.id, at: event.at, data: event.data }, 'replay');
      }
      if (page.length < REPLAY_PAGE || this.closed) return;
      after = page.at(-1)!.id;
      // The next page waits until this one has reached the network: a slow reader slows its own replay only.
      await written;
    }
  }

  private onLive(event: PublishedEvent): void {
    if (this.closed) return;
    if (this.held) {
      if (this.held.length >= MAX_HELD) this.close('slow', CLOSE.slow, 'replay could not keep up; reconnect with since');
      else this.held.push(event);
      return;
    }
    this.sendLive(event);
  }

  private sendLive(event: PublishedEvent): void {
    if (this.closed || !sees(this.options.audience, event) || this.replayed.has(event.id)) return;
    if (this.socket.bufferedAmount > this.deps.settings.sendBufferBytes) {
      this.close('slow', CLOSE.slow, 'too slow; reconnect with since');
      return;
    }
    const { bytes, raisedAt } = envelopeOf(event);
    this.deps.metrics.wsMessages.inc({ kind: 'live' });
    // No callback: nothing waits for a live send, and one per socket would cost a tick each.
    this.socket.send(bytes, { binary: false });
    this.deps.metrics.wsDeliveryLatency.observe(Math.max(0, Date.now() - raisedAt) / 1000);
  }

  /** Sends one replayed message; resolves once the socket has written it (or failed to). */
  private send(envelope: BusEvent, kind: 'replay'): Promise<void> {
    this.deps.metrics.wsMessages.inc({ kind });
    return new Promise((resolve) => this.socket.send(JSON.stringify(envelope), () => resolve()));
  }

  /** No pong since the last ping: the peer is gone without a word (a dropped mobile link). */
  private ping(): void {
    if (!this.alive) {
      this.close('dead', 1006, 'no pong');
      return;
    }
    this.alive = false;
    this.socket.ping();
  }

  private async checkRights(): Promise<void> {
    if (this.closed || Date.now() >= this.options.expiresAt) return;
    try {
      const current = await this.options.recheck();
      if (!current) {
        this.close('rights', CLOSE.rights, 'membership or role changed; reconnect');
        return;
      }
      this.options.audience.farmerId = current.farmerId;
    } catch (err) {
      // The database being away is no reason to drop every socket; the next check tries again.
      this.deps.logger.warn({ err }, 'could not read the rights of an event stream');
    }
  }
}
