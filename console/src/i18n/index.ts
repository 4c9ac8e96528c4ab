import { useEffect, useState } from 'preact/hooks';
import { catalogue, type MessageKey } from './catalogue';

export type { MessageKey } from './catalogue';
export type { Messages } from './messages';

export type Lang = 'en' | 'hi';

const CHOICE_KEY = 'kheti.lang';

/** The user's own pick wins; otherwise the browser's first language that is Hindi or English. */
function initialLang(): Lang {
  const chosen = localStorage.getItem(CHOICE_KEY);
  if (chosen === 'en' || chosen === 'hi') return chosen;
  for (const tag of navigator.languages ?? [navigator.language]) {
    if (tag.toLowerCase().startsWith('hi')) return 'hi';
    if (tag.toLowerCase().startsWith('en')) return 'en';
  }
  return 'en';
}

let lang: Lang = initialLang();
document.documentElement.lang = lang;
const listeners = new Set<(lang: Lang) => void>();

export const currentLang = (): Lang => lang;
/** The locale for Intl: Indian conventions (lakh grouping, dd/mm/yyyy) in both languages. */
export const locale = (): string => (lang === 'hi' ? 'hi-IN' : 'en-IN');

export function setLang(next: Lang): void {
  lang = next;
  localStorage.setItem(CHOICE_KEY, next);
  document.documentElement.lang = next;
  for (const listener of listeners) listener(next);
}

/** The current language; re-renders the component when the user switches. App uses it so the whole tree follows. */
export function useLang(): Lang {
  const [current, setCurrent] = useState(lang);
  useEffect(() => {
    listeners.add(setCurrent);
    return () => void listeners.delete(setCurrent);
  }, []);
  return current;
}

/** The message in the current language, with `{name}` placeholders filled from params. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const message = catalogue[key][lang];
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(value) : value;
  });
}

export function formatNumber(value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(locale(), options).format(value);
}

/** Dates and instants; a `YYYY-MM-DD` string is a calendar date and is shown without shifting time zones. */
export function formatDate(value: Date | string, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }): string {
  const isCalendarDate = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
  const date = isCalendarDate ? new Date(`${value}T00:00:00Z`) : new Date(value);
  return new Intl.DateTimeFormat(locale(), isCalendarDate ? { ...options, timeZone: 'UTC' } : options).format(date);
}
