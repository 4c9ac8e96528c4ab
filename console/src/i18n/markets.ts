import type { Messages } from './messages';

/** The markets screens' messages. Prefix every key with 'markets.' so areas never collide. */
export const markets = {} satisfies Messages;
