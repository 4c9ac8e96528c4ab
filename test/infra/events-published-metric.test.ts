import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import type { BusEvent, EventBus } from '../../src/infra/events/events.js';
import { createEventBus } from '../../src/infra/events/index.js';
import { createMetrics, type Metrics } from '../../src/infra/metrics.js';
import { testServices } from '../support/services.js';

const modes = [
  { name: 'memory', env: {} as Record<string, string> },
  ...(testServices.embeddedOnly ? [] : [{ name: 'redis', env: { REDIS_URL: testServices.redisUrl } }]),
];

const event = (type: string): BusEvent => ({ type, id: randomUUID(), at: new Date().toISOString(), data: { n: 1 } });

async function publishedByType(metrics: Metrics): Promise<Record<string, number>> {
  const { values } = await metrics.eventsPublished.get();
  return Object.fromEntries(values.map(({ labels, value }) => [String(labels.type), value]));
}

for (const mode of modes) {
  describe(`kheti_events_published_total counts each publish by event type (${mode.name} bus)`, () => {
    let metrics: Metrics;
    let bus: EventBus;
    before(() => {
      metrics = createMetrics();
      bus = createEventBus(loadConfig(mode.env), { prefix: `kheti-test-${randomUUID()}`, metrics });
    });
    after(async () => {
      await bus.close();
    });

    it('counts by type while subscribers still get every event unchanged', async () => {
      const received: BusEvent[] = [];
      await bus.subscribe('tenant:t1', (e) => void received.push(e));
      const sent = [event('job.progress'), event('crop_health.drop'), event('job.progress')];
      for (const e of sent) await bus.publish('tenant:t1', e);
      for (let waited = 0; received.length < sent.length && waited < 2000; waited += 10) await new Promise((r) => setTimeout(r, 10));

      assert.deepEqual(received, sent);
      assert.deepEqual(await publishedByType(metrics), { 'job.progress': 2, 'crop_health.drop': 1 });
    });
  });
}
