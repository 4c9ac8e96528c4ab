/**
 * The schemes module's face: government schemes for farmers, the shared catalogue (central and
 * state schemes, loaded from reference/schemes.csv) and each tenant's own. Its table `schemes` is
 * read and written by repository.ts only.
 */

// The routes, for the app.
export { schemeRoutes } from './routes.js';

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

// Eligibility: the rule format (checked on every write of a scheme) and the routes that evaluate it.
export { EligibilityRule, parseEligibilityRule } from './eligibility/rule.js';
export { schemeEligibilityRoutes } from './eligibility/routes.js';

// Applications of farmers to schemes, their status history and its events.
export { schemeApplicationDocumentRoutes } from './applications/document-routes.js';
export { schemeApplicationRoutes, STATUS_CHANGED_EVENT } from './applications/routes.js';
