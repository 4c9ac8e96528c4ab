import { useEffect, useState } from 'preact/hooks';
import { type LatestNdvi, latestNdvi } from '../../map/latestNdvi';

/** A field's latest NDVI: a value, null when no clear scene exists yet, undefined while still asking. */
export type NdviById = ReadonlyMap<string, LatestNdvi | null>;

// The API has no "latest NDVI of every field" call, so each field's timeseries is read, a few at a
// time: the map colours in as answers come, and a tenant's many fields never become a request storm.
const CONCURRENT_REQUESTS = 4;

export function useLatestNdvis(fieldIds: string[]): NdviById {
  const [byId, setById] = useState<NdviById>(new Map());
  const key = fieldIds.join(',');
  useEffect(() => {
    const controller = new AbortController();
    const queue = fieldIds.filter((id) => !byId.has(id));
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined && !controller.signal.aborted; id = queue.shift()) {
        const field = id;
        // A field whose series fails to load is shown as "no data" rather than blocking the others.
        const latest = await latestNdvi(field, controller.signal).catch(() => null);
        if (!controller.signal.aborted) setById((previous) => new Map(previous).set(field, latest));
      }
    };
    for (let i = 0; i < CONCURRENT_REQUESTS; i++) void worker();
    return () => controller.abort();
  }, [key]);
  return byId;
}
