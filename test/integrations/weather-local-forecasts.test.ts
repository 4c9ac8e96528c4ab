import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LocalForecasts } from '../../src/integrations/weather/local-forecasts.js';

describe("a process's copies of cached forecasts", () => {
  it('are served only until their expiry, never after', () => {
    let now = 1_000;
    const local = new LocalForecasts(1024, () => now);
    local.set('19.99,73.79', { json: '{"a":1}', source: 'openweather' }, 2_000);
    assert.equal(local.get('19.99,73.79')?.json, '{"a":1}');
    now = 1_999;
    assert.equal(local.get('19.99,73.79')?.source, 'openweather');
    now = 2_000;
    assert.equal(local.get('19.99,73.79'), undefined, 'gone at its expiry');
    assert.equal(local.heldBytes, 0);
    local.set('19.99,73.79', { json: '{}', source: 'openweather' }, 1_500);
    assert.equal(local.size, 0, 'an answer already expired is not kept');
  });

  it('hold at most their byte bound, least recently used out', () => {
    const local = new LocalForecasts(100, () => 0);
    const json = 'x'.repeat(20); // 40 bytes as UTF-16
    local.set('a', { json, source: 's' }, 10);
    local.set('b', { json, source: 's' }, 10);
    local.get('a');
    local.set('c', { json, source: 's' }, 10);
    assert.equal(local.get('b'), undefined, 'the least recently used went');
    assert.ok(local.get('a') && local.get('c'));
    assert.ok(local.heldBytes <= 100);
    local.set('big', { json: 'y'.repeat(51), source: 's' }, 10);
    assert.equal(local.get('big'), undefined, 'an answer larger than the bound is not kept');
  });
});
