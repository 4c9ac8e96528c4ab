/** The languages advisories are written in; English is the fallback. */
export const ADVISORY_LANGUAGES = ['en', 'hi'] as const;
export type AdvisoryLanguage = (typeof ADVISORY_LANGUAGES)[number];

/**
 * The best of our languages for an Accept-Language header (RFC 9110 §12.5.4): the highest q
 * among `en`/`hi` (and their regional forms, `hi-IN`), ties to the earlier entry; `*` means English.
 */
export function pickLanguage(header: string | undefined): AdvisoryLanguage {
  if (!header) return 'en';
  let best: { language: AdvisoryLanguage; q: number } | undefined;
  for (const part of header.split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    const primary = tag.split('-')[0];
    const language = primary === '*' ? 'en' : ADVISORY_LANGUAGES.find((l) => l === primary);
    if (language && (!best || q > best.q)) best = { language, q };
  }
  return best?.language ?? 'en';
}
