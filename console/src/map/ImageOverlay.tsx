import L from 'leaflet';
import { useEffect } from 'preact/hooks';
import { useLeafletMap } from './LeafletMap';

/** An image (an object URL is fine) stretched over bounds [[south, west], [north, east]], beneath the polygons. */
export function ImageOverlay({ url, bounds, alt }: { url: string; bounds: L.LatLngBoundsExpression; alt: string }) {
  const map = useLeafletMap();
  useEffect(() => {
    if (!map) return;
    const overlay = L.imageOverlay(url, bounds, { alt, className: 'ndvi-overlay' }).addTo(map).bringToBack();
    return () => void overlay.remove();
  }, [map, url, bounds, alt]);
  return null;
}
