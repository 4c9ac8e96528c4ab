import { useEffect, useMemo, useState } from 'preact/hooks';
import { formatDate, formatNumber, t } from '../i18n';
import { Problem } from '../ui/Problem';
import { FieldPolygons } from './FieldPolygons';
import { ImageOverlay } from './ImageOverlay';
import { LeafletMap } from './LeafletMap';
import { loadNdviImage, type NdviImage } from './ndviImage';
import type { Field } from './types';
import { usePolling } from './usePolling';
import { ZonesLayer, ZonesLegend } from './ZonesLayer';
import { loadZones, type ZonesAnswer } from './zones';

export type { Field } from './types';

const pendingDelay = (answer: { status: string; retryAfterSeconds?: number }) =>
  answer.status === 'pending' ? (answer as { retryAfterSeconds: number }).retryAfterSeconds : undefined;

type Hidden = { status: 'hidden' };
const HIDDEN: Hidden = { status: 'hidden' };

// The boundary as an outline only, so the NDVI image beneath shows through.
const outline = () => ({ fillOpacity: 0, color: '#1b1f1c', weight: 2 });

/**
 * One field on the map: its boundary, its newest clear NDVI image laid over it, and on request its
 * management zones with their legend. For the field's own page (`GET /v1/fields/{id}` gives `field`).
 */
export function FieldMapPanel({ field }: { field: Field }) {
  const [showZones, setShowZones] = useState(false);
  // One array per field, so the layer is not rebuilt on every render.
  const asList = useMemo(() => [field], [field]);
  // Zones cost the server a clustering of the scene: asked for only when the user ticks the box.
  const zones = usePolling<ZonesAnswer | Hidden>(
    (signal) => (showZones ? loadZones(field.id, signal) : Promise.resolve(HIDDEN)),
    [field.id, field.version, showZones],
    pendingDelay,
  );
  const image = usePolling<NdviImage>((signal) => loadNdviImage(field, signal), [field.id, field.version], pendingDelay);
  const imageUrl = image.status === 'ok' && image.data.status === 'ok' ? image.data.url : undefined;
  useEffect(() => () => imageUrl && URL.revokeObjectURL(imageUrl), [imageUrl]);

  return (
    <section class="field-map-panel">
      <LeafletMap class="field-map-panel-map">
        {image.status === 'ok' && image.data.status === 'ok' && (
          <ImageOverlay url={image.data.url} bounds={image.data.bounds} alt={ndviText(image.data.latest)} />
        )}
        <FieldPolygons fields={asList} styleOf={outline} />
        {zones.status === 'ok' && zones.data.status === 'ok' && <ZonesLayer zones={zones.data.zones} />}
      </LeafletMap>
      <div class="field-map-panel-status" aria-live="polite">
        {image.status === 'loading' && <p>{t('fields.ndvi.loading')}</p>}
        {image.status === 'error' && <Problem problem={image.problem} onRetry={image.reload} />}
        {image.status === 'ok' && <p>{imageStatusText(image.data)}</p>}
      </div>
      <label class="checkbox-label">
        <input type="checkbox" checked={showZones} onChange={(event) => setShowZones(event.currentTarget.checked)} />
        {t('fields.zones.toggle')}
      </label>
      <ZonesStatus zones={zones} />
    </section>
  );
}

const ndviText = (latest: { value: number; acquiredAt: string }) =>
  t('fields.ndvi.shown', {
    date: formatDate(latest.acquiredAt),
    value: formatNumber(latest.value, { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
  });

function imageStatusText(image: NdviImage): string {
  if (image.status === 'ok') return ndviText(image.latest);
  if (image.status === 'pending') return t('fields.ndvi.pending', { seconds: image.retryAfterSeconds });
  return t('fields.ndvi.none');
}

function ZonesStatus({ zones }: { zones: ReturnType<typeof usePolling<ZonesAnswer | Hidden>> }) {
  if (zones.status === 'loading') return <p role="status">{t('state.loading')}</p>;
  if (zones.status === 'error') return <Problem problem={zones.problem} onRetry={zones.reload} />;
  if (zones.data.status === 'pending') return <p role="status">{t('fields.ndvi.pending', { seconds: zones.data.retryAfterSeconds })}</p>;
  if (zones.data.status === 'none') return <p>{t('fields.zones.none')}</p>;
  if (zones.data.status === 'ok') return <ZonesLegend zones={zones.data.zones} />;
  return null;
}
