import type { SealedColumn } from '../infra/sealed-columns.js';

/** The sealed columns of auth's tables, for data-key rotation; contexts as the code seals them. */
export const AUTH_SEALED_COLUMNS: readonly SealedColumn[] = [
  { table: 'users', idColumn: 'id', column: 'phone_sealed', context: () => 'user.phone' },
  // Sealed as the user's phone, so that accepting the invitation copies it into users unopened.
  { table: 'invitations', idColumn: 'id', column: 'phone_sealed', context: () => 'user.phone' },
  { table: 'signing_keys', idColumn: 'kid', column: 'private_sealed', context: (row) => `signing-key:${String(row.kid)}` },
];
