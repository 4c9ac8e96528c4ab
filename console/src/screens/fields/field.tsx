import { t } from '../../i18n';

/** Placeholder for one field (#/fields/<id>): the owners of this area build the screen here. */
export function FieldScreen({ id }: { id: string }) {
  return (
    <>
      <h1>{t('field.title')}</h1>
      <p>
        <code>{id}</code>
      </p>
    </>
  );
}
