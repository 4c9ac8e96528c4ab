import { v7 as uuidv7 } from 'uuid';
import type { Cache } from '../../infra/cache/index.js';
import type { Db } from '../../infra/db/index.js';
import type { EventBus } from '../../infra/events/events.js';
import type { PriceCondition } from './alert-rule-repository.js';
import { placeMarkets } from './market-places.js';
import { loadMspTable, mspOn } from './msp-on-date.js';
import { addDays } from '../../lib/calendar.js';
import { pricesChanged } from './trends.js';

/**
 * The price-alert hook of the ingestion. After a run has stored its prices, every active price rule
 * of every tenant is checked against the newest price of each series (market, commodity, variety,
 * grade) on the days the run wrote:
 *
 * - a crossing is that price beyond the rule's line while the series' previous price was not
 *   (above: previous ≤ target < price; below: previous ≥ target > price; below_msp: previous ≥ the
 *   MSP of its own date and price < the MSP of its date); a series' first price crosses nothing;
 * - a price is checked only while it is its series' newest and its date is at most
 *   ALERT_MAX_AGE_DAYS old: a backfill of past months raises nothing;
 * - each crossing is stored once (price_alerts, unique per rule and price record) and only then
 *   announced as `market.price_threshold` on `tenant:<id>`, the rule's tenant and no other. A rerun
 *   stores and announces nothing new; an announcement lost with the bus is still in price_alerts.
 */

export const PRICE_THRESHOLD_EVENT = 'market.price_threshold';
/** A price older than this when it arrives is history, not news. */
export const ALERT_MAX_AGE_DAYS = 7;

interface Crossing {
  rule_id: string;
  tenant_id: string;
  rule_name: string | null;
  condition: PriceCondition;
  threshold: number | null;
  market_id: string;
  market: string;
  state: string;
  district: string;
  commodity: string;
  msp_crop: string | null;
  variety: string;
  grade: string;
  arrival_date: string;
  modal: number;
  previous_date: string;
  previous_modal: number;
}

export interface PriceAlertEventData {
  alertId: string;
  ruleId: string;
  ruleName: string | null;
  condition: PriceCondition;
  commodity: string;
  market: { id: string; name: string; state: string; district: string };
  variety: string;
  grade: string;
  arrivalDate: string;
  modalPriceInrPerQuintal: number;
  previous: { arrivalDate: string; modalPriceInrPerQuintal: number };
  /** The line crossed: the rule's target, or the MSP. */
  lineInrPerQuintal: number;
  msp: { marketingYear: string; variety: string | null; mspInrPerQuintal: number } | null;
}

type Raised = PriceAlertEventData & { tenantId: string };

export interface AlertOptions {
  /** The arrival days the run stored prices of. */
  days: string[];
  events?: EventBus;
  now?: Date;
}

export interface AfterStoreOptions extends AlertOptions {
  /** Whether the run inserted or updated any price (cached trends are then retired). */
  changed: boolean;
  cache?: Cache;
}

/** Checks the rules and returns the alerts raised (stored, and announced when there is a bus). */
export async function evaluatePriceAlerts(db: Db, options: AlertOptions): Promise<PriceAlertEventData[]> {
  const now = options.now ?? new Date();
  const oldest = addDays(now.toISOString().slice(0, 10), -ALERT_MAX_AGE_DAYS);
  const days = [...new Set(options.days)].filter((d) => d >= oldest);
  if (days.length === 0) return [];

  const raised = await db.platform(async (tx): Promise<Raised[]> => {
    const { rows: active } = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM price_alert_rules');
    if (Number(active[0]?.n ?? 0) === 0) return [];
    const { rows } = await tx.query<Crossing>(
      `WITH r AS (SELECT * FROM price_alert_rules),
       c AS (
         SELECT p.market_id, p.commodity, p.variety, p.grade, p.arrival_date, p.modal_price_inr_per_quintal AS modal, p.state, p.district
         FROM market_prices p
         WHERE p.arrival_date = ANY($1::date[]) AND p.commodity IN (SELECT commodity FROM r)
           AND NOT EXISTS (
             SELECT FROM market_prices q
             WHERE q.market_id = p.market_id AND q.commodity = p.commodity AND q.variety = p.variety AND q.grade = p.grade
               AND q.arrival_date > p.arrival_date))
       SELECT r.id AS rule_id, r.tenant_id, r.name AS rule_name, r.condition, r.threshold_inr_per_quintal::float8 AS threshold,
         c.market_id, m.name AS market, c.state, c.district, c.commodity, k.msp_crop, c.variety, c.grade,
         c.arrival_date::text AS arrival_date, c.modal::float8 AS modal,
         prev.arrival_date::text AS previous_date, prev.modal::float8 AS previous_modal
       FROM c
       JOIN markets m ON m.id = c.market_id
       JOIN commodities k ON k.code = c.commodity
       JOIN r ON r.commodity = c.commodity
         AND (r.market_id IS NULL OR r.market_id = c.market_id)
         AND (r.state IS NULL OR lower(r.state) IN (lower(c.state), lower(m.place_state)))
         AND (r.district IS NULL OR lower(r.district) IN (lower(c.district), lower(m.place_district)))
       CROSS JOIN LATERAL (
         SELECT q.arrival_date, q.modal_price_inr_per_quintal AS modal FROM market_prices q
         WHERE q.market_id = c.market_id AND q.commodity = c.commodity AND q.variety = c.variety AND q.grade = c.grade
           AND q.arrival_date < c.arrival_date
         ORDER BY q.arrival_date DESC LIMIT 1) prev`,
      [days],
    );
    if (rows.length === 0) return [];
    const msp = await loadMspTable(tx, [...new Set(rows.flatMap((r) => (r.condition === 'below_msp' && r.msp_crop ? [r.msp_crop] : [])))]);

    const alerts: Raised[] = [];
    for (const row of rows) {
      const modal = Number(row.modal);
      const previous = Number(row.previous_modal);
      let line: number;
      let applied: PriceAlertEventData['msp'] = null;
      if (row.condition === 'below_msp') {
        const current = row.msp_crop ? mspOn(msp, row.msp_crop, row.arrival_date) : null;
        const before = row.msp_crop ? mspOn(msp, row.msp_crop, row.previous_date) : null;
        if (!current || !before || !(modal < current.mspInrPerQuintal && previous >= before.mspInrPerQuintal)) continue;
        line = current.mspInrPerQuintal;
        applied = { marketingYear: current.marketingYear, variety: current.variety, mspInrPerQuintal: current.mspInrPerQuintal };
      } else {
        line = Number(row.threshold);
        const crossed = row.condition === 'above' ? previous <= line && modal > line : previous >= line && modal < line;
        if (!crossed) continue;
      }
      alerts.push({
        alertId: uuidv7(),
        ruleId: row.rule_id,
        ruleName: row.rule_name,
        condition: row.condition,
        commodity: row.commodity,
        market: { id: row.market_id, name: row.market, state: row.state, district: row.district },
        variety: row.variety,
        grade: row.grade,
        arrivalDate: row.arrival_date,
        modalPriceInrPerQuintal: modal,
        previous: { arrivalDate: row.previous_date, modalPriceInrPerQuintal: previous },
        lineInrPerQuintal: line,
        msp: applied,
        tenantId: row.tenant_id,
      });
    }
    if (alerts.length === 0) return [];
    const column = <T>(pick: (a: Raised) => T) => alerts.map(pick);
    const { rows: stored } = await tx.query<{ id: string }>(
      `INSERT INTO price_alerts (id, tenant_id, rule_id, market_id, commodity, variety, grade, arrival_date, modal_price_inr_per_quintal,
         previous_arrival_date, previous_modal_price_inr_per_quintal, line_inr_per_quintal)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::date[],
         $9::numeric[], $10::date[], $11::numeric[], $12::numeric[])
       ON CONFLICT (rule_id, market_id, commodity, variety, grade, arrival_date) DO NOTHING
       RETURNING id`,
      [
        column((a) => a.alertId), column((a) => a.tenantId), column((a) => a.ruleId), column((a) => a.market.id), column((a) => a.commodity),
        column((a) => a.variety), column((a) => a.grade), column((a) => a.arrivalDate), column((a) => a.modalPriceInrPerQuintal),
        column((a) => a.previous.arrivalDate), column((a) => a.previous.modalPriceInrPerQuintal), column((a) => a.lineInrPerQuintal),
      ],
    );
    const fresh = new Set(stored.map((s) => s.id));
    return alerts.filter((a) => fresh.has(a.alertId));
  });

  // Announced after the commit: what is on the bus is already stored.
  if (options.events) {
    for (const { tenantId, ...alert } of raised) {
      await options.events.publish(`tenant:${tenantId}`, { type: PRICE_THRESHOLD_EVENT, id: alert.alertId, at: new Date().toISOString(), data: alert });
    }
  }
  return raised.map(({ tenantId: _, ...alert }) => alert);
}

/**
 * What the ingestion does once a run's prices are stored: retire cached trends if prices changed,
 * place the markets it brought (their district's point) and check the price alert rules.
 */
export async function afterPricesStored(db: Db, options: AfterStoreOptions): Promise<{ marketsPlaced: number; priceAlerts: number }> {
  if (options.changed && options.cache) await pricesChanged(options.cache);
  const marketsPlaced = await db.platform((tx) => placeMarkets(tx));
  const alerts = await evaluatePriceAlerts(db, options);
  return { marketsPlaced, priceAlerts: alerts.length };
}
