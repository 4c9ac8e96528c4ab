import type { Metrics } from '../metrics.js';
import type { BusEvent, EventBus, Unsubscribe } from './events.js';

/**
 * Counts every event published, by type, in kheti_events_published_total. Counted before the
 * publish settles: an event is raised once it is stored, even when its announcement is lost.
 */
export class CountedEventBus implements EventBus {
  constructor(
    private readonly bus: EventBus,
    private readonly metrics: Pick<Metrics, 'eventsPublished'>,
  ) {}

  publish(channel: string, event: BusEvent): Promise<void> {
    this.metrics.eventsPublished.inc({ type: event.type });
    return this.bus.publish(channel, event);
  }

  subscribe(channel: string, handler: (event: BusEvent) => void): Promise<Unsubscribe> {
    return this.bus.subscribe(channel, handler);
  }

  check(): Promise<void> {
    return this.bus.check();
  }

  close(): Promise<void> {
    return this.bus.close();
  }
}
