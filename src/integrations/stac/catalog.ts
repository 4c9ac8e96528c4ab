import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Position } from 'geojson';
import { ImageryError, type Scene, type SceneQuery } from '../imagery/source.js';
import { byNewest, checked, DEFAULT_PAGE_SIZE, sceneFromItem, stacDatetime } from './client.js';
import { StacItemSchema, type StacItem } from './schema.js';

/**
 * The same search as the STAC API, answered from a static catalog on disk: the offline twin
 * writes STAC item JSON files (anywhere under `dir`, e.g. `dir/items/*.json`) whose asset hrefs
 * are file:// URLs or paths relative to the item file. Items go through the same schema, the same
 * Scene mapping and later the same window reader as those of a real API. Matching mirrors what
 * the API does with Kheti's request: the item's bbox (or its geometry's) intersects the field's
 * bbox, its datetime lies in the range, and eo:cloud_cover is at most the limit (an item without
 * it does not match, like a `query` on a missing property). Files that are not items (a
 * catalog.json, a collection.json) are skipped; a file that claims to be an item and is not one
 * is an invalid response, as it would be from an API.
 */

type Box = [minX: number, minY: number, maxX: number, maxY: number];

function boxOf(positions: Iterable<Position>): Box | undefined {
  let box: Box | undefined;
  for (const [x, y] of positions) {
    if (typeof x !== 'number' || typeof y !== 'number') continue;
    box = box ? [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x), Math.max(box[3], y)] : [x, y, x, y];
  }
  return box;
}

/** Every position of nested GeoJSON coordinates. */
function* positions(coordinates: unknown): Generator<Position> {
  if (!Array.isArray(coordinates)) return;
  if (typeof coordinates[0] === 'number') yield coordinates as Position;
  else for (const c of coordinates) yield* positions(c);
}

function itemBox(item: StacItem): Box | undefined {
  const b = item.bbox;
  // A 3D bbox is [minX, minY, minZ, maxX, maxY, maxZ].
  if (b) return b.length >= 6 ? [b[0]!, b[1]!, b[3]!, b[4]!] : [b[0]!, b[1]!, b[2]!, b[3]!];
  return item.geometry ? boxOf(positions(item.geometry.coordinates)) : undefined;
}

const intersects = (a: Box, b: Box) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

export async function searchStaticCatalog(dir: string, collection: string, query: SceneQuery, signal?: AbortSignal): Promise<Scene[]> {
  const provider = 'synthetic';
  const [start = '', end = ''] = stacDatetime(query.from, query.to).split('/');
  const from = Date.parse(start);
  const to = Date.parse(end);
  const field = boxOf(positions(query.boundary.coordinates));
  let names: string[];
  try {
    names = (await readdir(dir, { recursive: true })).filter((n) => n.endsWith('.json')).sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return [];
    throw new ImageryError(provider, 'unavailable', `The local STAC catalog cannot be read (${code ?? 'error'})`);
  }
  const matches: { scene: Scene; acquiredAt: number }[] = [];
  for (const name of names) {
    if (signal?.aborted) throw new ImageryError(provider, 'timeout', 'The local STAC catalog search was cancelled');
    const path = join(dir, name);
    let json: unknown;
    try {
      json = JSON.parse(await readFile(path, 'utf8'));
    } catch {
      throw new ImageryError(provider, 'invalid_response', `The local STAC file ${name} is not JSON`);
    }
    if ((json as { type?: unknown } | null)?.type !== 'Feature') continue;
    const item = checked(provider, StacItemSchema, json, `local STAC item ${name}`);
    if (item.collection !== undefined && item.collection !== collection) continue;
    const acquiredAt = Date.parse(item.properties.datetime ?? '');
    const cloud = item.properties['eo:cloud_cover'];
    const box = itemBox(item);
    if (!(acquiredAt >= from && acquiredAt <= to) || cloud === undefined || cloud > query.maxCloudPct) continue;
    if (!field || !box || !intersects(field, box)) continue;
    matches.push({ scene: sceneFromItem(item, { provider, collection, baseUrl: pathToFileURL(path).href }), acquiredAt });
  }
  return matches
    .sort(byNewest)
    .slice(0, Math.max(1, Math.floor(query.limit ?? DEFAULT_PAGE_SIZE)))
    .map((m) => m.scene);
}
