/** A field's boundary as the API gives it: GeoJSON in WGS84, positions [lon, lat]. */
export interface Boundary {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: unknown[];
}

/** A field as GET /v1/fields and GET /v1/fields/{id} answer it. */
export interface Field {
  id: string;
  farmId: string;
  farmerId: string;
  name: string;
  boundary: Boundary;
  areaHa: number;
  centroid: { lat: number; lon: number };
  /** [minLon, minLat, maxLon, maxLat] */
  bbox: [number, number, number, number];
  version: number;
  createdAt: string;
  updatedAt: string;
}
