// The public surface of the geometry library: validation of drawn field boundaries and their
// geodesic measures. The plane predicates in measure.ts stay internal.
export {
  BOUNDARY_LIMITS,
  GEOMETRY_RULES,
  INDIA_BBOX,
  looksSwappedForIndia,
  validateBoundary,
  type BoundaryValidation,
  type GeometryError,
  type GeometryRule,
  type ValidateBoundaryOptions,
} from './validate.js';
export {
  bbox,
  boundariesOverlap,
  centroid,
  distanceKm,
  geodesicAreaHa,
  type BBox,
  type Boundary,
  type LatLon,
} from './measure.js';
export { distanceToBoundaryM } from './nearness.js';
