import { v7 as uuidv7 } from 'uuid';
import type { Cache } from '../../infra/cache/index.js';
import type { Db } from '../../infra/db/index.js';
import type { EventBus } from '../../infra/events/events.js';
import { raiseEvent } from '../realtime/index.js';
import { countAlertRules, findRuleCrossings, insertPriceAlerts, type PriceCondition } from './alert-rule-repository.js';
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
 * - each crossing is stored once (price_alerts, unique per rule and price record) and raised as
 *   `market.price_threshold` of the rule's tenant and no other, in the same transaction: the event
 *   stream holds exactly the stored alerts (a rule is the tenant's, so no farmer is named). A rerun
 *   stores and raises nothing new.
 */

export const PRICE_THRESHOLD_EVENT = 'market.price_threshold';
/** A price older than this when it arrives is history, not news. */
export const ALERT_MAX_AGE_DAYS = 7;

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
    if ((await countAlertRules(tx)) === 0) return [];
    const rows = await findRuleCrossings(tx, days);
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
    const fresh = new Set(
      await insertPriceAlerts(
        tx,
        alerts.map((a) => ({
          id: a.alertId,
          tenantId: a.tenantId,
          ruleId: a.ruleId,
          marketId: a.market.id,
          commodity: a.commodity,
          variety: a.variety,
          grade: a.grade,
          arrivalDate: a.arrivalDate,
          modalPriceInrPerQuintal: a.modalPriceInrPerQuintal,
          previousArrivalDate: a.previous.arrivalDate,
          previousModalPriceInrPerQuintal: a.previous.modalPriceInrPerQuintal,
          lineInrPerQuintal: a.lineInrPerQuintal,
        })),
      ),
    );
    const stored = alerts.filter((a) => fresh.has(a.alertId));
    if (options.events) {
      for (const { tenantId, ...alert } of stored) {
        await raiseEvent({ db, events: options.events }, { tenantId, type: PRICE_THRESHOLD_EVENT, data: { ...alert } }, tx);
      }
    }
    return stored;
  });

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
