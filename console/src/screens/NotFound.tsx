import { t } from '../i18n';
import { DEFAULT_PATH, Link } from '../router';

export function NotFound() {
  return (
    <>
      <h1>{t('notFound.title')}</h1>
      <p>
        <Link href={DEFAULT_PATH}>{t('nav.fields')}</Link>
      </p>
    </>
  );
}
