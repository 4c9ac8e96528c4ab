import { t } from '../../i18n';
import { Link, useRoute } from '../../router';
import { Board } from './Board';
import { Catalogue } from './Catalogue';
import '../../styles/schemes.css';

/** #/schemes: the catalogue; `?view=board` the tenant's applications by status. */
export function SchemesScreen() {
  const { query } = useRoute();
  const board = query.get('view') === 'board';
  return (
    <>
      <h1>{t('nav.schemes')}</h1>
      <nav class="view-switch" aria-label={t('schemes.views')}>
        <Link href="/schemes" aria-current={board ? undefined : 'page'}>
          {t('schemes.catalogue.title')}
        </Link>
        <Link href="/schemes?view=board" aria-current={board ? 'page' : undefined}>
          {t('schemes.board.title')}
        </Link>
      </nav>
      {board ? <Board /> : <Catalogue />}
    </>
  );
}
