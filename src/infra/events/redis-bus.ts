import type { Redis } from 'ioredis';
import { closeRedis, namespaceOf, pingRedis, whileAvailable, type InfraLogger, type RedisConnection } from '../redis.js';
import type { BusEvent, EventBus, Unsubscribe } from './events.js';

type Handler = (event: BusEvent) => void;

export interface RedisEventBusOptions {
  /** The channel namespace (default `kheti`); channels are `<namespace>:events:<channel>`. */
  prefix?: string;
  logger?: InfraLogger;
}

/**
 * Redis pub/sub fan-out. Publishing uses an ordinary connection; receiving a dedicated
 * subscriber connection (a connection in subscriber mode is no use for anything else). However
 * many local handlers a channel has, it is one Redis subscription, taken with the first handler and
 * dropped with the last. ioredis re-subscribes by itself after a reconnect.
 */
export class RedisEventBus implements EventBus {
  private readonly handlers = new Map<string, Set<Handler>>();
  /** Channels Redis has confirmed a subscription to. */
  private readonly subscribed = new Set<string>();
  /** Per channel, the tail of its SUBSCRIBE/UNSUBSCRIBE chain: they must reach Redis in order. */
  private readonly syncing = new Map<string, Promise<void>>();
  private readonly prefix: string;
  private closed = false;

  constructor(
    private readonly publisher: RedisConnection,
    private readonly subscriber: RedisConnection,
    private readonly options: RedisEventBusOptions = {},
  ) {
    this.prefix = `${namespaceOf(options.prefix)}:events:`;
    (subscriber as Redis).on('message', (fullChannel: string, message: string) => this.dispatch(fullChannel, message));
  }

  async publish(channel: string, event: BusEvent): Promise<void> {
    if (this.closed) throw new Error('Event bus is closed');
    await whileAvailable(this.publisher, () => this.publisher.publish(this.prefix + channel, JSON.stringify(event)));
  }

  async subscribe(channel: string, handler: Handler): Promise<Unsubscribe> {
    if (this.closed) throw new Error('Event bus is closed');
    // A fresh wrapper per call, so subscribing one function twice gives two independent handles.
    const entry: Handler = (event) => handler(event);
    let set = this.handlers.get(channel);
    if (!set) this.handlers.set(channel, (set = new Set()));
    set.add(entry);
    try {
      await this.sync(channel);
    } catch (err) {
      this.removeHandler(channel, entry);
      throw err;
    }
    let done = false;
    return async () => {
      if (done) return;
      done = true;
      this.removeHandler(channel, entry);
      // Best-effort: if Redis is down, the stale subscription is harmless (no handler left).
      await this.sync(channel).catch((err) => this.options.logger?.warn({ err, channel }, 'Redis UNSUBSCRIBE failed'));
    };
  }

  async check(): Promise<void> {
    await pingRedis(this.publisher);
    if (this.handlers.size > 0 && this.subscriber.status !== 'ready') {
      throw new Error(`Redis subscriber connection is ${this.subscriber.status}`);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.handlers.clear();
    await Promise.all([closeRedis(this.subscriber), closeRedis(this.publisher)]);
  }

  private removeHandler(channel: string, entry: Handler) {
    const set = this.handlers.get(channel);
    set?.delete(entry);
    if (set?.size === 0) this.handlers.delete(channel);
  }

  /** Brings the Redis subscription of a channel in line with whether it has local handlers. */
  private sync(channel: string): Promise<void> {
    const previous = this.syncing.get(channel) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        const wanted = this.handlers.has(channel);
        const fullChannel = this.prefix + channel;
        if (wanted && !this.subscribed.has(channel)) {
          await whileAvailable(this.subscriber, () => this.subscriber.subscribe(fullChannel));
          this.subscribed.add(channel);
        } else if (!wanted && this.subscribed.has(channel)) {
          this.subscribed.delete(channel);
          await this.subscriber.unsubscribe(fullChannel);
        }
      });
    this.syncing.set(channel, next);
    const forget = () => {
      if (this.syncing.get(channel) === next) this.syncing.delete(channel);
    };
    next.then(forget, forget);
    return next;
  }

  private dispatch(fullChannel: string, message: string) {
    if (!fullChannel.startsWith(this.prefix)) return;
    const channel = fullChannel.slice(this.prefix.length);
    const set = this.handlers.get(channel);
    if (!set) return;
    let event: BusEvent;
    try {
      event = JSON.parse(message) as BusEvent;
    } catch (err) {
      this.options.logger?.warn({ err, channel }, 'Ignoring a malformed event');
      return;
    }
    for (const handler of [...set]) {
      try {
        handler(event);
      } catch (err) {
        this.options.logger?.warn({ err, channel }, 'Event handler failed');
      }
    }
  }
}
