import { alerts } from './alerts';
import { common } from './common';
import { farmers } from './farmers';
import { field } from './field';
import { fields } from './fields';
import { markets } from './markets';
import type { Message } from './messages';
import { members } from './members';
import { schemes } from './schemes';

/** The one catalogue: each screen area owns its file and only edits that. */
export const catalogue = { ...common, ...fields, ...field, ...farmers, ...markets, ...schemes, ...alerts, ...members } satisfies Record<
  string,
  Message
>;

export type MessageKey = keyof typeof catalogue;
