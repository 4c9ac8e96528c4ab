import { AUTH_SEALED_COLUMNS } from './auth/index.js';
import { IDEMPOTENCY_SEALED_COLUMNS } from './http/idempotency.js';
import type { SealedColumn } from './infra/sealed-columns.js';
import { REGISTRY_SEALED_COLUMNS } from './modules/registry/index.js';
import { WEBHOOK_SEALED_COLUMNS } from './modules/webhooks/index.js';

/**
 * Every column that holds a sealed value, gathered from the owners of their tables, in the order
 * data-key rotation walks them. A new sealed column is declared by its table's owner and added here.
 */
export const SEALED_COLUMNS: readonly SealedColumn[] = [
  ...AUTH_SEALED_COLUMNS,
  ...REGISTRY_SEALED_COLUMNS,
  ...WEBHOOK_SEALED_COLUMNS,
  ...IDEMPOTENCY_SEALED_COLUMNS,
];
