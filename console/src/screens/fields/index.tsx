import { t } from '../../i18n';

/** Placeholder: the owners of this area build the screen here. */
export function FieldsScreen() {
  return <h1>{t('nav.fields')}</h1>;
}
