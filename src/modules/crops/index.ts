/**
 * The crop catalogue's face: its routes for the app, and the reads other modules make of it (the
 * table `crops` is read nowhere else).
 */
export { findCrop, listCrops, type Crop } from './catalogue.js';
export { cropRoutes } from './routes.js';
