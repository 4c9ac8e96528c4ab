import { t } from '../../i18n';

/** Placeholder: the owners of this area build the screen here. */
export function MembersScreen() {
  return <h1>{t('nav.members')}</h1>;
}
