import { t } from '../../i18n';

/** Placeholder for one farmer (#/farmers/<id>): the owners of this area build the screen here. */
export function FarmerScreen({ id }: { id: string }) {
  return (
    <>
      <h1>{t('farmer.title')}</h1>
      <p>
        <code>{id}</code>
      </p>
    </>
  );
}
