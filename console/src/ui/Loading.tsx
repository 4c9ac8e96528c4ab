import { t } from '../i18n';

/** A polite "Loading…" that screen readers announce once. */
export function Loading() {
  return (
    <p class="state state-loading" role="status">
      {t('state.loading')}
    </p>
  );
}
