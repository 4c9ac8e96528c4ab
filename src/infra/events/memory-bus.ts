import { EventEmitter } from 'node:events';
import type { InfraLogger } from '../redis.js';
import type { BusEvent, EventBus, Unsubscribe } from './events.js';

/** The embedded-mode bus: one process, so an EventEmitter is the whole fan-out. */
export class MemoryEventBus implements EventBus {
  private readonly emitter = new EventEmitter();
  private closed = false;

  constructor(private readonly options: { logger?: InfraLogger } = {}) {
    // One listener per open stream (e.g. server-sent events) is expected, not a leak.
    this.emitter.setMaxListeners(0);
  }

  async publish(channel: string, event: BusEvent): Promise<void> {
    if (this.closed) throw new Error('Event bus is closed');
    // Serialised like on Redis: subscribers get a copy, and only what survives JSON; as over Redis,
    // one copy per process, shared by every handler (they read it, never change it).
    const copy = JSON.parse(JSON.stringify(event)) as BusEvent;
    // Delivered on a later tick, as over Redis, so a publisher never runs subscriber code inline.
    setImmediate(() => this.emitter.emit(channel, copy));
  }

  async subscribe(channel: string, handler: (event: BusEvent) => void): Promise<Unsubscribe> {
    if (this.closed) throw new Error('Event bus is closed');
    const listener = (event: BusEvent) => {
      try {
        handler(event);
      } catch (err) {
        this.options.logger?.warn({ err, channel }, 'Event handler failed');
      }
    };
    this.emitter.on(channel, listener);
    return async () => {
      this.emitter.off(channel, listener);
    };
  }

  async check(): Promise<void> {}

  async close(): Promise<void> {
    this.closed = true;
    this.emitter.removeAllListeners();
  }
}
