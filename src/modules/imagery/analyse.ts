import type { MultiPolygon, Polygon } from 'geojson';
import type { ImagerySource, Scene, SceneWindows } from '../../integrations/imagery/source.js';
import {
  cropToWindow,
  fieldIndexRaster,
  fieldStatistics,
  projectBoundary,
  projectedBounds,
  projectorForEpsg,
  rasterizeField,
  type FieldMask,
  type FieldStatistics,
  type FieldStatisticsInput,
  type ProjectedPolygon,
  type VegetationIndex,
} from '../../lib/raster/index.js';

/**
 * One scene, many fields: the fields' boundaries are projected to the scene's UTM grid, and each
 * field's band windows are read, all in one read of the scene (so a tile's blocks are fetched and
 * decoded once for a whole village, and nothing between the fields is read); each field's
 * statistics come from its own windows.
 */
export interface FieldToAnalyse {
  id: string;
  boundary: Polygon | MultiPolygon;
}

export interface FieldSceneResult {
  fieldId: string;
  scene: Scene;
  statistics: FieldStatistics;
}

/** The mask window's part of a band that covers the whole grid. */

/** False when the scene's footprint misses the field: it gave the field no pixel, nothing to keep. */
export const sceneCoversField = (result: FieldSceneResult): boolean =>
  result.statistics.pixelsInField > result.statistics.pixelsOutsideRaster;

export function statisticsFromWindows(windows: SceneWindows, mask: FieldMask): FieldStatistics {
  return fieldStatistics(fieldInput(windows, mask));
}

/** One index per pixel of the mask's window, by the statistics' own pass (see fieldIndexRaster): the input of maps and zones. */
export function indexRaster(windows: SceneWindows, mask: FieldMask, index: VegetationIndex): Float32Array {
  return fieldIndexRaster(fieldInput(windows, mask), index);
}

/** The field's part of the scene's windows, as the raster library takes it. */
function fieldInput(windows: SceneWindows, mask: FieldMask): FieldStatisticsInput {
  const gridWidth = windows.bands.red.grid.width;
  const { window } = mask;
  return {
    mask,
    bands: {
      red: cropToWindow(windows.bands.red.data, gridWidth, window),
      nir: cropToWindow(windows.bands.nir.data, gridWidth, window),
      green: cropToWindow(windows.bands.green.data, gridWidth, window),
      blue: cropToWindow(windows.bands.blue.data, gridWidth, window),
    },
    scaling: windows.scaling,
    scl: windows.bands.scl,
  };
}

/** Projects each field into the scene's CRS (reusable for masks and for the window bounds). */
export function projectFields(scene: Scene, fields: readonly FieldToAnalyse[]): ProjectedPolygon[][] {
  const projector = projectorForEpsg(scene.epsg);
  return fields.map((field) => projectBoundary(field.boundary, projector));
}

/** Reads the scene once for all the fields (each its own windows) and computes each field's statistics. */
export async function analyseScene(
  source: ImagerySource,
  scene: Scene,
  fields: readonly FieldToAnalyse[],
  signal?: AbortSignal,
): Promise<{ results: FieldSceneResult[]; windows: SceneWindows[]; masks: FieldMask[] }> {
  const projected = projectFields(scene, fields);
  // 20 m of margin: the SCL pixel under an edge pixel's centre must be in the SCL window too.
  const windows = await source.readWindows(
    scene,
    projected.map((polygons) => projectedBounds(polygons, 20)),
    signal,
  );
  const masks = projected.map((polygons, i) => rasterizeField(polygons, windows[i]!.bands.red.grid));
  const results = fields.map((field, i) => ({ fieldId: field.id, scene, statistics: statisticsFromWindows(windows[i]!, masks[i]!) }));
  return { results, windows, masks };
}
