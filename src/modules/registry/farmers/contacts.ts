import type { Crypto } from '../../../infra/crypto.js';
import type { Tx } from '../../../infra/db/index.js';
import { CONTEXT } from './personal-data.js';
import { farmerContactRows } from './repository.js';

/** A farmer as a message reaches them. `phone` is the full E.164 number: only for sending, never shown or logged. */
export interface FarmerContact {
  id: string;
  name: string;
  userId: string | null;
  /** Their own language, or null for the tenant's default. */
  language: 'en' | 'hi' | null;
  phone: string | null;
}

/** The farmers' contacts by id (farmers that are gone are left out). */
export async function farmerContacts(tx: Tx, crypto: Crypto, ids: string[]): Promise<Map<string, FarmerContact>> {
  const contacts = new Map<string, FarmerContact>();
  if (ids.length === 0) return contacts;
  for (const row of await farmerContactRows(tx, [...new Set(ids)])) {
    contacts.set(row.id, {
      id: row.id,
      name: row.name,
      userId: row.user_id,
      language: row.language,
      phone: row.phone_sealed ? await crypto.open(row.phone_sealed, CONTEXT.phone) : null,
    });
  }
  return contacts;
}
