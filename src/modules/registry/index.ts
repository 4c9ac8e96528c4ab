/**
 * The field registry's face: farmers, farms, fields, crop cycles, soil tests and the sync feed.
 * The registry owns its tables (farmers, farms, fields, crop_cycles, soil_tests, registry_changes);
 * other modules read and write them only through what is exported here.
 */

// Routes, for the app.
export { cropCycleRoutes } from './crop-cycles/routes.js';
export { farmerImportRoutes } from './farmers/import-routes.js';
export { farmerRoutes } from './farmers/routes.js';
export { farmRoutes } from './farms/routes.js';
export { fieldExportRoutes } from './fields/export-routes.js';
export { fieldImportRoutes } from './fields/import-routes.js';
export { fieldRoutes } from './fields/routes.js';
export { soilTestRoutes } from './soil-tests/routes.js';
export { syncRoutes } from './sync/routes.js';

// Fields. Reading one field: findField for the field itself (boundary, centroid), fieldOwner for
// the field a record hangs off (its id and farmer).
export {
  alertFields,
  type AlertField,
  fieldBoundariesInBox,
  fieldCells,
  fieldOwner,
  fieldOwners,
  fieldsInCell,
  findField,
  insertField,
} from './fields/repository.js';
export { FieldPositions, fieldPositions, type FieldPosition } from './fields/positions.js';
export { parseNear } from './fields/schemas.js';
export { boxAround, measureBoundary } from './fields/service.js';

// An offline create (a client id; a retry returns the first record), for records other modules keep on fields.
export { createOnce } from './create-once.js';

// Crop cycles.
export { cropCycleOn, cropCyclesOfFields, insertCropCycle } from './crop-cycles/repository.js';

// The farmers' sealed columns, for data-key rotation.
export { REGISTRY_SEALED_COLUMNS } from './farmers/personal-data.js';

// Farmers, farms and soil tests, as the demo seed writes them.
export { insertFarmer } from './farmers/repository.js';
export { categoryOf } from './farmers/schemas.js';
export { findFarm, insertFarm } from './farms/repository.js';

// Farmers as messages reach them (notifications): name, language, phone; and the farmer a member signs in as.
export { farmerContacts, type FarmerContact } from './farmers/contacts.js';
export { farmerIdOfUser, farmerVisible } from './farmers/repository.js';
export { insertSoilTest } from './soil-tests/repository.js';
export { MEASUREMENTS, type Measurement } from './soil-tests/schemas.js';

// A farmer's eligibility profile, as scheme rules read it (schemes).
export {
  farmerEligibilityProfile,
  farmerEligibilityProfiles,
  type FarmerEligibilityProfile,
} from './farmers/eligibility-profile.js';
export { DECLARATIONS, type DeclarationName } from './farmers/profile.js';
