import type { Messages } from './messages';

/** The alerts screens' messages. Prefix every key with 'alerts.' so areas never collide. */
export const alerts = {} satisfies Messages;
