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
  /** Fit the map to the fields when they change (default true). */
  fit?: boolean;
}

const BASE_STYLE: L.PathOptions = { color: '#1f6b3a', weight: 2, fillOpacity: 0.6 };
const SELECTED_STYLE: L.PathOptions = { color: '#0b57d0', weight: 4 };

/**
 * Fields as SVG polygons. Each <path> carries `data-field-id` (and the class `field-polygon`) so tests,
 * styles and other code can tell the fields apart; the field's name is its tooltip.
 */
export function FieldPolygons<F extends MapField>({ fields, styleOf, selectedId, onSelect, fit = true }: FieldPolygonsProps<F>) {
  const map = useLeafletMap();
  const layers = useRef(new Map<string, L.Path>());
  const select = useRef(onSelect);
  select.current = onSelect;

  useEffect(() => {
    if (!map) return;
    const group = L.featureGroup();
    layers.current.clear();
    for (const field of fields) {
      const layer = L.geoJSON(field.boundary, { style: { ...BASE_STYLE, className: 'field-polygon', ...styleOf?.(field) } });
      // A Polygon or MultiPolygon boundary is one Leaflet path; its element exists once it is on the map.
      layer.eachLayer((path) => {
        layers.current.set(field.id, path as L.Path);
        path.on('add', () => (path as L.Path).getElement()?.setAttribute('data-field-id', field.id));
      });
      layer.bindTooltip(field.name, { sticky: true });
      layer.on('click', () => select.current?.(field));
      group.addLayer(layer);
    }
    group.addTo(map);
    if (fit && fields.length > 0) map.fitBounds(group.getBounds(), { padding: [16, 16], maxZoom: 17 });
    return () => void group.remove();
  }, [map, fields, styleOf, fit]);

  useEffect(() => {
    const selected = selectedId ? layers.current.get(selectedId) : undefined;
    if (!selected) return;
    const previous = { color: selected.options.color, weight: selected.options.weight };
    selected.setStyle(SELECTED_STYLE).bringToFront();
    return () => void selected.setStyle(previous);
  }, [selectedId, fields, map]);

  return null;
}
