import { asciiDigits } from './phone.js';

/**
 * Indian identity and bank numbers as people type them: checked, put in one canonical form (so the
 * same number always gives the same blind index) and masked for display. A mask never shows more
 * than the last four digits, and the masks accept either the full number or just those four
 * digits (what is stored for display).
 */

/** Longer input is not one of these numbers, however it is spaced. */
const MAX_INPUT_LENGTH = 40;

// Spaces (including no-break spaces) and hyphens that people put between groups of digits.
const SEPARATORS = /[\s-]/g;

const compact = (input: string) =>
  typeof input === 'string' && input.length <= MAX_INPUT_LENGTH ? asciiDigits(input.trim()).replace(SEPARATORS, '') : '';

/*
 * The Verhoeff check digit (J. Verhoeff, "Error Detecting Decimal Codes", Mathematical Centre
 * Tracts 29, Amsterdam, 1969), which UIDAI uses as the last digit of an Aadhaar number. It catches
 * every single-digit error and every transposition of adjacent digits. D is the multiplication
 * table of the dihedral group D5, P the position-dependent permutation (P[i] = P[1]^i, repeating
 * every 8 positions) and INV the inverse of each element in D5.
 */
const D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];
const INV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

/** Folds the digits from the right; `offset` 1 leaves room for a check digit still to come. */
const verhoeff = (digits: string, offset: 0 | 1) => {
  let c = 0;
  for (let i = 0; i < digits.length; i++) c = D[c]![P[(i + offset) % 8]![Number(digits[digits.length - 1 - i])]!]!;
  return c;
};

/** The Verhoeff check digit to append to a string of decimal digits. */
export const verhoeffCheckDigit = (digits: string): number => INV[verhoeff(digits, 1)]!;

/**
 * An Aadhaar number: 12 digits, the first 2-9 (UIDAI issues none starting 0 or 1), the last a
 * Verhoeff check digit over the other eleven. Expects the compact form (see normalizeAadhaar).
 */
export function isValidAadhaar(value: string): boolean {
  return typeof value === 'string' && /^[2-9]\d{11}$/.test(value) && verhoeff(value, 0) === 0;
}

/**
 * "2345 6789 0124", "2345-6789-0124", Devanagari digits → "234567890124": the 12 digits, or null
 * when the input does not have that shape. It does not check the number itself: isValidAadhaar does.
 */
export function normalizeAadhaar(input: string): string | null {
  const digits = compact(input);
  return /^\d{12}$/.test(digits) ? digits : null;
}

const lastFour = (value: string) => {
  const digits = typeof value === 'string' ? asciiDigits(value).replace(/\D/g, '') : '';
  return digits.length >= 4 ? digits.slice(-4) : 'XXXX';
};

/** "234567890124" (or "0124") → "XXXX-XXXX-0124", the form UIDAI's masked Aadhaar uses. */
export const maskAadhaar = (value: string): string => `XXXX-XXXX-${lastFour(value)}`;

/**
 * An IFSC (RBI's Indian Financial System Code): a 4-letter bank code, a zero reserved for future
 * use, and a 6-character branch code. Expects upper case, as RBI publishes them.
 */
export const isValidIfsc = (value: string): boolean => typeof value === 'string' && /^[A-Z]{4}0[A-Z0-9]{6}$/.test(value);

/** " sbin0001234 " → "SBIN0001234", or null when it is not an IFSC. */
export function normalizeIfsc(input: string): string | null {
  if (typeof input !== 'string' || input.length > MAX_INPUT_LENGTH) return null;
  const code = input.trim().toUpperCase();
  return isValidIfsc(code) ? code : null;
}

/**
 * A bank account number as digits only ("0012 3456-7890" → "001234567890"; leading zeros are part
 * of it), or null: Indian banks use 9 to 18 digits, and no letters.
 */
export function normalizeBankAccount(input: string): string | null {
  const digits = compact(input);
  return /^\d{9,18}$/.test(digits) ? digits : null;
}

/** "001234567890" (or "7890") → "XXXXXXXX7890": always eight Xs, so the mask does not tell the length. */
export const maskBankAccount = (value: string): string => `XXXXXXXX${lastFour(value)}`;
