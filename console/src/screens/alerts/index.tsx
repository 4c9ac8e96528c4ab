import { t } from '../../i18n';

/** Placeholder: the owners of this area build the screen here. */
export function AlertsScreen() {
  return <h1>{t('nav.alerts')}</h1>;
}
