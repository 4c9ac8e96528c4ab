import { t } from '../../i18n';

/** Placeholder: the owners of this area build the screen here. */
export function MarketsScreen() {
  return <h1>{t('nav.markets')}</h1>;
}
