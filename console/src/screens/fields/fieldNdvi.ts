import { api } from '../../api/client';
import { ApiProblem } from '../../api/problem';
import { type LatestNdvi, latestNdvi } from '../../map/latestNdvi';

/** What the Fields screen knows of a field's crop health. */
export interface FieldNdvi {
  /** The newest clear scene's NDVI; null when the field has none (yet). */
  latest: LatestNdvi | null;
  /** An analysis of the field is queued or running, so a missing NDVI may come soon. */
  computing: boolean;
  /** The last lookup got no answer (offline, server error, too many requests): worth asking again. */
  unanswered: boolean;
}

interface AnalysesPage {
  items: { status: 'queued' | 'running' | 'succeeded' | 'failed' }[];
}

// Newest first: an analysis still under way is among a field's latest requests.
const RECENT_ANALYSES = 20;

async function analysisUnderWay(fieldId: string, signal: AbortSignal): Promise<boolean> {
  const page = await api.get<AnalysesPage>(`/v1/fields/${encodeURIComponent(fieldId)}/vegetation-analyses?limit=${RECENT_ANALYSES}`, {
    signal,
  });
  return page.items.some((analysis) => analysis.status === 'queued' || analysis.status === 'running');
}

/**
 * A field's latest NDVI and, only when it has none, whether one is being computed: a field nobody has
 * asked to analyse (one drawn a minute ago) stays "no data yet" without being asked about again and again,
 * while a field whose analysis is under way (the demo's, right after start) is worth another look.
 */
export async function lookUpFieldNdvi(fieldId: string, previous: FieldNdvi | undefined, signal: AbortSignal): Promise<FieldNdvi> {
  try {
    const latest = await latestNdvi(fieldId, signal);
    const computing = latest === null && (await analysisUnderWay(fieldId, signal));
    return { latest, computing, unanswered: false };
  } catch (error) {
    // A field whose lookup fails shows what was known ("no data yet" at first) rather than blocking the others;
    // a refusal (403, 404: gone or not ours) will not change by asking again, a missing answer may.
    const unanswered = !(error instanceof ApiProblem) || error.status === 0 || error.status === 429 || error.status >= 500;
    return { latest: previous?.latest ?? null, computing: unanswered && (previous?.computing ?? false), unanswered };
  }
}

/** Only fields without an NDVI are looked up again; one with an old scene keeps it until the screen is opened anew. */
export const worthAnotherLook = (known: FieldNdvi | undefined): boolean =>
  known === undefined || (known.latest === null && (known.computing || known.unanswered));
