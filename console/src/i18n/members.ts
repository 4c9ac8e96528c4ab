import type { Messages } from './messages';

/** The members screens' messages. Prefix every key with 'members.' so areas never collide. */
export const members = {} satisfies Messages;
