import { api } from '../../api/client';
import type { Farmer, Page } from '../farmers/types';
import type { Application, ApplicationStatus, Scheme } from './types';

/** Every scheme the caller sees, all pages (the catalogue is a few dozen). */
export async function loadCatalogue(signal?: AbortSignal): Promise<Scheme[]> {
  const schemes: Scheme[] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams({ limit: '200', ...(cursor ? { cursor } : {}) });
    const page: Page<Scheme> = await api.get<Page<Scheme>>(`/v1/schemes?${params}`, signal ? { signal } : {});
    schemes.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return schemes;
}

/** Kheti's full-text search (stemmed English, Hindi as written), best match first. */
export async function searchSchemes(q: string, signal?: AbortSignal): Promise<Scheme[]> {
  const page = await api.get<Page<Scheme>>(`/v1/schemes?${new URLSearchParams({ q, limit: '200' })}`, signal ? { signal } : {});
  return page.items;
}

/** The farmers of these ids by name, each asked once (the board names farmers the list does not carry). */
const farmerNames = new Map<string, Promise<string>>();
export function farmerName(id: string): Promise<string> {
  let name = farmerNames.get(id);
  if (!name) {
    name = api.get<Farmer>(`/v1/farmers/${id}`).then((farmer) => farmer.name);
    // A failed look-up is asked again next time rather than remembered.
    name.catch(() => farmerNames.delete(id));
    farmerNames.set(id, name);
  }
  return name;
}

export const createApplication = (farmerId: string, schemeId: string, note?: string) =>
  api.post<Application>('/v1/scheme-applications', { body: { farmerId, schemeId, ...(note ? { note } : {}) } });

/**
 * Moves an application on. Kheti requires If-Match; an application's ETag is its version, and a
 * stale one answers 412 (someone moved it meanwhile).
 */
export const moveApplication = (application: Application, status: ApplicationStatus, note?: string) =>
  api.patch<Application>(`/v1/scheme-applications/${application.id}`, {
    body: { status, ...(note ? { note } : {}) },
    ifMatch: `"v${application.version}"`,
  });

/** The scheme's name in the reader's language where Kheti has a Hindi one. */
export const schemeName = (scheme: Pick<Scheme, 'name' | 'nameHi'>, lang: string): string =>
  lang === 'hi' && scheme.nameHi ? scheme.nameHi : scheme.name;
