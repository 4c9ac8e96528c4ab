import L from 'leaflet';
import { useEffect, useRef } from 'preact/hooks';
import { TerraDraw, TerraDrawPolygonMode } from 'terra-draw';
import { TerraDrawLeafletAdapter } from 'terra-draw-leaflet-adapter';
import { useLeafletMap } from '../../map/LeafletMap';
import type { Boundary } from '../../map/types';

/**
 * Drawing one polygon on the map with terra-draw: click the corners, click the first corner again to
 * close it. `onDrawn` gets the closed ring as a GeoJSON Polygon; the drawing stays on the map (so a
 * refused one can be looked at) until this component unmounts or `generation` changes (redraw).
 */
export function DrawPolygon({ generation, onDrawn }: { generation: number; onDrawn: (boundary: Boundary) => void }) {
  const map = useLeafletMap();
  const drawn = useRef(onDrawn);
  drawn.current = onDrawn;

  useEffect(() => {
    if (!map) return;
    const draw = new TerraDraw({ adapter: new TerraDrawLeafletAdapter({ lib: L, map }), modes: [new TerraDrawPolygonMode()] });
    draw.start();
    draw.setMode('polygon');
    draw.on('finish', (id) => {
      const feature = draw.getSnapshot().find((f) => f.id === id);
      if (feature?.geometry.type !== 'Polygon') return;
      // One field at a time: the finished polygon stays visible but no second one starts.
      draw.setMode('static');
      drawn.current({ type: 'Polygon', coordinates: feature.geometry.coordinates });
    });
    return () => {
      draw.clear();
      draw.stop();
    };
  }, [map, generation]);

  return null;
}
