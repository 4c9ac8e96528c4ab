import { t } from '../../i18n';

/** Placeholder: the owners of this area build the screen here. */
export function SchemesScreen() {
  return <h1>{t('nav.schemes')}</h1>;
}
