import { formatDate, formatNumber, type MessageKey, t } from '../../../i18n';
import { useApi } from '../../../ui/useApi';
import { Loaded, Panel, TableScroll } from './Panel';
import type { DailyWeather, Weather } from './types';

/** Rain above this many mm in a day is more than a shower (IMD calls 7.6 mm and more "moderate"). */
const RAINY_MM = 7.6;

/** The coming seven days at the field's centroid, one row a day, with a sky in words and a picture. */
export function WeatherPanel({ fieldId }: { fieldId: string }) {
  const weather = useApi<Weather>(`/v1/fields/${encodeURIComponent(fieldId)}/weather`);
  return (
    <Panel id="field-weather" title={t('field.weather.title')}>
      <Loaded state={weather}>
        {({ daily, source, stale }) => (
          <>
            <TableScroll label={t('field.weather.table')}>
              <table class="field-table weather-table">
                <thead>
                  <tr>
                    <th scope="col">{t('field.weather.day')}</th>
                    <th scope="col">{t('field.weather.sky')}</th>
                    <th scope="col">{t('field.weather.temperature')}</th>
                    <th scope="col">{t('field.weather.rain')}</th>
                    <th scope="col">{t('field.weather.wind')}</th>
                  </tr>
                </thead>
                <tbody>
                  {daily.slice(0, 7).map((day) => (
                    <tr key={day.date}>
                      <th scope="row">
                        {formatDate(day.date, { weekday: 'short' })}
                        <span class="field-subtle weather-date">{formatDate(day.date, { day: 'numeric', month: 'short' })}</span>
                      </th>
                      <td>
                        <Sky day={day} />
                      </td>
                      <td>{t('field.weather.maxMin', { max: whole(day.tMaxC), min: whole(day.tMinC) })}</td>
                      <td>{formatNumber(day.rainMm, { maximumFractionDigits: 1 })}</td>
                      <td>{whole(day.windKmh)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
            <p class="field-note">
              {source === 'synthetic' ? t('field.weather.synthetic') : t('field.weather.source', { source })}
              {stale && ` ${t('field.weather.stale')}`}
            </p>
          </>
        )}
      </Loaded>
    </Panel>
  );
}

function Sky({ day }: { day: DailyWeather }) {
  const [icon, words]: [string, MessageKey] =
    day.rainMm >= RAINY_MM ? ['🌧', 'field.weather.rainy'] : day.rainMm > 0 ? ['🌦', 'field.weather.showers'] : ['☀', 'field.weather.dry'];
  return (
    <span class="sky">
      <span aria-hidden="true">{icon}</span> {t(words)}
    </span>
  );
}

const whole = (value: number) => formatNumber(value, { maximumFractionDigits: 0 });
