import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { LatestNdvi } from '../../map/latestNdvi';
import { type FieldNdvi, lookUpFieldNdvi, worthAnotherLook } from './fieldNdvi';
import { lookUpWhileMissing } from './lookUpWhileMissing';

/** A field's latest NDVI: a value, null when no clear scene exists yet, undefined while still asking. */
export type NdviById = ReadonlyMap<string, LatestNdvi | null>;

export interface LatestNdvis {
  /** One map for the list and the map alike, so both show the same colour at the same moment. */
  byId: NdviById;
  /** How many of the fields have no NDVI yet while an analysis of theirs is under way. */
  computing: number;
}

/**
 * The latest NDVI of each field. The API has no "latest NDVI of every field" call, so each field's
 * timeseries is read, a few at a time; the colours fill in as answers come. Fields still without one
 * while their analyses run (the demo's, just after start) are looked up again until they have it.
 */
export function useLatestNdvis(fieldIds: string[]): LatestNdvis {
  // The lookups read the newest knowledge (a ref); the state only re-renders the screen.
  const known = useRef(new Map<string, FieldNdvi>());
  const [snapshot, setSnapshot] = useState<ReadonlyMap<string, FieldNdvi>>(new Map());
  const key = fieldIds.join(',');

  useEffect(() => {
    const stop = new AbortController();
    lookUpWhileMissing({
      due: () => fieldIds.filter((id) => worthAnotherLook(known.current.get(id))),
      lookUp: async (id) => {
        const answer = await lookUpFieldNdvi(id, known.current.get(id), stop.signal);
        if (stop.signal.aborted) return;
        known.current.set(id, answer);
        setSnapshot(new Map(known.current));
      },
      signal: stop.signal,
    });
    return () => stop.abort();
  }, [key]);

  // Kept while nothing changes, so the map restyles its fields only when an answer comes.
  return useMemo(() => {
    const byId = new Map<string, LatestNdvi | null>();
    let computing = 0;
    for (const id of fieldIds) {
      const field = snapshot.get(id);
      if (field === undefined) continue;
      byId.set(id, field.latest);
      if (field.latest === null && field.computing) computing++;
    }
    return { byId, computing };
  }, [snapshot, key]);
}
