import { maskPhone, normalizePhone } from '../../../lib/phone.js';
import { AppError, type FieldError } from '../../../errors.js';
import type { Crypto } from '../../../infra/crypto.js';
import type { SealedColumn } from '../../../infra/sealed-columns.js';
import { isValidAadhaar, maskAadhaar, maskBankAccount, normalizeAadhaar, normalizeBankAccount } from '../../../lib/pii.js';

/**
 * A farmer's personal data at rest: each value sealed with a data key of its own, a keyed blind
 * index where we look values up (phone, Aadhaar), and only the last four digits kept for display.
 * The database never holds a plaintext Aadhaar, bank account or phone number.
 */
export interface PersonalInput {
  phone?: string | null;
  aadhaar?: string | null;
  bankAccount?: string | null;
}

export type PersonalColumns = Partial<{
  phone_sealed: string | null;
  phone_index: string | null;
  phone_hint: string | null;
  aadhaar_sealed: string | null;
  aadhaar_index: string | null;
  aadhaar_last4: string | null;
  bank_account_sealed: string | null;
  bank_account_last4: string | null;
}>;

export const CONTEXT = { phone: 'farmer.phone', aadhaar: 'farmer.aadhaar', bankAccount: 'farmer.bank_account' } as const;

/** The farmers' sealed columns, for data-key rotation (skipped on a database without the registry yet). */
export const REGISTRY_SEALED_COLUMNS: readonly SealedColumn[] = [
  { table: 'farmers', idColumn: 'id', column: 'aadhaar_sealed', context: () => CONTEXT.aadhaar },
  { table: 'farmers', idColumn: 'id', column: 'bank_account_sealed', context: () => CONTEXT.bankAccount },
  { table: 'farmers', idColumn: 'id', column: 'phone_sealed', context: () => CONTEXT.phone },
];

export const phoneIndex = (crypto: Crypto, e164: string) => crypto.blindIndex('phone', e164);
export const aadhaarIndex = (crypto: Crypto, digits: string) => crypto.blindIndex('aadhaar', digits);

/** Validates and seals what the input carries; `null` clears a value, `undefined` leaves it. */
export async function sealPersonalData(crypto: Crypto, input: PersonalInput): Promise<PersonalColumns> {
  const errors: FieldError[] = [];
  const columns: PersonalColumns = {};

  if (input.phone === null) Object.assign(columns, { phone_sealed: null, phone_index: null, phone_hint: null });
  else if (input.phone !== undefined) {
    const phone = normalizePhone(input.phone);
    if (!phone) errors.push({ path: 'body.phone', message: 'is not an Indian mobile number (10 digits starting 6-9, optionally +91)' });
    else
      Object.assign(columns, {
        phone_sealed: await crypto.seal(phone, CONTEXT.phone),
        phone_index: phoneIndex(crypto, phone),
        phone_hint: maskPhone(phone),
      });
  }

  if (input.aadhaar === null) Object.assign(columns, { aadhaar_sealed: null, aadhaar_index: null, aadhaar_last4: null });
  else if (input.aadhaar !== undefined) {
    const aadhaar = normalizeAadhaar(input.aadhaar);
    if (!aadhaar || !isValidAadhaar(aadhaar))
      errors.push({ path: 'body.aadhaar', message: 'is not a valid Aadhaar number (12 digits with a Verhoeff check digit)' });
    else
      Object.assign(columns, {
        aadhaar_sealed: await crypto.seal(aadhaar, CONTEXT.aadhaar),
        aadhaar_index: aadhaarIndex(crypto, aadhaar),
        aadhaar_last4: aadhaar.slice(-4),
      });
  }

  if (input.bankAccount === null) Object.assign(columns, { bank_account_sealed: null, bank_account_last4: null });
  else if (input.bankAccount !== undefined) {
    const account = normalizeBankAccount(input.bankAccount);
    if (!account) errors.push({ path: 'body.bankAccount', message: 'is not a bank account number (9-18 digits)' });
    else
      Object.assign(columns, {
        bank_account_sealed: await crypto.seal(account, CONTEXT.bankAccount),
        bank_account_last4: account.slice(-4),
      });
  }

  if (errors.length) throw new AppError('validation_failed', errors.map((e) => `${e.path} ${e.message}`).join('; '), { errors });
  return columns;
}

export interface SealedRow {
  phone_sealed: string | null;
  phone_hint: string | null;
  aadhaar_sealed: string | null;
  aadhaar_last4: string | null;
  bank_account_sealed: string | null;
  bank_account_last4: string | null;
}

export type Revealable = 'aadhaar' | 'bankAccount' | 'phone';

/** Masked values, or in full the ones asked for (the caller has checked the right and audits it). */
export async function presentPersonalData(crypto: Crypto, row: SealedRow, reveal: Revealable[] = []) {
  const open = async (sealed: string | null, context: string) => (sealed ? crypto.open(sealed, context) : null);
  return {
    phone: reveal.includes('phone') ? await open(row.phone_sealed, CONTEXT.phone) : row.phone_hint,
    aadhaar: reveal.includes('aadhaar')
      ? await open(row.aadhaar_sealed, CONTEXT.aadhaar)
      : row.aadhaar_last4
        ? maskAadhaar(row.aadhaar_last4)
        : null,
    bankAccount: reveal.includes('bankAccount')
      ? await open(row.bank_account_sealed, CONTEXT.bankAccount)
      : row.bank_account_last4
        ? maskBankAccount(row.bank_account_last4)
        : null,
  };
}
