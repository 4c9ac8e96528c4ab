import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  isValidAadhaar,
  isValidIfsc,
  maskAadhaar,
  maskBankAccount,
  normalizeAadhaar,
  normalizeBankAccount,
  normalizeIfsc,
  verhoeffCheckDigit,
} from '../../src/lib/pii.js';

/*
 * An independent Verhoeff check digit, from the group itself rather than from tables: elements of
 * D5 are r^k (0-4) and r^k·s (5-9), multiplied by r^a s^f · r^b s^g = r^(a + (-1)^f b) s^(f+g);
 * the permutation is σ = (0 1 5 8 9 4 2 7)(3 6), applied i+1 times at position i from the right.
 */
const compose = (x: number, y: number) => {
  const [a, f] = [x % 5, Math.floor(x / 5)];
  const [b, g] = [y % 5, Math.floor(y / 5)];
  return ((((a + (f ? -b : b)) % 5) + 5) % 5) + 5 * ((f + g) % 2);
};
const inverse = (x: number) => (x < 5 ? (5 - x) % 5 : x);
const SIGMA = [1, 5, 7, 6, 2, 8, 3, 0, 9, 4];
const permute = (times: number, digit: number) => {
  let d = digit;
  for (let i = 0; i < times % 8; i++) d = SIGMA[d]!;
  return d;
};
function referenceCheckDigit(payload: string): number {
  let c = 0;
  [...payload].reverse().forEach((digit, i) => {
    c = compose(c, permute(i + 1, Number(digit)));
  });
  return inverse(c);
}

const aadhaarPayload = fc
  .tuple(fc.integer({ min: 2, max: 9 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 10, maxLength: 10 }))
  .map(([first, rest]) => `${first}${rest.join('')}`);
const validAadhaar = aadhaarPayload.map((payload) => `${payload}${referenceCheckDigit(payload)}`);

describe('Aadhaar numbers', () => {
  it('agrees with published Verhoeff check digits', () => {
    // Worked examples published with other implementations: Wikipedia's 236 → 2363, Perl
    // Algorithm::CheckDigits' 1456789 → 14567894, and 1234 → 12340.
    const vectors: [string, number][] = [
      ['236', 3],
      ['12345', 1],
      ['75872', 2],
      ['1456789', 4],
      ['1234', 0],
    ];
    for (const [payload, check] of vectors) {
      assert.equal(verhoeffCheckDigit(payload), check, payload);
      assert.equal(referenceCheckDigit(payload), check, payload);
    }
  });

  it('accepts numbers whose last digit is the Verhoeff check digit', () => {
    fc.assert(
      fc.property(validAadhaar, (number) => isValidAadhaar(number)),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(aadhaarPayload, (payload) => verhoeffCheckDigit(payload) === referenceCheckDigit(payload)),
      { numRuns: 500 },
    );
  });

  it('rejects every single-digit change of a valid number', () => {
    fc.assert(
      fc.property(validAadhaar, (number) => {
        for (let i = 0; i < 12; i++) {
          for (let d = 0; d <= 9; d++) {
            if (String(d) === number[i]) continue;
            const changed = `${number.slice(0, i)}${d}${number.slice(i + 1)}`;
            assert.equal(isValidAadhaar(changed), false, `${number} → ${changed}`);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('rejects every transposition of adjacent different digits of a valid number', () => {
    fc.assert(
      fc.property(validAadhaar, (number) => {
        for (let i = 0; i < 11; i++) {
          if (number[i] === number[i + 1]) continue;
          const swapped = `${number.slice(0, i)}${number[i + 1]}${number[i]}${number.slice(i + 2)}`;
          assert.equal(isValidAadhaar(swapped), false, `${number} → ${swapped}`);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('refuses numbers starting 0 or 1, and other lengths', () => {
    for (const first of ['0', '1']) {
      const payload = `${first}3456789012`;
      assert.equal(isValidAadhaar(`${payload}${referenceCheckDigit(payload)}`), false);
    }
    const payload = '23456789012';
    const valid = `${payload}${referenceCheckDigit(payload)}`;
    assert.ok(isValidAadhaar(valid));
    assert.equal(isValidAadhaar(valid.slice(0, 11)), false);
    assert.equal(isValidAadhaar(`${valid}0`), false);
    assert.equal(isValidAadhaar(`${valid.slice(0, 4)} ${valid.slice(4)}`), false, 'expects the compact form');
    assert.equal(isValidAadhaar(''), false);
  });

  it('normalises spaced, hyphenated and Devanagari input to 12 digits', () => {
    assert.equal(normalizeAadhaar('2345 6789 0124'), '234567890124');
    assert.equal(normalizeAadhaar(' 2345-6789-0124 '), '234567890124');
    assert.equal(normalizeAadhaar('२३४५ ६७८९ ०१२४'), '234567890124');
    assert.equal(normalizeAadhaar('2345 6789 012'), null);
    assert.equal(normalizeAadhaar('2345 6789 01245'), null);
    assert.equal(normalizeAadhaar('2345.6789.0124'), null);
    assert.equal(normalizeAadhaar('2345 6789 O124'), null);
    assert.equal(normalizeAadhaar(''), null);
    assert.equal(normalizeAadhaar(`2345 6789 0124${' '.repeat(40)}`), null);
  });

  it('masks all but the last four digits', () => {
    assert.equal(maskAadhaar('234567890124'), 'XXXX-XXXX-0124');
    assert.equal(maskAadhaar('0124'), 'XXXX-XXXX-0124');
    assert.equal(maskAadhaar('12'), 'XXXX-XXXX-XXXX');
  });
});

describe('IFSC', () => {
  it('follows the RBI format: bank code, a zero, branch code', () => {
    for (const code of ['SBIN0001234', 'HDFC0000001', 'ICIC0ABC123', 'UTIB0SBIN01']) assert.ok(isValidIfsc(code), code);
    for (const code of ['SBIN1001234', 'sbin0001234', 'SBI00001234', 'SBIN000123', 'SBIN00012345', 'SBIN0-01234', '']) {
      assert.equal(isValidIfsc(code), false, code);
    }
    assert.equal(normalizeIfsc(' sbin0001234 '), 'SBIN0001234');
    assert.equal(normalizeIfsc('SBIN1001234'), null);
  });
});

describe('bank account numbers', () => {
  it('keeps 9 to 18 digits, leading zeros included', () => {
    assert.equal(normalizeBankAccount('0012 3456-7890'), '001234567890');
    assert.equal(normalizeBankAccount('123456789'), '123456789');
    assert.equal(normalizeBankAccount('123456789012345678'), '123456789012345678');
    assert.equal(normalizeBankAccount('12345678'), null);
    assert.equal(normalizeBankAccount('1234567890123456789'), null);
    assert.equal(normalizeBankAccount('1234ABCD5678'), null);
    assert.equal(normalizeBankAccount(''), null);
  });

  it('masks to the last four digits without telling the length', () => {
    assert.equal(maskBankAccount('001234567890'), 'XXXXXXXX7890');
    assert.equal(maskBankAccount('123456789012345678'), 'XXXXXXXX5678');
    assert.equal(maskBankAccount('7890'), 'XXXXXXXX7890');
    assert.equal(maskBankAccount('789'), 'XXXXXXXXXXXX');
  });
});

describe('masks', () => {
  it('never show more than four digits, whatever they are given', () => {
    const countDigits = (s: string) => (s.match(/\d/g) ?? []).length;
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[\d\s-]{0,30}$/)), (input) => {
        assert.ok(countDigits(maskAadhaar(input)) <= 4);
        assert.ok(countDigits(maskBankAccount(input)) <= 4);
        const digits = input.replace(/\D/g, '');
        if (digits.length >= 4) {
          assert.ok(maskAadhaar(input).endsWith(digits.slice(-4)));
          assert.ok(maskBankAccount(input).endsWith(digits.slice(-4)));
        }
      }),
      { numRuns: 500 },
    );
  });
});
