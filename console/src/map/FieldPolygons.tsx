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
  /**
   * Fill and outline of each field; the selected one is drawn thicker whatever this says. Leaflet merges a
   * restyle into the options a shape has, so an option that comes and goes (dashArray) must be named each time.
   */
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

const MARKER_WEIGHT = 1.5;

function markerOf(field: MapField, centre: L.LatLng, style: L.PathOptions, onClick: () => void): L.CircleMarker {
  const marker = L.circleMarker(centre, { ...style, className: 'field-marker', radius: 7, weight: MARKER_WEIGHT });
  marker.on('add', () => marker.getElement()?.setAttribute('data-field-marker', field.id));
  return marker.bindTooltip(field.name).on('click', onClick);
}

const SELECTED_STYLE: L.PathOptions = { color: '#0b57d0', weight: 4 };

/** A field's shapes on the map: its boundary's path(s), and the dot that stands for it when zoomed out. */
interface FieldShapes<F> {
  field: F;
  paths: L.Path[];
  marker: L.CircleMarker;
}

/**
 * Fields as SVG polygons. Each <path> carries `data-field-id` (and the class `field-polygon`) so tests,
 * styles and other code can tell the fields apart; the field's name is its tooltip. A new `styleOf`
 * (colours that came in) restyles the shapes in place: open popups, tooltips and the view stay.
 */
export function FieldPolygons<F extends MapField>({ fields, styleOf, selectedId, onSelect, popupOf, fit = true }: FieldPolygonsProps<F>) {
  const map = useLeafletMap();
  const shapes = useRef(new Map<string, FieldShapes<F>>());
  const fitted = useRef(false);
  const select = useRef(onSelect);
  select.current = onSelect;
  const styleNow = useRef(styleOf);
  styleNow.current = styleOf;

  useEffect(() => {
    if (!map) return;
    const group = L.featureGroup();
    const markers = L.featureGroup();
    shapes.current.clear();
    for (const field of fields) {
      // Drawn in their colours at once (the restyling effect below only runs after the first paint).
      const style = { ...BASE_STYLE, ...styleNow.current?.(field) };
      const layer = L.geoJSON(field.boundary, { style: { ...style, className: 'field-polygon' } });
      const paths: L.Path[] = [];
      // A Polygon or MultiPolygon boundary is one Leaflet path; its element exists once it is on the map.
      layer.eachLayer((path) => {
        paths.push(path as L.Path);
        path.on('add', () => (path as L.Path).getElement()?.setAttribute('data-field-id', field.id));
      });
      layer.bindTooltip(field.name, { sticky: true });
      layer.on('click', () => select.current?.(field));
      if (popupOf) layer.bindPopup(() => popupOf(field));
      group.addLayer(layer);
      const marker = markerOf(field, layer.getBounds().getCenter(), style, () => select.current?.(field));
      if (popupOf) marker.bindPopup(() => popupOf(field));
      markers.addLayer(marker);
      shapes.current.set(field.id, { field, paths, marker });
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
  }, [map, fields, popupOf, fit]);

  // Declared after the effect that draws the shapes, so it runs after it and styles the new ones too.
  useEffect(() => {
    for (const { field, paths, marker } of shapes.current.values()) {
      const selected = field.id === selectedId ? SELECTED_STYLE : {};
      const style = { ...BASE_STYLE, ...styleOf?.(field) };
      for (const path of paths) path.setStyle({ ...style, ...selected });
      marker.setStyle({ ...style, weight: MARKER_WEIGHT, ...selected });
      if (field.id === selectedId) {
        for (const path of paths) path.bringToFront();
        marker.bringToFront();
      }
    }
  }, [map, fields, styleOf, selectedId]);

  return null;
}
