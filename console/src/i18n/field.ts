import type { Messages } from './messages';

/** One field's page (screens/fields/field.tsx and its panels). Prefix every key with 'field.'. */
export const field = {} satisfies Messages;
