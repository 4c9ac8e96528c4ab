import { t } from '../../i18n';

/** Placeholder: the owners of this area build the screen here. */
export function FarmersScreen() {
  return <h1>{t('nav.farmers')}</h1>;
}
