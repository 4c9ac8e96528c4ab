import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createSyntheticImagerySource, type SceneQuery, type SyntheticCatalogField } from '../../src/integrations/imagery/index.js';
import { plot } from '../support/geometry.js';

/**
 * The offline twin prepares its own catalog behind the ImagerySource port: nobody asks it to.
 * Before a search it reads the fields to cover and writes the catalog when they (or the day)
 * changed; concurrent searches share one preparation.
 */
describe('the offline imagery twin keeps its catalog itself', () => {
  let dir: string;
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const nashik: SyntheticCatalogField = { id: 'nashik', boundary: plot(19.99, 73.79), crops: [{ crop: 'maize', sowingDate: day(-100) }] };
  const guntur: SyntheticCatalogField = { id: 'guntur', boundary: plot(16.3, 80.44) };
  const over = (field: SyntheticCatalogField): SceneQuery => ({
    boundary: field.boundary as SceneQuery['boundary'],
    from: day(-60),
    to: day(0),
    maxCloudPct: 100,
  });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kheti-twin-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('writes its catalog on the first search, once for concurrent searches, and not again while nothing changed', async () => {
    let asked = 0;
    let fields = [nashik];
    const twin = createSyntheticImagerySource({
      catalogDir: dir,
      collection: 'sentinel-2-l2a',
      fields: async () => {
        asked += 1;
        return fields;
      },
    });
    assert.equal(twin.name, 'synthetic');

    const answers = await Promise.all([twin.search(over(nashik)), twin.search(over(nashik)), twin.search(over(nashik))]);
    assert.ok(answers[0]!.length >= 5, `${answers[0]!.length} scenes in 60 days`);
    assert.ok(
      answers.every((scenes) => JSON.stringify(scenes) === JSON.stringify(answers[0])),
      'the same scenes for every concurrent search',
    );
    assert.equal(asked, 3, 'each search asked for the fields');
    const written = (await stat(join(dir, 'inputs.sha256'))).mtimeMs;
    const digest = await readFile(join(dir, 'inputs.sha256'), 'utf8');

    await new Promise((resolve) => setTimeout(resolve, 20));
    await twin.search(over(nashik));
    assert.equal((await stat(join(dir, 'inputs.sha256'))).mtimeMs, written, 'unchanged fields: the catalog is left alone');

    assert.deepEqual(await twin.search(over(guntur)), [], 'a field it does not cover has no scenes');
    fields = [nashik, guntur];
    assert.ok((await twin.search(over(guntur))).length >= 5, 'a new field has scenes at its next search');
    assert.notEqual(await readFile(join(dir, 'inputs.sha256'), 'utf8'), digest);

    const [scene] = await twin.search(over(guntur));
    assert.equal(scene!.provider, 'synthetic');
    const windows = await twin.readWindows(scene!, [{ minX: 0, minY: 0, maxX: 1, maxY: 1 }]);
    assert.equal(windows.length, 1);
  });

  it('without a list of fields reads the catalog as it is', async () => {
    const reader = createSyntheticImagerySource({ catalogDir: dir, collection: 'sentinel-2-l2a' });
    assert.ok((await reader.search(over(nashik))).length >= 5);
    const empty = createSyntheticImagerySource({ catalogDir: join(dir, 'nothing-here'), collection: 'sentinel-2-l2a' });
    assert.deepEqual(await empty.search(over(nashik)), []);
  });
});
