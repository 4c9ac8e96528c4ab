import type { ComponentChildren } from 'preact';
import { t } from '../i18n';

/** The "nothing here yet" state of a list; pass the screen's own words and a call to action as children. */
export function Empty({ children }: { children?: ComponentChildren }) {
  return <div class="state state-empty">{children ?? <p>{t('state.empty')}</p>}</div>;
}
