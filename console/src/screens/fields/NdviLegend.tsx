import { t } from '../../i18n';
import { classRange, NDVI_CLASSES, NO_DATA_COLOUR } from './ndviClasses';

/** The map's colour key in words as well as colours. */
export function NdviLegend() {
  return (
    <figure class="map-legend">
      <figcaption>{t('fields.ndvi.legend')}</figcaption>
      <ul>
        {NDVI_CLASSES.map((c) => (
          <li key={c.colour}>
            <span class="swatch" style={{ background: c.colour }} aria-hidden="true" />
            {classRange(c)} {t(c.label)}
          </li>
        ))}
        <li>
          <span class="swatch swatch-no-data" style={{ background: NO_DATA_COLOUR }} aria-hidden="true" />
          {t('fields.ndvi.noData')}
        </li>
      </ul>
    </figure>
  );
}
