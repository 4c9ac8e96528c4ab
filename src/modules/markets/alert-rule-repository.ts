import type { Tx } from '../../infra/db/index.js';

/**
 * Owns `price_alert_rules` and `price_alerts` (migration 0011): tenant-owned. The rules routes read
 * and write them in `db.tenant(...)` transactions, where row-level security keeps every statement
 * inside the caller's tenant; the ingestion's check of every tenant's rules (price-alerts.ts) runs in
 * `db.platform(...)` and files each alert under its rule's tenant. findRuleCrossings also reads
 * market_prices, markets and commodities: it is a question about the rules, asked of the prices.
 *
 * Every kind of rule lives in this one table (migration 0020 added crop_health_drop, weather_risk
 * and job_finished), so /v1/alert-rules stays one list with one cursor and one owner. The price kind is
 * checked here, by the ingestion; the notifications module reads the other kinds through the
 * markets face (alertRulesOfKind, findAlertRule) and turns what fires into notifications. Markets
 * never calls notifications: a price alert reaches it as a stored `market.price_threshold` event.
 */

export const PRICE_CONDITIONS = ['above', 'below', 'below_msp'] as const;
export type PriceCondition = (typeof PRICE_CONDITIONS)[number];

/** The kinds of rule: price (checked by the price ingestion); crop_health_drop, weather_risk and job_finished (by notifications). */
export const ALERT_KINDS = ['price', 'crop_health_drop', 'weather_risk', 'job_finished'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
/** The advisories' weather risks (src/lib/agronomy/weather-risks.ts), by the same names. */
export const WEATHER_RISKS = ['heat', 'frost', 'heavy-rain', 'high-wind'] as const;
export type WeatherRiskName = (typeof WEATHER_RISKS)[number];
/** Where an alert goes: the inbox always, an SMS to each farmer recipient, the tenant's webhooks. */
export const ALERT_CHANNELS = ['inbox', 'sms', 'webhook'] as const;
export type AlertChannel = (typeof ALERT_CHANNELS)[number];
/** To whom: the member who made the rule, and the farmer of the field the alert is about. */
export const ALERT_RECIPIENTS = ['creator', 'farmer'] as const;
export type AlertRecipient = (typeof ALERT_RECIPIENTS)[number];

export interface AlertRuleRow {
  id: string;
  tenant_id: string;
  created_by: string | null;
  kind: AlertKind;
  name: string | null;
  commodity: string | null;
  condition: PriceCondition | null;
  threshold: number | null;
  market_id: string | null;
  state: string | null;
  district: string | null;
  field_id: string | null;
  farm_id: string | null;
  ndvi_drop: number | null;
  risks: WeatherRiskName[] | null;
  channels: AlertChannel[];
  recipients: AlertRecipient[];
  created_at: Date;
  updated_at: Date;
  version: number;
}

const COLUMNS = `id, tenant_id, created_by, kind, name, commodity, condition, threshold_inr_per_quintal::float8 AS threshold,
  market_id, state, district, field_id, farm_id, ndvi_drop::float8 AS ndvi_drop, risks, channels, recipients, created_at, updated_at, version`;

export interface NewAlertRule {
  id: string;
  kind: AlertKind;
  createdBy: string | null;
  name: string | null;
  commodity: string | null;
  condition: PriceCondition | null;
  threshold: number | null;
  marketId: string | null;
  state: string | null;
  district: string | null;
  fieldId: string | null;
  farmId: string | null;
  ndviDrop: number | null;
  risks: WeatherRiskName[] | null;
  channels: AlertChannel[];
  recipients: AlertRecipient[];
}

/** Inserts the rule unless its id exists (an offline client's retried create); undefined then. */
export async function insertAlertRule(tx: Tx, tenantId: string, rule: NewAlertRule): Promise<AlertRuleRow | undefined> {
  const { rows } = await tx.query<AlertRuleRow>(
    `INSERT INTO price_alert_rules (id, tenant_id, created_by, name, commodity, condition, threshold_inr_per_quintal, market_id, state, district,
       kind, field_id, farm_id, ndvi_drop, risks, channels, recipients)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::text[], $16::text[], $17::text[])
     ON CONFLICT (id) DO NOTHING
     RETURNING ${COLUMNS}`,
    [
      rule.id,
      tenantId,
      rule.createdBy,
      rule.name,
      rule.commodity,
      rule.condition,
      rule.threshold,
      rule.marketId,
      rule.state,
      rule.district,
      rule.kind,
      rule.fieldId,
      rule.farmId,
      rule.ndviDrop,
      rule.risks,
      rule.channels,
      rule.recipients,
    ],
  );
  return rows[0];
}

export async function findAlertRule(tx: Tx, id: string): Promise<AlertRuleRow | undefined> {
  return (await tx.query<AlertRuleRow>(`SELECT ${COLUMNS} FROM price_alert_rules WHERE id = $1`, [id])).rows[0];
}

/** Newest first (ids are UUIDv7), one page after the cursor id. */
export async function listAlertRules(tx: Tx, page: { before?: string; limit: number }): Promise<AlertRuleRow[]> {
  const params: unknown[] = [page.limit];
  const where = page.before ? 'WHERE id < $2::uuid' : '';
  if (page.before) params.push(page.before);
  return (await tx.query<AlertRuleRow>(`SELECT ${COLUMNS} FROM price_alert_rules ${where} ORDER BY id DESC LIMIT $1`, params)).rows;
}

export async function deleteAlertRule(tx: Tx, id: string): Promise<boolean> {
  return (await tx.query('DELETE FROM price_alert_rules WHERE id = $1', [id])).rowCount > 0;
}

/**
 * The rules of one kind, of every tenant in a platform transaction (or of `tenantId` only), for
 * whoever checks that kind: notifications for crop_health_drop, weather_risk and job_finished.
 */
export async function alertRulesOfKind(tx: Tx, kind: AlertKind, tenantId?: string): Promise<AlertRuleRow[]> {
  const params: unknown[] = [kind];
  if (tenantId) params.push(tenantId);
  const where = tenantId ? 'kind = $1 AND tenant_id = $2' : 'kind = $1';
  return (await tx.query<AlertRuleRow>(`SELECT ${COLUMNS} FROM price_alert_rules WHERE ${where} ORDER BY id`, params)).rows;
}

/** Price rules of every tenant, in a platform transaction: none means the ingestion has nothing to check. */
export async function countAlertRules(tx: Tx): Promise<number> {
  const { rows } = await tx.query<{ n: number }>("SELECT count(*)::int AS n FROM price_alert_rules WHERE kind = 'price'");
  return Number(rows[0]?.n ?? 0);
}

/** A rule that a series' newest price may have crossed: that price, the series' previous one, and the rule's line. */
export interface RuleCrossing {
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

/**
 * Each rule (of every tenant) paired with each price of its commodity and place arriving on one of
 * the days that is its series' (market, commodity, variety, grade) newest and has a previous price;
 * whether the line lies between the two is for the caller to judge.
 */
export async function findRuleCrossings(tx: Tx, days: string[]): Promise<RuleCrossing[]> {
  const { rows } = await tx.query<RuleCrossing>(
    `WITH r AS (SELECT * FROM price_alert_rules WHERE kind = 'price'),
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
  return rows;
}

export interface NewPriceAlert {
  id: string;
  tenantId: string;
  ruleId: string;
  marketId: string;
  commodity: string;
  variety: string;
  grade: string;
  arrivalDate: string;
  modalPriceInrPerQuintal: number;
  previousArrivalDate: string;
  previousModalPriceInrPerQuintal: number;
  lineInrPerQuintal: number;
}

/** Stores the alerts, each at most once per rule and price record; returns the ids of those new. */
export async function insertPriceAlerts(tx: Tx, alerts: NewPriceAlert[]): Promise<string[]> {
  const column = <T>(pick: (a: NewPriceAlert) => T) => alerts.map(pick);
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO price_alerts (id, tenant_id, rule_id, market_id, commodity, variety, grade, arrival_date, modal_price_inr_per_quintal,
       previous_arrival_date, previous_modal_price_inr_per_quintal, line_inr_per_quintal)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::date[],
       $9::numeric[], $10::date[], $11::numeric[], $12::numeric[])
     ON CONFLICT (rule_id, market_id, commodity, variety, grade, arrival_date) DO NOTHING
     RETURNING id`,
    [
      column((a) => a.id),
      column((a) => a.tenantId),
      column((a) => a.ruleId),
      column((a) => a.marketId),
      column((a) => a.commodity),
      column((a) => a.variety),
      column((a) => a.grade),
      column((a) => a.arrivalDate),
      column((a) => a.modalPriceInrPerQuintal),
      column((a) => a.previousArrivalDate),
      column((a) => a.previousModalPriceInrPerQuintal),
      column((a) => a.lineInrPerQuintal),
    ],
  );
  return rows.map((r) => r.id);
}
