import L from 'leaflet';
import { useEffect, useRef } from 'preact/hooks';
import { useLeafletMap } from './LeafletMap';
import type { Boundary } from './types';

export interface MapField {
  id: string;
  name: string;
  boundary: Boundary;
}

export interface FieldPolygonsProps<F extends MapField> {
  fields: F[];
  /** Fill and outline of each field; the selected one is drawn thicker whatever this says. */
  styleOf?: (field: F) => L.PathOptions;
  selectedId?: string | undefined;
  onSelect?: (field: F) => void;
  /** What a click on the field opens in a popup (a link to the field's page, say). */
  popupOf?: (field: F) => HTMLElement;
  /** Fit the map to the fields once they are first there (default true); later changes (colours, a new field) leave the view alone. */
  fit?: boolean;
}

const BASE_STYLE: L.PathOptions = { color: '#1f6b3a', weight: 2, fillOpacity: 0.6 };
// From this zoom on (about 1 m a pixel) a field of a hectare is large enough to see as itself.
const MARKER_MAX_ZOOM = 14;

function markerOf(field: MapField, centre: L.LatLng, style: L.PathOptions, onClick: () => void): L.CircleMarker {
  const marker = L.circleMarker(centre, { ...style, className: 'field-marker', radius: 7, weight: 1.5 });
  marker.on('add', () => marker.getElement()?.setAttribute('data-field-marker', field.id));
  return marker.bindTooltip(field.name).on('click', onClick);
}

const SELECTED_STYLE: L.PathOptions = { color: '#0b57d0', weight: 4 };

/**
 * Fields as SVG polygons. Each <path> carries `data-field-id` (and the class `field-polygon`) so tests,
 * styles and other code can tell the fields apart; the field's name is its tooltip.
 */
export function FieldPolygons<F extends MapField>({ fields, styleOf, selectedId, onSelect, popupOf, fit = true }: FieldPolygonsProps<F>) {
  const map = useLeafletMap();
  const layers = useRef(new Map<string, L.Path[]>());
  const fitted = useRef(false);
  const select = useRef(onSelect);
  select.current = onSelect;

  useEffect(() => {
    if (!map) return;
    const group = L.featureGroup();
    const markers = L.featureGroup();
    layers.current.clear();
    for (const field of fields) {
      const style = { ...BASE_STYLE, className: 'field-polygon', ...styleOf?.(field) };
      const layer = L.geoJSON(field.boundary, { style });
      // A Polygon or MultiPolygon boundary is one Leaflet path; its element exists once it is on the map.
      layer.eachLayer((path) => {
        layers.current.set(field.id, [...(layers.current.get(field.id) ?? []), path as L.Path]);
        path.on('add', () => (path as L.Path).getElement()?.setAttribute('data-field-id', field.id));
      });
      layer.bindTooltip(field.name, { sticky: true });
      layer.on('click', () => select.current?.(field));
      if (popupOf) layer.bindPopup(() => popupOf(field));
      group.addLayer(layer);
      const marker = markerOf(field, layer.getBounds().getCenter(), style, () => select.current?.(field));
      if (popupOf) marker.bindPopup(() => popupOf(field));
      markers.addLayer(marker);
      layers.current.get(field.id)?.push(marker);
    }
    group.addTo(map);
    // Fields a few pixels wide (a district's view) get a dot at their centre, large enough to see and click.
    const showMarkers = () => (map.getZoom() < MARKER_MAX_ZOOM ? markers.addTo(map) : markers.remove());
    showMarkers();
    map.on('zoomend', showMarkers);
    if (fit && !fitted.current && fields.length > 0) {
      map.fitBounds(group.getBounds(), { padding: [16, 16], maxZoom: 17 });
      fitted.current = true;
    }
    return () => {
      map.off('zoomend', showMarkers);
      group.remove();
      markers.remove();
    };
  }, [map, fields, styleOf, popupOf, fit]);

  useEffect(() => {
    const selected = selectedId ? (layers.current.get(selectedId) ?? []) : [];
    const previous = selected.map((path) => ({ color: path.options.color, weight: path.options.weight }));
    for (const path of selected) path.setStyle(SELECTED_STYLE).bringToFront();
    return () => {
      for (const [i, path] of selected.entries()) path.setStyle(previous[i]!);
    };
  }, [selectedId, fields, styleOf, map]);

  return null;
}
