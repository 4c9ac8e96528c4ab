import { formatDate, locale, type MessageKey, t } from '../../../i18n';
import type { AsyncState } from '../../../ui/useApi';
import { Loaded, Panel } from './Panel';
import type { Advisory } from './types';

const IRRIGATION: Record<Advisory['irrigation']['action'], MessageKey> = {
  'irrigate-now': 'field.advice.irrigateNow',
  'wait-for-rain': 'field.advice.waitForRain',
  'irrigate-by': 'field.advice.irrigateBy',
  'not-needed': 'field.advice.notNeeded',
  unavailable: 'field.advice.unavailable',
};

const RISKS: Record<Advisory['risks'][number]['kind'], MessageKey> = {
  heat: 'field.risk.heat',
  frost: 'field.risk.frost',
  'heavy-rain': 'field.risk.heavyRain',
  'high-wind': 'field.risk.highWind',
};

/**
 * Today's advice for the field's crop. The texts are Kheti's own, written in the language the
 * request's Accept-Language asks for (the API client sends the console's language), so they follow
 * the language switch like the rest of the page.
 */
export function AdvicePanel({ advisory }: { advisory: AsyncState<Advisory> & { reload: () => void } }) {
  return (
    <Panel id="field-advice" title={t('field.advice.title')}>
      <Loaded state={advisory}>
        {(advice) => (
          <div lang={advice.language}>
            <h3>
              {t('field.advice.irrigation')}:{' '}
              <span class={`badge badge-${advice.irrigation.action}`}>{t(IRRIGATION[advice.irrigation.action])}</span>
            </h3>
            <p>{advice.irrigation.text}</p>
            <h3>{t('field.advice.spray')}</h3>
            <p>{advice.sprayText}</p>
            {advice.sprayWindows.length > 0 && (
              <ul class="spray-windows">
                {advice.sprayWindows.map((window) => (
                  <li key={window.start}>
                    {t('field.advice.window', { when: sprayWindow(window.start, window.end), hours: window.hours })}
                  </li>
                ))}
              </ul>
            )}
            <h3>{t('field.advice.risks')}</h3>
            {advice.risks.length === 0 ? (
              <p>{t('field.advice.noRisks')}</p>
            ) : (
              <ul class="risk-list">
                {advice.risks.map((risk) => (
                  <li key={`${risk.kind}-${risk.date}`}>
                    <strong>
                      {t(RISKS[risk.kind])}, {formatDate(risk.date)}:
                    </strong>{' '}
                    {risk.text}
                  </li>
                ))}
              </ul>
            )}
            {advice.cropCycle && <p class="field-note">{advice.cropCycle.selectionText}</p>}
          </div>
        )}
      </Loaded>
    </Panel>
  );
}

/** A window as the field's clock reads it: spray windows are given in IST, whatever the browser's zone. */
function sprayWindow(start: string, end: string): string {
  const format = new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Kolkata' });
  return format.formatRange(new Date(start), new Date(end));
}
