import { api } from '../../api/client';
import type { Field } from '../../map/types';
import { useAsync } from '../../ui/useApi';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

// The largest page the API serves: an FPO's few thousand fields come in a handful of requests.
const PAGE_SIZE = 200;

/**
 * Every field the user can see, by name. The paged list rather than /v1/fields/export: it answers the
 * same objects as GET /v1/fields/{id} (bbox, centroid, which the map and the field page use), and it
 * is the API's ordinary JSON reading path; the export is a streamed file for GIS tools.
 */
export async function loadAllFields(signal: AbortSignal): Promise<Field[]> {
  const fields: Field[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page: Page<Field> = await api.get<Page<Field>>(`/v1/fields?limit=${PAGE_SIZE}${query}`, { signal });
    fields.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return fields;
}

export const useAllFields = () => useAsync(loadAllFields, []);
