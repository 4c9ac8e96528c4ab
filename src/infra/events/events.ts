/**
 * The event-bus port: fan-out of real-time events (job progress, alerts) to every API process.
 * Redis pub/sub in production, an in-process emitter in embedded mode. Delivery is best-effort;
 * anything that must not be lost is stored first and only announced here.
 */
export interface BusEvent {
  type: string;
  id: string;
  at: string;
  data: unknown;
}

export type Unsubscribe = () => Promise<void>;

export interface EventBus {
  /** Channels name their audience, e.g. `tenant:<id>` or `user:<id>`. */
  publish(channel: string, event: BusEvent): Promise<void>;
  subscribe(channel: string, handler: (event: BusEvent) => void): Promise<Unsubscribe>;
  check(): Promise<void>;
  close(): Promise<void>;
}
