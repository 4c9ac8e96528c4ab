import { t } from '../../i18n';

/**
 * Says why some fields are still grey while their analyses run, and that their colours will come without
 * reloading. The live region is always there (empty when nothing is computing), so screen readers announce
 * the sentence when it appears and when its count changes, politely.
 */
export function NdviComputing({ count }: { count: number }) {
  return (
    <p class="ndvi-computing" aria-live="polite">
      {count === 1 ? t('fields.ndvi.computingOne') : count > 1 ? t('fields.ndvi.computing', { count }) : null}
    </p>
  );
}
