import type { Polygon } from 'geojson';

/** A square of about 1 ha centred on (lat, lon), for tests that need some valid field. */
export const plot = (lat: number, lon: number): Polygon => {
  const d = 0.00045;
  return {
    type: 'Polygon',
    coordinates: [
      [
        [lon - d, lat - d],
        [lon + d, lat - d],
        [lon + d, lat + d],
        [lon - d, lat + d],
        [lon - d, lat - d],
      ],
    ],
  };
};
