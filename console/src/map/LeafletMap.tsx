import 'leaflet/dist/leaflet.css';
import '../styles/map.css';
import L from 'leaflet';
import { type ComponentChildren, createContext } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { useConsoleConfig } from '../config';
import { t, useLang } from '../i18n';

const MapContext = createContext<L.Map | undefined>(undefined);

/** The Leaflet map of the nearest <LeafletMap>, or undefined until it exists. Layers add themselves to it in an effect. */
export const useLeafletMap = (): L.Map | undefined => useContext(MapContext);

/**
 * A Leaflet map named "Map" for assistive technology, with the deployment's basemap. Polygons are SVG so
 * each is an element (tests and styles can find them). Without tiles (offline) the container's own light
 * background shows and the layers still draw. Children are layers (FieldPolygons, ImageOverlay…).
 */
export function LeafletMap({ class: className, children }: { class?: string; children?: ComponentChildren }) {
  const container = useRef<HTMLElement>(null);
  const [map, setMap] = useState<L.Map>();
  const { tileUrl, tileAttribution } = useConsoleConfig();
  const lang = useLang();

  useEffect(() => {
    const created = L.map(container.current!, { zoomControl: false, renderer: L.svg(), center: [22, 79], zoom: 5 });
    setMap(created);
    return () => created.remove();
  }, []);

  // The zoom buttons' names follow the console's language.
  useEffect(() => {
    if (!map) return;
    const zoom = L.control.zoom({ zoomInTitle: t('fields.map.zoomIn'), zoomOutTitle: t('fields.map.zoomOut') }).addTo(map);
    return () => void zoom.remove();
  }, [map, lang]);

  useEffect(() => {
    if (!map) return;
    // Leaflet fills {s} from its default subdomains (a, b, c).
    const tiles = L.tileLayer(tileUrl, { attribution: tileAttribution, maxZoom: 19 }).addTo(map);
    return () => void tiles.remove();
  }, [map, tileUrl, tileAttribution]);

  // Leaflet owns the container's children, so the layers (which render nothing themselves) sit beside it.
  return (
    <>
      <section class={className ? `leaflet-map ${className}` : 'leaflet-map'} ref={container} aria-label={t('fields.map.label')} />
      {map && <MapContext.Provider value={map}>{children}</MapContext.Provider>}
    </>
  );
}
