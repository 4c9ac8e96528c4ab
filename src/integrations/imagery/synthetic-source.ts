import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { byNewest, checked, DEFAULT_PAGE_SIZE, sceneFromItem } from '../stac/client.js';
import { StacItemSchema } from '../stac/schema.js';
import { createStacSource } from '../stac/source.js';
import { dayNumber } from './synthetic-phenology.js';
import {
  boundaryBox,
  checkSyntheticFields,
  planSyntheticScenes,
  planSyntheticTiles,
  syntheticRootCatalog,
  tileDigest,
  TILE_CELL_M,
  utmConverter,
  writeAtomically,
  type LonLatBox,
  type SyntheticCatalogField,
  type SyntheticScenePlan,
  type SyntheticTilePlan,
} from './synthetic-catalog.js';
import { SyntheticSceneMaker, type SceneOrder } from './synthetic-maker.js';
import { SyntheticSceneStore } from './synthetic-store.js';
import { ImageryError, type ImagerySource, type Scene, type SceneQuery } from './source.js';

/**
 * The offline twin as an ImagerySource: scenes made on demand, per window and per day, read by the
 * very same STAC item mapping and GeoTIFF window reader as the real API.
 *
 * A search asks for the fields near the queried boundary only (with their crops), plans their
 * windows (synthetic-catalog.ts: a fixed lattice of home cells, so a window depends on the fields
 * near it alone) and, for the windows over the boundary, the scenes of the days asked for. A scene
 * is on disk when its item carries the window's current digest; any other is handed to the maker
 * (synthetic-maker.ts), which writes it in the background. So a change to one field makes only the
 * scenes of the windows that draw it stale, and only those asked for are written again.
 *
 * A search with maxWaitMs (a request) waits that long at most, then throws ImageryPendingError; one
 * without (a job) waits until its scenes are made. Scenes on disk are bounded by maxBytes, least
 * recently used out (synthetic-store.ts). A demo for a laptop, not for a state's millions of fields.
 */

/** The twin covers the past year. */
export const SYNTHETIC_HISTORY_DAYS = 365;
/** Default bound of the twin's scenes on disk. */
export const DEFAULT_TWIN_MAX_BYTES = 1024 * 1024 * 1024;
/** How far around a query the fields are asked for: a home cell and a window's margin beyond it. */
const REACH_M = TILE_CELL_M + 1000;
/** Windows and scenes remembered for reading scenes evicted after a search. */
const REMEMBERED_TILES = 64;
const REMEMBERED_SCENES = 20_000;

export interface SyntheticSourceOptions {
  /** Where the scenes live (DATA_DIR/imagery). */
  catalogDir: string;
  collection: string;
  /**
   * The fields that reach into a lon/lat box (more is harmless), with their crop cycles; asked at
   * every search, so new and changed fields show at once. Without it the catalog is read as it is
   * (written by someone else, e.g. writeSyntheticCatalog).
   */
  fields?: (box: LonLatBox) => Promise<SyntheticCatalogField[]>;
  /** Bytes of scenes kept on disk; default DEFAULT_TWIN_MAX_BYTES. */
  maxBytes?: number;
  now?: () => Date;
  /** A scene that could not be made (the searches waiting for it fail too). */
  onError?: (error: unknown, sceneId: string) => void;
}

/** Scenes a request needs are being made: ask again after retryAfterSeconds. Retryable. */
export class ImageryPendingError extends ImageryError {
  override name = 'ImageryPendingError';
  constructor(
    readonly retryAfterSeconds: number,
    readonly scenes: number,
  ) {
    super(
      'synthetic',
      'unavailable',
      `The offline imagery twin is making ${scenes} scene(s) for this; ask again in about ${retryAfterSeconds} s`,
    );
  }
}

/** The twin as an ImagerySource, with what it keeps on disk for tests and benchmarks. */
export interface SyntheticImagerySource extends ImagerySource {
  readonly store?: SyntheticSceneStore;
  readonly maker?: SyntheticSceneMaker;
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const intersects = (a: LonLatBox, b: LonLatBox) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
const contains = (outer: LonLatBox, inner: LonLatBox) =>
  outer[0] <= inner[0] && outer[1] <= inner[1] && outer[2] >= inner[2] && outer[3] >= inner[3];
const union = (a: LonLatBox, b: LonLatBox): LonLatBox => [
  Math.min(a[0], b[0]),
  Math.min(a[1], b[1]),
  Math.max(a[2], b[2]),
  Math.max(a[3], b[3]),
];

function boxOfPoints(points: readonly [number, number][]): LonLatBox {
  return [
    Math.min(...points.map((p) => p[0])),
    Math.min(...points.map((p) => p[1])),
    Math.max(...points.map((p) => p[0])),
    Math.max(...points.map((p) => p[1])),
  ];
}

function grow([west, south, east, north]: LonLatBox, metres: number): LonLatBox {
  const dLat = metres / 110_574;
  const lat = Math.min(89, Math.max(Math.abs(south), Math.abs(north)) + dLat);
  const dLon = metres / (111_320 * Math.cos((lat * Math.PI) / 180));
  return [west - dLon, south - dLat, east + dLon, north + dLat];
}

/** The lon/lat box of a window's home cell. */
function cellBox(plan: SyntheticTilePlan): LonLatBox {
  const converter = utmConverter(plan.epsg);
  const [x0, y0] = [plan.cell.x * TILE_CELL_M, plan.cell.y * TILE_CELL_M];
  const corners = [
    [x0, y0],
    [x0 + TILE_CELL_M, y0],
    [x0 + TILE_CELL_M, y0 + TILE_CELL_M],
    [x0, y0 + TILE_CELL_M],
  ].map((c) => converter.inverse(c) as [number, number]);
  return boxOfPoints(corners);
}

interface Coverage {
  tiles: { plan: SyntheticTilePlan; digest: string; fields: Map<string, SyntheticCatalogField> }[];
}

export function createSyntheticImagerySource(options: SyntheticSourceOptions): SyntheticImagerySource {
  const { catalogDir: dir, collection } = options;
  const now = options.now ?? (() => new Date());
  const catalog = createStacSource({ apiUrl: 'file://', collection, catalogDir: dir });
  const fieldsNear = options.fields;
  if (!fieldsNear) return { name: catalog.name, search: catalog.search, readWindows: catalog.readWindows };

  const store = new SyntheticSceneStore(dir, options.maxBytes ?? DEFAULT_TWIN_MAX_BYTES, () => now().getTime());
  const maker = new SyntheticSceneMaker(store, options.onError);
  const rememberedTiles = new Map<string, Omit<SceneOrder, 'scene'>>();
  const rememberedScenes = new Map<string, { tile: string; scene: SyntheticScenePlan }>();
  let started: Promise<void> | undefined;

  /** The directory is made and read once; a failure to write it is the twin's, named without its path. */
  const start = () => {
    started ??= (async () => {
      await store.ready();
      await rm(join(dir, 'inputs.sha256'), { force: true }); // the marker of the whole-catalogue twin before this one
      await writeAtomically(join(dir, 'catalog.json'), syntheticRootCatalog({ made: 'scene by scene, when a search needs it' }, []));
    })().catch((error: unknown) => {
      started = undefined;
      throw unwritable(error);
    });
    return started;
  };

  const remember = (order: SceneOrder) => {
    rememberedTiles.delete(order.digest);
    rememberedTiles.set(order.digest, { plan: order.plan, fields: order.fields, digest: order.digest });
    if (rememberedTiles.size > REMEMBERED_TILES) rememberedTiles.delete(rememberedTiles.keys().next().value!);
    rememberedScenes.delete(order.scene.id);
    rememberedScenes.set(order.scene.id, { tile: order.digest, scene: order.scene });
    if (rememberedScenes.size > REMEMBERED_SCENES) rememberedScenes.delete(rememberedScenes.keys().next().value!);
  };

  /** The windows over the box, each with its digest and the fields it draws. */
  async function coverage(query: LonLatBox): Promise<Coverage> {
    let box = grow(query, REACH_M);
    for (let round = 0; ; round++) {
      const fields = await fieldsNear!(box);
      checkSyntheticFields(fields);
      const candidates = planSyntheticTiles(fields).filter((plan) => intersects(boxOfPoints(plan.footprint), query));
      // A window is right when all of its home cell's fields and all that reach into it were asked for.
      const needed = candidates.reduce((b, plan) => union(union(b, boxOfPoints(plan.footprint)), cellBox(plan)), box);
      if (round === 0 && !contains(box, needed)) {
        box = needed;
        continue;
      }
      // A boundary inside one window whose home cell holds its centre is that window's alone (one
      // scene a day, as a field is seen from its own tile); anything else gets every window over it.
      const centre: [number, number] = [(query[0] + query[2]) / 2, (query[1] + query[3]) / 2];
      const home = candidates.find(
        (plan) => contains(boxOfPoints(plan.footprint), query) && contains(cellBox(plan), [...centre, ...centre]),
      );
      const byId = new Map(fields.map((f) => [f.id, f]));
      return {
        tiles: (home ? [home] : candidates).map((plan) => {
          const drawn = new Map(plan.drawnFieldIds.map((id) => [id, byId.get(id)!]));
          return { plan, digest: tileDigest(plan, drawn), fields: drawn };
        }),
      };
    }
  }

  /** Waits for the scenes: until the deadline when given (then pending), else until made or aborted. */
  async function made(orders: SceneOrder[], deadline: number | undefined, signal?: AbortSignal): Promise<void> {
    const missing: SceneOrder[] = [];
    for (const order of orders) {
      remember(order);
      if ((await store.digestOf(order.scene.id)) === order.digest) store.touch(order.scene.id);
      else missing.push(order);
    }
    if (missing.length === 0) return;
    const urgent = deadline !== undefined;
    const waitMs = urgent ? deadline - performance.now() : Infinity;
    const all = Promise.all(missing.map((order) => maker.make(order, urgent))).then(
      () => true,
      (error: unknown) => {
        throw unwritable(error);
      },
    );
    all.catch(() => {}); // reported by the maker; this search may have stopped waiting
    const waits: Promise<boolean>[] = [all];
    const timers: NodeJS.Timeout[] = [];
    if (urgent) waits.push(new Promise((resolve) => timers.push(setTimeout(() => resolve(false), Math.max(0, waitMs)))));
    if (signal)
      waits.push(
        new Promise((_, reject) => {
          if (signal.aborted) reject(new ImageryError('synthetic', 'timeout', 'The offline twin search was cancelled'));
          signal.addEventListener(
            'abort',
            () => reject(new ImageryError('synthetic', 'timeout', 'The offline twin search was cancelled')),
            {
              once: true,
            },
          );
        }),
      );
    try {
      const ready = waitMs <= 0 ? false : await Promise.race(waits);
      if (!ready) throw new ImageryPendingError(maker.estimateSeconds(), missing.length);
    } finally {
      for (const timer of timers) clearTimeout(timer);
    }
  }

  async function search(query: SceneQuery, signal?: AbortSignal): Promise<Scene[]> {
    // The bound counts from here: reading the fields and planning are part of the wait.
    const deadline = query.maxWaitMs === undefined ? undefined : performance.now() + query.maxWaitMs;
    await start();
    const nowMs = now().getTime();
    const fromDay = Math.max(dayNumber(query.from), dayNumber(dayOf(nowMs - SYNTHETIC_HISTORY_DAYS * 86_400_000)));
    const toDay = Math.min(dayNumber(query.to), dayNumber(dayOf(nowMs)));
    if (!(fromDay <= toDay)) return [];
    const { tiles } = await coverage(boundaryBox(query.boundary));
    const orders = tiles.flatMap((tile) => planSyntheticScenes(tile.plan, fromDay, toDay, nowMs).map((scene) => ({ ...tile, scene })));
    await made(orders, deadline, signal);

    const matches: { scene: Scene; acquiredAt: number }[] = [];
    for (const { scene: plan } of orders) {
      const json = await store.item(plan.id);
      if (!json) continue; // evicted meanwhile; a cap that small cannot hold one search
      const item = checked('synthetic', StacItemSchema, json, `local STAC item ${plan.id}`);
      if (item.collection !== undefined && item.collection !== collection) continue;
      const cloud = item.properties['eo:cloud_cover'];
      if (cloud === undefined || cloud > query.maxCloudPct) continue;
      const baseUrl = pathToFileURL(store.itemPath(plan.id)).href;
      matches.push({ scene: sceneFromItem(item, { provider: 'synthetic', collection, baseUrl }), acquiredAt: plan.acquiredAt.getTime() });
    }
    return matches
      .sort(byNewest)
      .slice(0, Math.max(1, Math.floor(query.limit ?? DEFAULT_PAGE_SIZE)))
      .map((m) => m.scene);
  }

  return {
    name: catalog.name,
    store,
    maker,
    search,
    async readWindows(scene, areas, signal) {
      // A scene evicted since the search that found it is made again (from what that search planned).
      const known = rememberedScenes.get(scene.id);
      const tile = known && rememberedTiles.get(known.tile);
      if (known && tile && !store.has(scene.id)) await made([{ ...tile, scene: known.scene }], undefined, signal);
      store.touch(scene.id);
      return catalog.readWindows(scene, areas, signal);
    },
  };
}

/** A failure to write the twin's files, named by its code only (never the server's path). */
function unwritable(error: unknown): unknown {
  if (error instanceof ImageryError || !(error instanceof Error)) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (!code) return error;
  return new ImageryError(
    'synthetic',
    'unavailable',
    `The offline imagery twin cannot write its scenes (${code}): DATA_DIR must be a writable directory`,
  );
}
