/**
 * Phone numbers as farmers type them, turned into one E.164 form so that the same phone always
 * gives the same blind index. Kheti serves Indian organisations, so only Indian mobile numbers
 * (10 digits starting 6-9) are accepted:
 *
 *   "9876543210", "09876543210", "+91 98765 43210", "+91-98765-43210", "0091 9876543210",
 *   "919876543210", "९८७६५४३२१०"  →  "+919876543210"
 *
 * Landlines, other countries, letters and anything shorter or longer are refused.
 */

/** Longer input is not a phone number, however it is spaced. */
export const MAX_PHONE_INPUT_LENGTH = 32;

// Spaces (including no-break spaces), hyphens, dots and brackets that people put between digits.
const SEPARATORS = /[\s\-.()]/g;

// The zero of each block of decimal digits an Indian keyboard may produce: Devanagari, Bengali,
// Gurmukhi, Gujarati, Oriya, Tamil, Telugu, Kannada, Malayalam, and full-width digits.
const DIGIT_ZEROS = [0x0966, 0x09e6, 0x0a66, 0x0ae6, 0x0b66, 0x0be6, 0x0c66, 0x0ce6, 0x0d66, 0xff10];

/** Decimal digits of any Indian script (and full-width ones) as ASCII digits; other characters unchanged. */
export const asciiDigits = (value: string) =>
  value.replace(/\p{Nd}/gu, (digit) => {
    const codePoint = digit.codePointAt(0)!;
    const zero = DIGIT_ZEROS.find((z) => codePoint >= z && codePoint < z + 10);
    return zero === undefined ? digit : String(codePoint - zero);
  });

// +91, 0091, 91 (only when ten digits follow) or the trunk prefix 0, then the mobile number.
const INDIAN_MOBILE = /^(?:\+91|0091|91(?=\d{10}$)|0)?([6-9]\d{9})$/;

/** The E.164 form of an Indian mobile number, or null when the input is not one. */
export function normalizePhone(input: string): string | null {
  if (typeof input !== 'string' || input.length > MAX_PHONE_INPUT_LENGTH) return null;
  const match = INDIAN_MOBILE.exec(asciiDigits(input.trim()).replace(SEPARATORS, ''));
  return match ? `+91${match[1]}` : null;
}

/** "+919876543210" → "+91XXXXXX3210": enough to recognise one's own phone, not to call it. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (/^\+91\d{10}$/.test(phone)) return `+91XXXXXX${digits.slice(-4)}`;
  const plus = phone.trim().startsWith('+') ? '+' : '';
  if (digits.length <= 4) return `${plus}${'X'.repeat(digits.length)}`;
  return `${plus}${'X'.repeat(digits.length - 4)}${digits.slice(-4)}`;
}

/** Masks every run of digits in free text that could be a phone number (vendor error messages). */
export const maskPhoneNumbersIn = (text: string): string => text.replace(/\+?\d[\d\s-]{5,}\d/g, (run) => maskPhone(run));
