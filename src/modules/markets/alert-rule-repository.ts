import type { Tx } from '../../infra/db/index.js';

/**
 * Price alert rules (migration 0011): tenant-owned, read and written in `db.tenant(...)`
 * transactions, where row-level security keeps every statement inside the caller's tenant.
 */

export const PRICE_CONDITIONS = ['above', 'below', 'below_msp'] as const;
export type PriceCondition = (typeof PRICE_CONDITIONS)[number];

export interface AlertRuleRow {
  id: string;
  tenant_id: string;
  created_by: string | null;
  kind: 'price';
  name: string | null;
  commodity: string;
  condition: PriceCondition;
  threshold: number | null;
  market_id: string | null;
  state: string | null;
  district: string | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

const COLUMNS = `id, tenant_id, created_by, kind, name, commodity, condition, threshold_inr_per_quintal::float8 AS threshold,
  market_id, state, district, created_at, updated_at, version`;

export interface NewAlertRule {
  id: string;
  createdBy: string | null;
  name: string | null;
  commodity: string;
  condition: PriceCondition;
  threshold: number | null;
  marketId: string | null;
  state: string | null;
  district: string | null;
}

/** Inserts the rule unless its id exists (an offline client's retried create); undefined then. */
export async function insertAlertRule(tx: Tx, tenantId: string, rule: NewAlertRule): Promise<AlertRuleRow | undefined> {
  const { rows } = await tx.query<AlertRuleRow>(
    `INSERT INTO price_alert_rules (id, tenant_id, created_by, name, commodity, condition, threshold_inr_per_quintal, market_id, state, district)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (id) DO NOTHING
     RETURNING ${COLUMNS}`,
    [rule.id, tenantId, rule.createdBy, rule.name, rule.commodity, rule.condition, rule.threshold, rule.marketId, rule.state, rule.district],
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
