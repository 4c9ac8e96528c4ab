import { api } from '../api/client';
import { ApiProblem } from '../api/problem';
import { type LatestNdvi, latestNdvi } from './latestNdvi';
import type { Field } from './types';

export type NdviImage =
  | { status: 'ok'; url: string; bounds: [[number, number], [number, number]]; latest: LatestNdvi }
  | { status: 'none' }
  | { status: 'pending'; retryAfterSeconds: number };

interface Page<T> {
  items: T[];
}

/**
 * The field's newest clear NDVI scene as an image to lay over the map. image.png needs the bearer token,
 * so it is fetched as a Blob; the caller revokes `url` when done. Any analysis of the field serves any
 * of its scenes, so the newest analysis names the route. 404 (nothing analysed yet) is `none`, 202 `pending`.
 */
export async function loadNdviImage(field: Field, signal: AbortSignal): Promise<NdviImage> {
  try {
    const latest = await latestNdvi(field.id, signal);
    const analyses = await api.get<Page<{ id: string }>>(`/v1/fields/${encodeURIComponent(field.id)}/vegetation-analyses?limit=1`, {
      signal,
    });
    const analysis = analyses.items[0];
    if (!latest || !analysis) return { status: 'none' };
    const path = `/v1/vegetation-analyses/${analysis.id}/scenes/${encodeURIComponent(latest.sceneId)}/image.png?index=ndvi`;
    const answer = await api.getBlob(path, { signal });
    if (!answer.blob) return { status: 'pending', retryAfterSeconds: Number(answer.retryAfter) || 10 };
    const [minLon, minLat, maxLon, maxLat] = field.bbox;
    return {
      status: 'ok',
      url: URL.createObjectURL(await mapPartOf(answer.blob)),
      bounds: [
        [minLat, minLon],
        [maxLat, maxLon],
      ],
      latest,
    };
  } catch (problem) {
    if (problem instanceof ApiProblem && problem.status === 404) return { status: 'none' };
    throw problem;
  }
}

/**
 * image.png is the field's pixels (transparent outside the field) above a white legend strip, left-aligned
 * in an image at least as wide as the legend. The field touches its bounding box on every side, so the
 * opaque pixels above the strip span exactly the field's bbox: crop to them to lay the image on the bbox.
 */
async function mapPartOf(png: Blob): Promise<Blob> {
  const bitmap = await createImageBitmap(png);
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const context = canvas.getContext('2d')!;
  context.drawImage(bitmap, 0, 0);
  const { data, width, height } = context.getImageData(0, 0, bitmap.width, bitmap.height);
  const alpha = (x: number, y: number) => data[(y * width + x) * 4 + 3]!;
  const isWhite = (x: number, y: number) =>
    data[(y * width + x) * 4]! === 255 &&
    data[(y * width + x) * 4 + 1]! === 255 &&
    data[(y * width + x) * 4 + 2]! === 255 &&
    alpha(x, y) === 255;
  let mapHeight = height;
  for (let y = 0; y < height; y++) {
    let white = true;
    for (let x = 0; x < width && white; x++) white = isWhite(x, y);
    if (white) {
      mapHeight = y;
      break;
    }
  }
  let [x0, y0, x1, y1] = [width, mapHeight, -1, -1];
  for (let y = 0; y < mapHeight; y++) {
    for (let x = 0; x < width; x++) {
      if (alpha(x, y) === 0) continue;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
  }
  if (x1 < 0) return png;
  const cropped = document.createElement('canvas');
  cropped.width = x1 - x0 + 1;
  cropped.height = y1 - y0 + 1;
  cropped.getContext('2d')!.drawImage(canvas, x0, y0, cropped.width, cropped.height, 0, 0, cropped.width, cropped.height);
  return new Promise((resolve) => cropped.toBlob((blob) => resolve(blob ?? png), 'image/png'));
}
