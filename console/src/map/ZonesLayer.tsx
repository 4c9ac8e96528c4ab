import L from 'leaflet';
import { useEffect } from 'preact/hooks';
import { formatNumber, t } from '../i18n';
import { useLeafletMap } from './LeafletMap';
import { type Zones, zoneColour } from './zones';

/** Zones ranked weakest first, each with its colour: what both the layer and the legend show. */
export function rankedZones(zones: Zones) {
  const ranked = [...zones.features].sort((a, b) => a.properties.mean - b.properties.mean);
  return ranked.map((feature, rank) => ({ feature, colour: zoneColour(rank, ranked.length) }));
}

/** The zones as coloured polygons above the field. */
export function ZonesLayer({ zones }: { zones: Zones }) {
  const map = useLeafletMap();
  useEffect(() => {
    if (!map) return;
    const group = L.featureGroup();
    for (const { feature, colour } of rankedZones(zones)) {
      L.geoJSON(feature, { style: { color: '#1b1f1c', weight: 1, fillColor: colour, fillOpacity: 0.75, className: 'zone-polygon' } })
        .bindTooltip(zoneText(feature.properties))
        .addTo(group);
    }
    group.addTo(map);
    return () => void group.remove();
  }, [map, zones]);
  return null;
}

export const zoneText = (zone: { zone: number; mean: number; areaHa: number }) =>
  t('fields.zones.zone', {
    zone: String(zone.zone),
    mean: formatNumber(zone.mean, { maximumFractionDigits: 2, minimumFractionDigits: 2 }),
    area: formatNumber(zone.areaHa, { maximumFractionDigits: 2 }),
  });

/** The legend beside the map: each zone's colour and its words, so colour is never the only cue. */
export function ZonesLegend({ zones }: { zones: Zones }) {
  return (
    <figure class="map-legend">
      <figcaption>{t('fields.zones.legend')}</figcaption>
      <ul>
        {rankedZones(zones).map(({ feature, colour }) => (
          <li key={feature.properties.zone}>
            <span class="swatch" style={{ background: colour }} aria-hidden="true" />
            {zoneText(feature.properties)}
          </li>
        ))}
      </ul>
    </figure>
  );
}
