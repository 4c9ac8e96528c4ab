/**
 * The schemes module's face: government schemes for farmers, the shared catalogue (central and
 * state schemes, loaded from reference/schemes.csv) and each tenant's own. Its table `schemes` is
 * read and written by repository.ts only.
 */

// A scheme by id or code, and the catalogue's search, for other modules and the eligibility check.
export {
  findScheme,
  listSchemes,
  SCHEME_LEVELS,
  type RankedSchemeRow,
  type SchemeFilters,
  type SchemeLevel,
  type SchemeRow,
} from './repository.js';
