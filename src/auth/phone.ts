/**
 * Phone numbers moved to src/lib/phone.ts (pure functions that the SMS senders and lib/pii use as
 * well); this re-export keeps the old import path working until every importer points there.
 */
export * from '../lib/phone.js';
