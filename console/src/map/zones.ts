import { api } from '../api/client';
import { ApiProblem } from '../api/problem';

export interface ZoneProperties {
  zone: number;
  mean: number;
  areaHa: number;
}

export interface Zones {
  type: 'FeatureCollection';
  features: { type: 'Feature'; geometry: GeoJSON.Geometry; properties: ZoneProperties }[];
  sceneId: string;
  acquiredAt: string;
}

export type ZonesAnswer = { status: 'ok'; zones: Zones } | { status: 'none' } | { status: 'pending'; retryAfterSeconds: number };

/** The field's management zones from its newest clear scene; `none` when no such scene exists (404). */
export async function loadZones(fieldId: string, signal: AbortSignal): Promise<ZonesAnswer> {
  try {
    const body = await api.get<Zones | { status: 'pending'; retryAfterSeconds: number }>(
      `/v1/fields/${encodeURIComponent(fieldId)}/zones`,
      { signal },
    );
    if ('status' in body) return { status: 'pending', retryAfterSeconds: body.retryAfterSeconds };
    return { status: 'ok', zones: body };
  } catch (problem) {
    if (problem instanceof ApiProblem && problem.status === 404) return { status: 'none' };
    throw problem;
  }
}

// Zones are ranked by their mean NDVI; brown (weakest) to deep green (strongest), so the order reads without a key.
const ZONE_RAMP = ['#8c510a', '#bf812d', '#dfc27d', '#c2e699', '#78c679', '#31a354', '#006837'];

/** The colour of a zone among `count`, zones ranked weakest first. */
export function zoneColour(rank: number, count: number): string {
  const position = count <= 1 ? ZONE_RAMP.length - 1 : Math.round((rank * (ZONE_RAMP.length - 1)) / (count - 1));
  return ZONE_RAMP[position]!;
}
