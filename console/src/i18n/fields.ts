import type { Messages } from './messages';

/** The fields screens' messages. Prefix every key with 'fields.' so areas never collide. */
export const fields = {} satisfies Messages;
