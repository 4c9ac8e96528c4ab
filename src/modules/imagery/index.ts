/**
 * The imagery module's face: crop health from Sentinel-2 (vegetation analyses as jobs, their
 * results, series, maps and zones). Its tables (vegetation_analyses, vegetation_results) are read
 * and written by repository.ts only; pixels come from the process's ImagerySource (app.outside).
 */

// The routes, for the app.
export { vegetationAnalysisRoutes } from './routes.js';
export { vegetationMapRoutes } from './map-routes.js';

// Whether a job is about an analysis the caller may see (a farmer follows only their own).
export { analysesOfJobs, analysisOfJob } from './repository.js';

// The consumers and weekly schedule, for the job table.
export { registerImageryJobs } from './jobs.js';

// The demo seed's year of analyses, and the fields the offline twin covers (for the process container).
export { requestDemoAnalyses } from './demo.js';
export { fieldsWithCrops as syntheticCatalogFields } from './synthetic.js';
