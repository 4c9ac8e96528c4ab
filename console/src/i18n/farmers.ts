import type { Messages } from './messages';

/** The farmers screens' messages. Prefix every key with 'farmers.' so areas never collide. */
export const farmers = {} satisfies Messages;
