/**
 * Crop insurance (PMFBY): the premium tool and crop-loss intimations. The module owns
 * pmfby_crop_classes and crop_loss_reports (migration 0025).
 */
export { cropLossReportRoutes } from './loss-report-routes.js';
export { pmfbyPremiumRoutes } from './premium-routes.js';
