/**
 * The markets module's face: mandi prices (Agmarknet), their trends, Minimum Support Prices, best
 * markets for a field and price alert rules. Its tables (commodities, agmarknet_commodity_names,
 * markets, market_prices, msp_prices, msp_sources, ingestion_runs, ingestion_rejections,
 * price_alert_rules, price_alerts) are read and written by its *-repository.ts files only.
 * price_alert_rules holds every kind of alert rule (/v1/alert-rules), price and beyond.
 */

// The routes, for the app.
export { alertRuleRoutes } from './alert-rule-routes.js';
export { bestMarketRoutes } from './best-markets.js';
export { ingestionRoutes } from './ingestion-routes.js';
export { marketRoutes } from './market-routes.js';
export { mspRoutes } from './msp-routes.js';
export { priceRoutes } from './price-routes.js';
export { trendRoutes } from './trend-routes.js';

// The price ingestion: its job for the worker, the CLI's backfill and the demo seed.
export { registerMarketPriceIngestion } from './ingestion-jobs.js';
export { backfillMarketPrices } from './backfill.js';
export { seedMarketPrices } from './ingestion.js';

// Alert rules of every kind, for the notifications module, which checks crop_health_drop and
// weather_risk and turns every alert into notifications; price crossings reach it as stored events.
export {
  ALERT_KINDS,
  alertRulesOfKind,
  findAlertRule,
  WEATHER_RISKS,
  type AlertKind,
  type AlertRuleRow,
  type WeatherRiskName,
} from './alert-rule-repository.js';
export { PRICE_THRESHOLD_EVENT, type PriceAlertEventData } from './price-alerts.js';

// A commodity's price trend, as GET /v1/market-prices/trends answers it.
export { cachedPriceTrend, priceTrend } from './trends.js';
