import type { Messages } from './messages';

/** The schemes screens' messages. Prefix every key with 'schemes.' so areas never collide. */
export const schemes = {} satisfies Messages;
