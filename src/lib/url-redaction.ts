import { asciiDigits } from './phone.js';

/**
 * URLs as they may appear in a log line. A query string (and a path segment) can carry an Aadhaar
 * number, a phone number, a bank account or a credential: `GET /v1/farmers?aadhaar=…&phone=…`
 * searches by them, and an OAuth redirect carries its code. The path stays readable; the value of
 * a parameter is replaced when its name says it is sensitive or when it looks like one of those
 * numbers, whatever it is called.
 */

export const REDACTED = '[redacted]';

/** Parameter names (lower case, without `_`, `-` and `.`) whose values never reach a log line. */
const SENSITIVE_NAMES = new Set([
  'aadhaar',
  'aadhaarnumber',
  'uid',
  'phone',
  'phonenumber',
  'mobile',
  'mobilenumber',
  'msisdn',
  'bankaccount',
  'accountnumber',
  'account',
  'password',
  'newpassword',
  'otp',
  'pin',
  'code',
  'token',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'subjecttoken',
  'secret',
  'clientsecret',
  'apikey',
  'key',
  'signature',
  'sig',
  'xamzsignature',
  'xamzcredential',
  'xamzsecuritytoken',
  'xgoogsignature',
  'xgoogcredential',
]);

/** Any name containing one of these is sensitive too (`farmerPhone`, `sessionToken`, `apiSecret`). */
const SENSITIVE_PARTS = ['aadhaar', 'phone', 'mobile', 'password', 'passwd', 'token', 'secret', 'bankaccount'];

const canonicalName = (name: string) => name.toLowerCase().replace(/[_.-]/g, '');

/** True when a query parameter of this name is redacted whatever its value. */
export function isSensitiveParameter(name: string): boolean {
  const canonical = canonicalName(name);
  return SENSITIVE_NAMES.has(canonical) || SENSITIVE_PARTS.some((part) => canonical.includes(part));
}

/*
 * Nine or more digits, optionally grouped by single spaces, hyphens or dots and led by a `+`: an
 * Aadhaar number (12), an Indian mobile number (10, or 12 with 91), a bank account (9 to 18).
 */
const LONG_NUMBER = /\+?\d(?:[\s.-]?\d){8,}/;

const decode = (value: string) => {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
};

/** True when a (URL-encoded) value holds something that looks like an Aadhaar, phone or bank account number. */
export const looksLikePersonalNumber = (value: string): boolean => LONG_NUMBER.test(asciiDigits(decode(value)));

/** `aadhaar=2034…&village=Khed` → `aadhaar=[redacted]&village=Khed`; names and their order are kept. */
export function redactQuery(query: string): string {
  return query
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals < 0 ? pair : pair.slice(0, equals);
      const value = equals < 0 ? '' : pair.slice(equals + 1);
      if (isSensitiveParameter(decode(name)) && equals >= 0) return `${name}=${REDACTED}`;
      if (looksLikePersonalNumber(value)) return `${name}=${REDACTED}`;
      // A bare `?9876543210` or a number used as a name.
      return looksLikePersonalNumber(name) ? REDACTED : pair;
    })
    .join('&');
}

/**
 * A URL (absolute or just path and query, as Fastify's `request.url`) fit for a log line: the
 * values of sensitive query parameters, path segments that are wholly such a number, and any user
 * and password before the host replaced by `[redacted]`.
 */
export function redactUrl(url: string): string {
  if (typeof url !== 'string') return url;
  const hash = url.indexOf('#');
  const withoutFragment = hash < 0 ? url : url.slice(0, hash);
  const question = withoutFragment.indexOf('?');
  const base = question < 0 ? withoutFragment : withoutFragment.slice(0, question);
  const query = question < 0 ? null : withoutFragment.slice(question + 1);
  const origin = /^[a-z][a-z\d+.-]*:\/\/[^/]*/i.exec(base)?.[0] ?? '';
  const safeOrigin = origin.replace(/\/\/[^/@]*@/, `//${REDACTED}@`);
  const path = base
    .slice(origin.length)
    .split('/')
    .map((segment) => (looksLikePersonalNumber(segment) && isWholeNumber(segment) ? REDACTED : segment))
    .join('/');
  return `${safeOrigin}${path}${query === null ? '' : `?${redactQuery(query)}`}`;
}

/** A segment that is nothing but such a number (not a UUID or a slug that happens to hold digits). */
const isWholeNumber = (segment: string) => /^\+?[\d\s.-]+$/.test(asciiDigits(decode(segment)));

/** Every query string in free text (an error message, a stack) redacted as redactUrl does. */
export const redactUrlsIn = (text: string): string =>
  typeof text === 'string' ? text.replace(/\?([^\s"'<>`]*)/g, (_match, query: string) => `?${redactQuery(query)}`) : text;
