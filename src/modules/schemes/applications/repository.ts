import type { Tx } from '../../../infra/db/index.js';
import type { ApplicationStatus } from './status.js';

/** The owner of scheme_applications and scheme_application_history (migration 0025). */
export interface ApplicationRow {
  id: string;
  farmer_id: string;
  scheme_id: string;
  status: ApplicationStatus;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

export interface HistoryRow {
  application_id: string;
  seq: number;
  from_status: ApplicationStatus | null;
  to_status: ApplicationStatus;
  changed_by: string | null;
  changed_at: Date;
  note: string | null;
}

const COLUMNS = 'id, farmer_id, scheme_id, status, created_by, created_at, updated_at, version';

export async function findApplication(tx: Tx, id: string, lock = false): Promise<ApplicationRow | undefined> {
  const { rows } = await tx.query<ApplicationRow>(`SELECT ${COLUMNS} FROM scheme_applications WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [
    id,
  ]);
  return rows[0];
}

export async function insertApplication(
  tx: Tx,
  id: string,
  tenantId: string,
  values: { farmerId: string; schemeId: string; createdBy: string; note: string | null },
): Promise<ApplicationRow | undefined> {
  const { rows } = await tx.query<ApplicationRow>(
    `INSERT INTO scheme_applications (id, tenant_id, farmer_id, scheme_id, created_by) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (tenant_id, id) DO NOTHING RETURNING ${COLUMNS}`,
    [id, tenantId, values.farmerId, values.schemeId, values.createdBy],
  );
  const row = rows[0];
  if (row) await appendHistory(tx, tenantId, row.id, 1, null, 'draft', values.createdBy, values.note);
  return row;
}

async function appendHistory(
  tx: Tx,
  tenantId: string,
  applicationId: string,
  seq: number,
  from: ApplicationStatus | null,
  to: ApplicationStatus,
  by: string,
  note: string | null,
) {
  await tx.query(
    `INSERT INTO scheme_application_history (tenant_id, application_id, seq, from_status, to_status, changed_by, note)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [tenantId, applicationId, seq, from, to, by, note],
  );
}

/** Moves a locked application to `to` and records the change; the caller checked it is allowed. */
export async function changeStatus(
  tx: Tx,
  tenantId: string,
  current: ApplicationRow,
  to: ApplicationStatus,
  by: string,
  note: string | null,
): Promise<ApplicationRow> {
  const { rows } = await tx.query<ApplicationRow>(
    `UPDATE scheme_applications SET status = $2, updated_at = now(), version = version + 1 WHERE id = $1 RETURNING ${COLUMNS}`,
    [current.id, to],
  );
  const seq = await tx.query<{ next: number }>(
    'SELECT coalesce(max(seq), 0) + 1 AS next FROM scheme_application_history WHERE application_id = $1',
    [current.id],
  );
  await appendHistory(tx, tenantId, current.id, seq.rows[0]!.next, current.status, to, by, note);
  return rows[0]!;
}

export async function historyOf(tx: Tx, applicationIds: string[]): Promise<Map<string, HistoryRow[]>> {
  const { rows } = await tx.query<HistoryRow>(
    `SELECT application_id, seq, from_status, to_status, changed_by, changed_at, note
       FROM scheme_application_history WHERE application_id = ANY($1::uuid[]) ORDER BY application_id, seq`,
    [applicationIds],
  );
  const byApplication = new Map<string, HistoryRow[]>();
  for (const row of rows) byApplication.set(row.application_id, [...(byApplication.get(row.application_id) ?? []), row]);
  return byApplication;
}

export interface ApplicationFilter {
  schemeId?: string | undefined;
  status?: ApplicationStatus | undefined;
  farmerId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** Visible applications, newest first; the cursor is (created_at, id); from/to bound the day created (UTC). */
export async function listApplications(
  tx: Tx,
  filter: ApplicationFilter,
  after: [string, string] | undefined,
  limit: number,
): Promise<ApplicationRow[]> {
  const params: unknown[] = [limit];
  const where = ['true'];
  if (filter.schemeId) where.push(`scheme_id = $${params.push(filter.schemeId)}::uuid`);
  if (filter.status) where.push(`status = $${params.push(filter.status)}`);
  if (filter.farmerId) where.push(`farmer_id = $${params.push(filter.farmerId)}::uuid`);
  if (filter.from) where.push(`created_at >= $${params.push(filter.from)}::date`);
  if (filter.to) where.push(`created_at < $${params.push(filter.to)}::date + 1`);
  if (after) where.push(`(created_at, id) < ($${params.push(after[0])}::timestamptz, $${params.push(after[1])}::uuid)`);
  const { rows } = await tx.query<ApplicationRow>(
    `SELECT ${COLUMNS} FROM scheme_applications WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT $1`,
    params,
  );
  return rows;
}

export interface DocumentRow {
  id: string;
  application_id: string;
  name: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  storage_key: string;
  sha256: string;
  uploaded_by: string | null;
  uploaded_at: Date;
}

const DOCUMENT_COLUMNS = 'id, application_id, name, file_name, content_type, size_bytes, storage_key, sha256, uploaded_by, uploaded_at';

export async function insertDocument(
  tx: Tx,
  tenantId: string,
  d: Omit<DocumentRow, 'uploaded_at' | 'uploaded_by'> & { uploadedBy: string },
): Promise<DocumentRow> {
  const { rows } = await tx.query<DocumentRow>(
    `INSERT INTO scheme_application_documents (id, tenant_id, application_id, name, file_name, content_type, size_bytes, storage_key, sha256, uploaded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${DOCUMENT_COLUMNS}`,
    [d.id, tenantId, d.application_id, d.name, d.file_name, d.content_type, d.size_bytes, d.storage_key, d.sha256, d.uploadedBy],
  );
  return rows[0]!;
}

export async function documentsOf(tx: Tx, applicationId: string): Promise<DocumentRow[]> {
  const { rows } = await tx.query<DocumentRow>(
    `SELECT ${DOCUMENT_COLUMNS} FROM scheme_application_documents WHERE application_id = $1 ORDER BY uploaded_at, id`,
    [applicationId],
  );
  return rows;
}

export async function findDocument(tx: Tx, applicationId: string, id: string): Promise<DocumentRow | undefined> {
  const { rows } = await tx.query<DocumentRow>(
    `SELECT ${DOCUMENT_COLUMNS} FROM scheme_application_documents WHERE application_id = $1 AND id = $2`,
    [applicationId, id],
  );
  return rows[0];
}
