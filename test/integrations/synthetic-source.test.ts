import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  createSyntheticImagerySource,
  ImageryPendingError,
  type LonLatBox,
  type SceneQuery,
  type SyntheticCatalogField,
} from '../../src/integrations/imagery/index.js';
import { plot } from '../support/geometry.js';

/**
 * The offline twin makes its own scenes behind the ImagerySource port, one window and one day at a
 * time, when a search needs them: a search asks for the fields near its boundary only, a change to
 * one field makes only the scenes of the windows that draw it again, a request (a search with
 * maxWaitMs) never has scenes made inline, and what is kept on disk is bounded.
 */

const DAY_MS = 86_400_000;
const NOW = Date.parse('2025-12-01T12:00:00Z');
const day = (offset: number) => new Date(NOW + offset * DAY_MS).toISOString().slice(0, 10);
const nashik: SyntheticCatalogField = { id: 'nashik', boundary: plot(19.99, 73.79), crops: [{ crop: 'maize', sowingDate: day(-100) }] };
const guntur: SyntheticCatalogField = { id: 'guntur', boundary: plot(16.3, 80.44) };
const over = (field: SyntheticCatalogField, from = -60, to = 0): SceneQuery => ({
  boundary: field.boundary as SceneQuery['boundary'],
  from: day(from),
  to: day(to),
  maxCloudPct: 100,
});

/** A fields() as a database gives it: those whose bounding box meets the box asked about. */
function fieldsOf(list: () => SyntheticCatalogField[], asked: LonLatBox[] = []) {
  return async (box: LonLatBox) => {
    asked.push(box);
    return list().filter((f) => {
      const ring = (f.boundary as { coordinates: number[][][] }).coordinates[0]!;
      const lons = ring.map((p) => p[0]!);
      const lats = ring.map((p) => p[1]!);
      return Math.max(...lons) >= box[0] && Math.min(...lons) <= box[2] && Math.max(...lats) >= box[1] && Math.min(...lats) <= box[3];
    });
  };
}

/** Every item on disk: id → its modification time and digest. */
async function itemsOn(dir: string): Promise<Map<string, { mtimeMs: number; digest: string }>> {
  const out = new Map<string, { mtimeMs: number; digest: string }>();
  for (const name of await readdir(join(dir, 'items')).catch(() => [] as string[])) {
    if (!name.endsWith('.json')) continue;
    const path = join(dir, 'items', name);
    const item = JSON.parse(await readFile(path, 'utf8'));
    out.set(name.slice(0, -5), { mtimeMs: (await stat(path)).mtimeMs, digest: item.properties['kheti:inputs_sha256'] });
  }
  return out;
}

async function bytesUnder(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

describe('the offline imagery twin makes its scenes itself, per window and per day', () => {
  let root: string;
  let n = 0;
  const fresh = () => join(root, `twin-${n++}`);
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'kheti-twin-'));
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('writes the scenes of the days asked for, once for concurrent searches, and not again while nothing changed', async () => {
    const dir = fresh();
    const asked: LonLatBox[] = [];
    const fields = [nashik, guntur];
    const twin = createSyntheticImagerySource({
      catalogDir: dir,
      collection: 'sentinel-2-l2a',
      fields: fieldsOf(() => fields, asked),
      now: () => new Date(NOW),
    });
    assert.equal(twin.name, 'synthetic');

    const answers = await Promise.all([twin.search(over(nashik)), twin.search(over(nashik)), twin.search(over(nashik))]);
    assert.ok(answers[0]!.length >= 11 && answers[0]!.length <= 13, `${answers[0]!.length} scenes in 60 days`);
    assert.ok(answers.every((scenes) => JSON.stringify(scenes) === JSON.stringify(answers[0])));
    const written = await itemsOn(dir);
    assert.equal(written.size, answers[0]!.length, 'only the scenes of the 60 days over Nashik, none over Guntur');
    assert.equal(twin.maker!.count, written.size, 'each made once');
    // It asked for the fields near Nashik only: a box of a few kilometres around the field.
    for (const box of asked) assert.ok(box[2] - box[0] < 0.2 && box[3] - box[1] < 0.2 && box[0] < 73.79 && box[2] > 73.79);

    await twin.search(over(nashik));
    assert.deepEqual(await itemsOn(dir), written, 'unchanged fields: the scenes are left alone');
    assert.deepEqual(await twin.search(over(nashik, -400, -380)), [], 'nothing older than the year it covers');

    const [scene] = answers[0]!;
    const windows = await twin.readWindows(scene!, [{ minX: 0, minY: 0, maxX: 1, maxY: 1 }]);
    assert.equal(windows.length, 1);
  });

  it('makes again only the scenes of the windows that draw a changed field, and only the days asked for', async () => {
    const dir = fresh();
    let fields = [nashik, guntur];
    const twin = createSyntheticImagerySource({
      catalogDir: dir,
      collection: 'sentinel-2-l2a',
      fields: fieldsOf(() => fields),
      now: () => new Date(NOW),
    });
    const nashikScenes = (await twin.search(over(nashik))).map((s) => s.id);
    const gunturScenes = (await twin.search(over(guntur))).map((s) => s.id);
    const before = await itemsOn(dir);

    // A crop cycle added to Guntur's field.
    fields = [nashik, { ...guntur, crops: [{ crop: 'cotton', sowingDate: day(-90) }] }];
    const made = twin.maker!.count;
    assert.deepEqual(
      (await twin.search(over(nashik))).map((s) => s.id),
      nashikScenes,
    );
    assert.equal(twin.maker!.count, made, 'Nashik: nothing made again');
    const recent = (await twin.search(over(guntur, -10, 0))).map((s) => s.id);
    assert.ok(recent.length >= 2 && recent.every((id) => gunturScenes.includes(id)), `${recent}`);
    const after = await itemsOn(dir);
    for (const id of nashikScenes) assert.deepEqual(after.get(id), before.get(id), `${id}: untouched`);
    const remade = gunturScenes.filter((id) => after.get(id)!.digest !== before.get(id)!.digest);
    assert.deepEqual(remade.sort(), [...recent].sort(), "Guntur's scenes of the last 10 days, and no other");
    assert.equal(twin.maker!.count, made + recent.length);
  });

  it('never makes a scene inside a bounded search: it answers pending at once and the scene is made in the background', async () => {
    const dir = fresh();
    const twin = createSyntheticImagerySource({
      catalogDir: dir,
      collection: 'sentinel-2-l2a',
      fields: fieldsOf(() => [nashik]),
      now: () => new Date(NOW),
    });
    const pending = await twin.search({ ...over(nashik, -5, 0), maxWaitMs: 0 }).then(
      () => assert.fail('a scene not made yet was answered'),
      (error: unknown) => error,
    );
    assert.ok(pending instanceof ImageryPendingError, String(pending));
    assert.equal(pending.provider, 'synthetic');
    assert.ok(pending.retryable, 'a job meeting it tries again');
    assert.ok(pending.retryAfterSeconds >= 1);
    assert.equal((await itemsOn(dir)).size, 0, 'the search returned before any scene was written');
    assert.ok(twin.maker!.backlog >= 1, 'the scenes are queued');

    // Made in the background: a search that may wait (a job) finds them, and a bounded one then answers at once.
    const made = await twin.search(over(nashik, -5, 0));
    assert.ok(made.length >= 1);
    assert.deepEqual(
      (await twin.search({ ...over(nashik, -5, 0), maxWaitMs: 0 })).map((s) => s.id),
      made.map((s) => s.id),
    );
  });

  it('keeps its scenes under the cap on disk, least recently used out, and makes an evicted scene again when asked', async () => {
    const dir = fresh();
    let clock = NOW;
    const options = {
      catalogDir: dir,
      collection: 'sentinel-2-l2a',
      fields: fieldsOf(() => [nashik, guntur]),
      now: () => new Date(clock),
    };
    // What 30 days over one field take, to size the cap below two fields' worth.
    const probe = createSyntheticImagerySource({ ...options, catalogDir: join(dir, 'probe') });
    await probe.search(over(nashik, -30, 0));
    const oneField = probe.store!.stats().bytes;
    await rm(join(dir, 'probe'), { recursive: true });

    const maxBytes = Math.ceil(oneField * 1.5);
    const twin = createSyntheticImagerySource({ ...options, maxBytes });
    const first = (await twin.search(over(nashik, -30, 0))).map((s) => s.id);
    clock += 5 * 60_000; // Nashik's scenes are no longer in use
    await twin.search(over(guntur, -30, 0));
    const stats = twin.store!.stats();
    assert.ok(stats.evicted > 0, 'some scenes were evicted');
    assert.ok(stats.bytes <= maxBytes, `${stats.bytes} bytes kept, cap ${maxBytes}`);
    assert.ok((await bytesUnder(join(dir, 'items'))) <= maxBytes, 'the files on disk are within the cap');
    const evicted = first.filter((id) => !existsSync(join(dir, 'items', `${id}.json`)));
    assert.ok(evicted.length > 0, "the least recently used, Nashik's, went");
    assert.ok(
      evicted.every((id) => !existsSync(join(dir, 'items', id))),
      'with their GeoTIFFs',
    );

    // A new process over the same directory counts what is there, and an evicted scene comes back when asked for.
    clock += 5 * 60_000;
    const restarted = createSyntheticImagerySource({ ...options, maxBytes });
    assert.deepEqual(
      (await restarted.search(over(nashik, -30, 0))).map((s) => s.id),
      first,
    );
    assert.ok(restarted.maker!.count >= evicted.length);
    assert.ok(restarted.store!.stats().bytes <= maxBytes);
  });

  it('without a list of fields reads the catalog as it is', async () => {
    const dir = fresh();
    const writer = createSyntheticImagerySource({
      catalogDir: dir,
      collection: 'sentinel-2-l2a',
      fields: fieldsOf(() => [nashik]),
      now: () => new Date(NOW),
    });
    const written = await writer.search(over(nashik));
    const reader = createSyntheticImagerySource({ catalogDir: dir, collection: 'sentinel-2-l2a' });
    assert.deepEqual(
      (await reader.search(over(nashik))).map((s) => s.id),
      written.map((s) => s.id),
    );
    const empty = createSyntheticImagerySource({ catalogDir: join(dir, 'nothing-here'), collection: 'sentinel-2-l2a' });
    assert.deepEqual(await empty.search(over(nashik)), []);
  });
});
